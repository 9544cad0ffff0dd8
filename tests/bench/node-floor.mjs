// The floor of any Node.js design for the request page (issue 14): the API's own SQL (a named prepared
// statement) behind nothing but node:http and pg, measured like the API. The API's figure over this one is
// what the framework (Nest, Express, validation, guards, logging, metrics) costs; what is left above it is
// Node's HTTP, pg and the loopback sockets, which no change inside the API removes.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { repoRoot } from './support.mjs';

const { PARTICIPANT_VIEW } = createRequire(import.meta.url)(join(repoRoot, 'apps/api/dist/tickets/tickets.repository.js'));

/** Requests per second of the bare read of `trackingId`'s page, `connections` at once for `duration` s. */
export async function benchNodeFloor(databaseUrl, trackingId, email, { connections = 50, duration = 10 } = {}) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://floor');
    try {
      const { rows } = await pool.query({ name: 'participant-view', text: PARTICIPANT_VIEW, values: [url.pathname.slice(1), url.searchParams.get('email'), null, null] });
      const body = JSON.stringify(rows[0] ?? null);
      response.writeHead(rows[0] ? 200 : 404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/${trackingId}?email=${encodeURIComponent(email)}`;
    const first = await fetch(url);
    if (!first.ok || (await first.json()).trackingId !== trackingId) throw new Error(`The floor's server did not read ${trackingId}`);
    const run = (seconds, count) => new Promise((resolve, reject) => autocannon({ url, connections: count, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result))));
    await run(2, 10);
    const result = await run(duration, connections);
    return { requestsPerSecond: Math.round(result['2xx'] / (result.duration || 1)), p99Ms: result.latency.p99 };
  } finally {
    server.close();
    await pool.end();
  }
}
