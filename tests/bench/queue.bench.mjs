// The staff queue at 1,000,000 requests (issue 4): a filtered page and a full-text search over HTTP,
// one request at a time (latency, not throughput), several runs, medians reported.
// `node tests/bench/queue.bench.mjs [--seed] [--runs 5] [--samples 300]`: seeds `pidtrymka_bench_queue`
// first when asked or when it is missing (see queue.seed.mjs).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BENCH_ADMIN, BENCH_QUEUE_DB, createQueueDatabase, seedQueue } from './queue.seed.mjs';
import { median, percentile, startApi } from './support.mjs';

export const targets = {
  filteredPage: { p95Ms: 30 },
  search: { p95Ms: 150 },
  // Issue 14: the counts per status shown on every queue load, tag filters included.
  counts: { p95Ms: 30 },
};

async function signIn(url) {
  const response = await fetch(`${url}/api/staff/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) });
  if (!response.ok) throw new Error(`Bench sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie').split(';')[0];
}

async function timed(url, cookie, path, query) {
  const started = performance.now();
  const response = await fetch(`${url}${path}?${new URLSearchParams(query)}`, { headers: { cookie } });
  const body = await response.json();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${path} ${JSON.stringify(query)}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

async function measure(url, cookie, path, queries, samples) {
  const times = [];
  for (let i = 0; i < samples; i++) times.push((await timed(url, cookie, path, queries[i % queries.length])).ms);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}

/** Filters and searches an agent would use, with cursors of real second pages. */
async function workload(url, cookie, databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows: owners } = await db.query(`SELECT id FROM staff_accounts WHERE role = 'agent' ORDER BY email LIMIT 3`);
  const { rows: tags } = await db.query(`SELECT id, name FROM tags`);
  const tag = (name) => String(tags.find((t) => t.name === name).id);
  const { rows: sample } = await db.query(`SELECT tracking_id, number, requester_email, split_part(requester_name, ' ', 2) AS surname FROM tickets TABLESAMPLE SYSTEM (0.1) LIMIT 40`);
  await db.end();
  const month = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const filters = [
    { status: 'new,waiting_reply' },
    { status: 'new,waiting_reply,in_progress', categoryId: '2' },
    { owner: 'unassigned', status: 'new' },
    { owner: owners[0].id, status: 'in_progress,on_hold' },
    { priority: 'critical,high', status: 'new,waiting_reply,replied' },
    { updatedFrom: month },
    { status: 'resolved', categoryId: '3', sort: 'created' },
    { sort: 'priority', status: 'new' },
    { sort: 'number', order: 'asc', categoryId: '4' },
    {},
    // Issue 17: the tag filter, a common tag and a rare one, and two at once sorted by due time.
    { tag: tag('vip'), status: 'new,waiting_reply' },
    { tag: tag('рідкісна') },
    { tag: `${tag('vip')},${tag('кеп')}`, sort: 'due', order: 'asc', status: 'new,waiting_reply,in_progress' },
  ];
  // Second pages: the keyset cursor from each first page.
  const pages = [...filters];
  for (const filter of filters) {
    const { body } = await timed(url, cookie, '/api/staff/tickets', filter);
    if (body.nextCursor) pages.push({ ...filter, cursor: body.nextCursor });
  }
  const searches = [
    'сертиф', 'невалідний сертифікат', 'certificate', 'Шевченко', 'Прайм-17', 'XMtrade', 'кеш браузера', 'authorised representative',
    'solar.com', 'taras.41', 'заявк', 'гарантійний внесок', 'Ткачук Ірина', 'результати торгів повільно', 'Hvylia',
    ...sample.slice(0, 10).map((r) => r.tracking_id),
    ...sample.slice(10, 15).map((r) => String(r.number)),
    ...sample.slice(15, 25).map((r) => r.requester_email),
    ...sample.slice(25, 40).map((r) => r.surname).filter(Boolean),
  ];
  const searchQueries = searches.flatMap((q, i) => [{ q }, { q, status: i % 2 ? 'new,waiting_reply,replied,in_progress,on_hold' : 'resolved' }]);
  return { pages, searchQueries, filters };
}

export async function benchQueue(url, databaseUrl, { runs = 5, samples = 300, log = console.log } = {}) {
  const cookie = await signIn(url);
  const { pages, searchQueries, filters } = await workload(url, cookie, databaseUrl);
  await measure(url, cookie, '/api/staff/tickets', [...pages, ...searchQueries], 200); // warm caches and JIT
  const results = { filteredPage: [], search: [], counts: [] };
  for (let run = 1; run <= runs; run++) {
    results.filteredPage.push(await measure(url, cookie, '/api/staff/tickets', pages, samples));
    results.search.push(await measure(url, cookie, '/api/staff/tickets', searchQueries, samples));
    results.counts.push(await measure(url, cookie, '/api/staff/tickets/counts', filters.map(({ sort, order, ...f }) => f), Math.min(samples, 100)));
    log(`  run ${run}: page p95 ${results.filteredPage.at(-1).p95.toFixed(1)} ms, search p95 ${results.search.at(-1).p95.toFixed(1)} ms, counts p95 ${results.counts.at(-1).p95.toFixed(1)} ms`);
  }
  const summary = (list) => ({
    p50Ms: +median(list.map((r) => r.p50)).toFixed(1),
    p95Ms: +median(list.map((r) => r.p95)).toFixed(1),
    p99Ms: +median(list.map((r) => r.p99)).toFixed(1),
    runs: list.length,
    samplesPerRun: samples,
  });
  return { filteredPage: summary(results.filteredPage), search: summary(results.search), counts: summary(results.counts) };
}

/**
 * Measures on `pidtrymka_bench_queue` (or BENCH_QUEUE_DATABASE_URL), seeding
 * it first when it is empty or when asked: minutes for a million requests,
 * so the seeded database is kept for the next run.
 */
export async function queueSuite({ seed = false, runs = 5, samples = 300, count = 1_000_000, log = console.log } = {}) {
  let databaseUrl = process.env.BENCH_QUEUE_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${BENCH_QUEUE_DB}`;
  const probe = new pg.Client({ connectionString: databaseUrl });
  const seeded = await probe.connect().then(async () => (await probe.query(`SELECT to_regclass('tickets') IS NOT NULL AS ok`)).rows[0].ok && (await probe.query(`SELECT count(*)::int AS n FROM tickets`)).rows[0].n > 0, () => false);
  await probe.end().catch(() => undefined);
  if (seed || !seeded) {
    databaseUrl = await createQueueDatabase();
    const api = await startApi({ DATABASE_URL: databaseUrl, SCHEDULER_ENABLED: 'false' }); // migrates the empty database
    await api.stop();
    const started = Date.now();
    log(`Seeding ${count} requests…`);
    await seedQueue({ url: databaseUrl, count });
    log(`Seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const api = await startApi({ DATABASE_URL: databaseUrl, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', MAIL_IN_ENABLED: 'false' });
  try {
    return { database: databaseUrl.replace(/\/\/[^@]*@/, '//'), ...(await benchQueue(api.url, databaseUrl, { runs, samples, log })) };
  } finally {
    await api.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { seed: { type: 'boolean', default: false }, runs: { type: 'string', default: '5' }, samples: { type: 'string', default: '300' }, count: { type: 'string', default: '1000000' } } });
  const { database, ...measured } = await queueSuite({ seed: values.seed, runs: Number(values.runs), samples: Number(values.samples), count: Number(values.count) });
  console.log(`queue on ${database}`);
  for (const [name, figures] of Object.entries(measured)) {
    const goal = targets[name]?.p95Ms;
    console.log(`queue.${name}: ${JSON.stringify(figures)}${goal ? ` (target p95 ≤ ${goal} ms: ${figures.p95Ms <= goal ? 'met' : 'NOT met'})` : ''}`);
  }
}
