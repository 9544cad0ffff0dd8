// What rate limits cost on the request page (50 connections for 10 s): RATE_LIMIT_STORE=database
// (submissions and look-ups shared in PostgreSQL, the cap on any request per process) against memory and off.
// `node tests/bench/rate-limits.bench.mjs` (BENCH_DATABASE_URL, else 127.0.0.1:5432); prints JSON.
import autocannon from 'autocannon';
import { benchDatabase, startApi } from './support.mjs';
const database = await benchDatabase('pidtrymka_bench_rate_limits');
if (!database) throw new Error('bench: needs a PostgreSQL it can reach (BENCH_DATABASE_URL or 127.0.0.1:5432)');
const url = database.url;
const run = (o) => new Promise((res, rej) => autocannon(o, (e, r) => (e ? rej(e) : res(r))));
const participant = { name: 'Тестовий контрагент', email: 'test_partner@oree.com.ua', subject: 'Проблема', message: 'Доброго дня' };
const out = {};
const high = { RATE_LIMIT_REQUESTS: '100000000', RATE_LIMIT_SUBMISSIONS: '100000000' };
const cases = [
  ['off', { RATE_LIMIT_ENABLED: 'false' }, true],
  ['memory, 50 client IPs', { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_STORE: 'memory', ...high }, true],
  ['database, 50 client IPs', { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_STORE: 'database', ...high }, true],
  ['database, one IP, under its limits', { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_STORE: 'database', ...high }, false],
  ['database, one IP flooding past RATE_LIMIT_REQUESTS=300', { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_STORE: 'database', RATE_LIMIT_SUBMISSIONS: '100' }, false],
];
for (const [label, env, manyIps] of cases) {
  const api = await startApi({ DATABASE_URL: url, MAIL_IN_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', ...env });
  const created = await (await fetch(`${api.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.250' }, body: JSON.stringify(participant) })).json();
  const viewUrl = `${api.url}/api/tickets/${created.trackingId}?email=${encodeURIComponent(participant.email)}`;
  let n = 0;
  const setupClient = manyIps ? (client) => client.setHeaders({ 'x-forwarded-for': `203.0.113.${(n++ % 50) + 1}` }) : undefined;
  await run({ url: viewUrl, connections: 10, duration: 2, setupClient });
  const r = await run({ url: viewUrl, connections: 50, duration: 10, setupClient });
  out[label] = { answersPerSecond: Math.round((r['2xx'] + r.non2xx) / r.duration), ok: r['2xx'], refused429: r.non2xx, p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
  await api.stop();
}
await database.drop();
console.log(JSON.stringify(out, null, 1));
