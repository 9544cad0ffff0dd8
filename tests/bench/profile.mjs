// `node tests/bench/profile.mjs <page|create> [dir]`: where the API's CPU goes per request (issue 14).
// One API process (API_WORKERS=1) under V8's sampling profiler (--cpu-prof), driven like the tickets bench
// (50 connections, 10 s; PROFILE_SECONDS), then summarised by tests/bench/cpuprofile-summary.mjs over the
// measured window only (start, migrations and warm-up left out). RATE_LIMIT=1: rate limits on, with limits
// high enough never to refuse; FORWARDED=1: each connection comes through a proxy (X-Forwarded-For, 200 addresses).
import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { summarise } from './cpuprofile-summary.mjs';
import { benchDatabase, startApi } from './support.mjs';

const phase = process.argv[2] ?? 'page';
if (!['page', 'create'].includes(phase)) throw new Error('profile.mjs: page or create');
const dir = process.argv[3] ?? `/tmp/pidtrymka-cpu-profile/${phase}-${process.pid}`;
const duration = Number(process.env.PROFILE_SECONDS ?? 10);
const participant = {
  name: 'Тестовий контрагент',
  email: 'test_partner@oree.com.ua',
  subject: 'Проблема з підписом заявки',
  message: 'Доброго дня, назва компанії: ПП "ХВИЛЯ"\nНомер телефону: 0999999999\nПід час підписання видає помилку невалідний сертифікат.',
};
const run = (options) => new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));

const database = await benchDatabase('pidtrymka_bench_profile');
if (!database) throw new Error('profile.mjs: needs a PostgreSQL (BENCH_DATABASE_URL or 127.0.0.1:5432)');
const rateLimits = process.env.RATE_LIMIT ? { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_REQUESTS: '100000000', RATE_LIMIT_SUBMISSIONS: '100000000' } : {};
// 200 µs between samples: ~50,000 samples in 10 s, and little overhead.
const api = await startApi({ API_WORKERS: '1', DATABASE_URL: database.url, ...rateLimits }, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'] });
let window;
try {
  const post = { url: `${api.url}/api/tickets`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(participant) };
  await run({ ...post, connections: 10, duration: 2 });
  const created = await fetch(post.url, { method: 'POST', headers: post.headers, body: post.body }).then((r) => r.json());
  const page = { url: `${api.url}/api/tickets/${created.trackingId}?email=${encodeURIComponent(participant.email)}`, headers: {} };
  const load = phase === 'create' ? post : page;
  if (phase === 'page') await run({ ...page, connections: 10, duration: 2 });
  let client = 0;
  const setupClient = process.env.FORWARDED ? (c) => c.setHeaders({ ...load.headers, 'x-forwarded-for': `203.0.113.${(client++ % 200) + 1}` }) : undefined;
  const cpuBefore = await api.cpuMs();
  // The profile's clock is the monotonic one (µs) that process.hrtime reads too.
  const from = Number(process.hrtime.bigint() / 1000n);
  const result = await run({ ...load, connections: 50, duration, setupClient });
  const to = Number(process.hrtime.bigint() / 1000n);
  const cpuUs = ((await api.cpuMs()) - cpuBefore) * 1000;
  window = { from, to, requests: result['2xx'], processCpuUsPerRequest: Math.round(cpuUs / result['2xx']), non2xx: result.non2xx };
} finally {
  await api.stop(); // the profile is written as the API exits
  await database.drop();
}
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/window.json`, JSON.stringify(window));
console.log(`${phase}: ${window.requests} requests, ${window.non2xx} not 2xx, the process's CPU ${window.processCpuUsPerRequest} µs per request (profiled); profile in ${dir}`);
summarise(dir);
