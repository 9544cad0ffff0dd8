// `node tests/bench/guard.mjs`: the short tickets benchmark .ci/run runs after the tests (issue 14). It
// measures PostgreSQL itself (pgbench) and the built API in the same run, prints both and their ratios,
// appends one line to tests/bench/results/history.jsonl, and fails when a ratio falls below its floor in
// guard-floors.json: set at half of what main measured, so noise does not fail it and a 2× slowdown does.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pgbenchBaseline } from './pgbench.mjs';
import { benchDatabase, repoRoot, startApi } from './support.mjs';
import { benchTickets } from './tickets.bench.mjs';

const seconds = Number(process.env.BENCH_GUARD_SECONDS ?? 4);
const runs = Number(process.env.BENCH_GUARD_RUNS ?? 3);
const server = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const floors = JSON.parse(await readFile(new URL('./guard-floors.json', import.meta.url), 'utf8'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const samples = [];
for (let run = 0; run < runs; run++) {
  const baseline = await pgbenchBaseline(server, { seconds });
  const database = await benchDatabase('pidtrymka_bench_guard');
  if (!database) throw new Error('The guard needs PostgreSQL on 127.0.0.1:5432 (or BENCH_DATABASE_URL)');
  const api = await startApi({ DATABASE_URL: database.url, API_WORKERS: process.env.API_WORKERS ?? 'auto' });
  try {
    const measured = await benchTickets(api.url, { duration: seconds, apiCpuMs: api.cpuMs });
    samples.push({ baseline, create: measured.create, view: measured.view });
  } finally {
    await api.stop();
    await database.drop();
  }
}
const figures = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  runs,
  seconds,
  createPerSecond: median(samples.map((s) => s.create.requestsPerSecond)),
  createP99Ms: median(samples.map((s) => s.create.p99Ms)),
  viewPerSecond: median(samples.map((s) => s.view.requestsPerSecond)),
  viewP99Ms: median(samples.map((s) => s.view.p99Ms)),
  // What one request costs the API in CPU: steadier than requests/s when the machine is shared.
  createApiCpuUs: median(samples.map((s) => s.create.apiCpuUsPerRequest)),
  viewApiCpuUs: median(samples.map((s) => s.view.apiCpuUsPerRequest)),
  // And PostgreSQL's: which side of the machine a ceiling is on.
  createDbCpuUs: median(samples.map((s) => s.create.dbCpuUsPerRequest)),
  viewDbCpuUs: median(samples.map((s) => s.view.dbCpuUsPerRequest)),
  pgInsertTps: median(samples.map((s) => s.baseline.insertTps)),
  pgReadTps: median(samples.map((s) => s.baseline.readTps)),
  errors: samples.reduce((n, s) => n + s.create.errors + s.view.errors + s.create.non2xx + s.view.non2xx, 0),
};
figures.createRatio = +(figures.createPerSecond / figures.pgInsertTps).toFixed(4);
figures.viewRatio = +(figures.viewPerSecond / figures.pgReadTps).toFixed(4);
console.log(`bench guard: create ${figures.createPerSecond}/s (p99 ${figures.createP99Ms} ms) = ${figures.createRatio} × pgbench's ${figures.pgInsertTps} tps; ` +
  `view ${figures.viewPerSecond}/s (p99 ${figures.viewP99Ms} ms) = ${figures.viewRatio} × pgbench's ${figures.pgReadTps} reads/s; ` +
  `CPU per request, API + PostgreSQL: create ${figures.createApiCpuUs} + ${figures.createDbCpuUs} µs, view ${figures.viewApiCpuUs} + ${figures.viewDbCpuUs} µs; medians of ${runs} runs of ${seconds} s`);
const dir = join(repoRoot, 'tests/bench/results');
await mkdir(dir, { recursive: true });
await appendFile(join(dir, 'history.jsonl'), `${JSON.stringify(figures)}\n`);
const failures = [];
if (figures.errors) failures.push(`${figures.errors} errors or non-2xx answers`);
if (figures.createRatio < floors.createRatio) failures.push(`create ratio ${figures.createRatio} < floor ${floors.createRatio}`);
if (figures.viewRatio < floors.viewRatio) failures.push(`view ratio ${figures.viewRatio} < floor ${floors.viewRatio}`);
if (failures.length) {
  console.error(`bench guard FAILED: ${failures.join('; ')} (floors in tests/bench/guard-floors.json)`);
  process.exit(1);
}
console.log(`bench guard passed (floors: create ${floors.createRatio}, view ${floors.viewRatio})`);
