import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The signature inspector's package (issue 20), loaded by its path as PLUGINS names it until the workspace links it. */
export const SIGNATURE_INSPECTOR_PACKAGE = join(__dirname, '..', '..', '..', '..', 'plugins', 'signature-inspector');

export interface SignatureFixtures {
  document: Buffer;
  signingTime: string;
  trustList: Buffer;
  rsaAttached: Buffer;
  rsaDetached: Buffer;
  ecAttached: Buffer;
  ecDetached: Buffer;
  expired: Buffer;
  unknownCa: Buffer;
  asice: Buffer;
  /** DSTU 4145 / GOST 34.311 algorithm identifiers over an RSA certificate: read, never verified. */
  dstu: Buffer;
  asiceTampered: Buffer;
  tamperedAttached: Buffer;
  corrupted: Buffer;
  large?: Buffer;
}

/**
 * Makes a test CA, signers and signed files (plugins/signature-inspector/test/make-fixtures.js). PKI.js is
 * an ES module that Node requires natively but jest's CommonJS runtime cannot, so it runs in a worker thread.
 */
export function makeSignatureFixtures(options: { largeBytes?: number } = {}): Promise<SignatureFixtures> {
  const code = `const { parentPort, workerData } = require('node:worker_threads');
    require(workerData.path).makeFixtures(workerData.options).then((f) => parentPort.postMessage(f), (e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { path: join(SIGNATURE_INSPECTOR_PACKAGE, 'test', 'make-fixtures.js'), options } });
    worker.once('message', (message: Record<string, unknown>) => {
      void worker.terminate();
      if (typeof message.error === 'string') return reject(new Error(message.error));
      const fixtures = Object.fromEntries(Object.entries(message).map(([key, value]) => [key, value instanceof Uint8Array ? Buffer.from(value) : value]));
      resolve(fixtures as unknown as SignatureFixtures);
    });
    worker.once('error', reject);
  });
}
