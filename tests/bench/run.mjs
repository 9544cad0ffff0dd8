// `npm run bench [-- --only=tickets,start,kb,mail,queue,reports,events,my-requests]`: measures against the built API and writes tests/bench/results/latest.json.
// Not a test: figures depend on the machine; compare runs on the same machine, as ratios.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { benchDatabase, median, peakRssMb, repoRoot, startApi } from './support.mjs';
import { benchEvents } from './events.bench.mjs';
import { benchKb, targets as kbTargets } from './kb.bench.mjs';
import { benchMail, targets as mailTargets } from './mail.bench.mjs';
import { queueSuite, targets as queueTargets } from './queue.bench.mjs';
import { reportsSuite, targets as reportsTargets } from './reports.bench.mjs';
import { myRequestsSuite, targets as myRequestsTargets } from './my-requests.bench.mjs';
import { benchTickets, targets as ticketTargets } from './tickets.bench.mjs';
import { pgbenchBaseline } from './pgbench.mjs';
import { benchNodeFloor } from './node-floor.mjs';

const startTargets = { coldStart: { medianMs: 3000 } };
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (name) => !only || only.includes(name);
const results = { at: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, suites: {} };

function report(name, measured, targets) {
  for (const [key, figures] of Object.entries(measured)) {
    const target = targets?.[key] ?? {};
    const verdict = Object.entries(target)
      .map(([metric, goal]) => {
        const value = figures[metric];
        const ok = metric.toLowerCase().includes('persecond') ? value >= goal : value <= goal;
        return `${metric} ${value} (target ${metric.toLowerCase().includes('persecond') ? '≥' : '≤'} ${goal}: ${ok ? 'met' : 'NOT met'})`;
      })
      .join(', ');
    console.log(`${name}.${key}: ${JSON.stringify(figures)}${verdict ? `\n  ${verdict}` : ''}`);
  }
}

if (wants('tickets')) {
  const database = await benchDatabase();
  // As `npm start` runs it: one worker per core.
  const api = await startApi({ API_WORKERS: 'auto', ...(database ? { DATABASE_URL: database.url } : {}) });
  try {
    console.log(`tickets: API at ${api.url} on ${database?.label ?? 'the embedded PostgreSQL'}, 50 connections, 10 s each`);
    const { result: { page, ...measured }, peakRssMb: rss } = await peakRssMb(api, () => benchTickets(api.url, { apiCpuMs: api.cpuMs }));
    measured.memory = { peakRssMb: rss };
    if (database) {
      // The same read behind nothing but node:http and pg: what is left above the API's figure is the framework's.
      const floor = await benchNodeFloor(database.url, page.trackingId, page.email);
      measured.viewNodeFloor = { ...floor, apiShare: +(measured.view.requestsPerSecond / floor.requestsPerSecond).toFixed(3) };
    }
    // PostgreSQL's own figures for the same shapes, in the same run: the ratios compare across machines (issue 14).
    const baseline = database ? await pgbenchBaseline('postgres://postgres@127.0.0.1:5432/postgres').catch(() => null) : null;
    const ratios = baseline && { create: +(measured.create.requestsPerSecond / baseline.insertTps).toFixed(4), view: +(measured.view.requestsPerSecond / baseline.readTps).toFixed(4) };
    results.suites.tickets = { database: database?.label ?? 'embedded', ...measured, pgbench: baseline, ratios, targets: ticketTargets };
    report('tickets', measured, ticketTargets);
    if (ratios) console.log(`tickets vs pgbench: create ${ratios.create} × ${baseline.insertTps} tps (3-insert transactions), view ${ratios.view} × ${baseline.readTps} primary-key reads/s`);
  } finally {
    await api.stop();
    await database?.drop();
  }
}

if (wants('start')) {
  // Cold start on a database already migrated (the first start's migrations are not a restart's cost), median of 3.
  const database = await benchDatabase('pidtrymka_bench_start');
  const startOnce = async () => {
    const api = await startApi(database ? { DATABASE_URL: database.url } : {});
    await api.stop();
    return api.startMs;
  };
  try {
    const firstStartMs = await startOnce();
    const starts = [await startOnce(), await startOnce(), await startOnce()];
    const measured = { coldStart: { medianMs: median(starts), runsMs: starts, firstStartMs } };
    results.suites.start = { database: database?.label ?? 'embedded', ...measured, targets: startTargets };
    report('start', measured, startTargets);
  } finally {
    await database?.drop();
  }
}

if (wants('kb')) {
  const database = await benchDatabase('pidtrymka_bench_kb');
  if (!database) throw new Error('The kb benchmark seeds its database directly: it needs PostgreSQL on 127.0.0.1:5432 or BENCH_DATABASE_URL');
  const api = await startApi({ DATABASE_URL: database.url });
  try {
    console.log(`kb: API at ${api.url} on ${database.label}`);
    const measured = await benchKb(api.url, database.url);
    results.suites.kb = { database: database.label, ...measured, targets: kbTargets };
    report('kb', measured, kbTargets);
  } finally {
    await api.stop();
    await database.drop();
  }
}

if (wants('mail')) {
  const measured = await benchMail();
  results.suites.mail = { ...measured, targets: mailTargets };
  report('mail', { mailIn: measured.mailIn, outbox: measured.outbox, outboxFlood: measured.outboxFlood }, mailTargets);
}

if (wants('queue')) {
  const { database, ...measured } = await queueSuite();
  results.suites.queue = { database, ...measured, targets: queueTargets };
  report('queue', measured, queueTargets);
}

if (wants('reports')) {
  const { database, ...measured } = await reportsSuite();
  results.suites.reports = { database, ...measured, targets: reportsTargets };
  report('reports', measured, reportsTargets);
}

if (wants('events')) {
  const { database, ...measured } = await benchEvents();
  results.suites.events = { database, ...measured };
  report('events', measured);
}

if (wants('my-requests')) {
  const { database, seeded, ...measured } = await myRequestsSuite();
  results.suites.myRequests = { database, seeded, ...measured, targets: myRequestsTargets };
  report('my-requests', measured, myRequestsTargets);
}

const dir = join(repoRoot, 'tests/bench/results');
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWritten to tests/bench/results/latest.json`);
