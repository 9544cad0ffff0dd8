// A free TCP port on 127.0.0.1 for a server a test or benchmark starts.
// CommonJS, so that jest's runtime and plain ES modules can both load it.
const { createServer } = require('node:net');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

module.exports = { freePort };
