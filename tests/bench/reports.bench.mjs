// Reports at 1,000,000 requests (issue 19): the report and its export over HTTP, one request at a time
// (latency), on the queue bench's data with what reports read added to it (SLA clocks, reply ratings,
// organisations), after the refresh has worked out every request's figures.
// `node tests/bench/reports.bench.mjs [--runs 3] [--samples 30]`: on BENCH_QUEUE_DATABASE_URL or
// `pidtrymka_bench_queue`, seeded first when missing (see queue.seed.mjs).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import pg from 'pg';
import { BENCH_ADMIN, createQueueDatabase, seedQueue } from './queue.seed.mjs';
import { median, percentile, repoRoot, startApi } from './support.mjs';

const require = createRequire(import.meta.url);
export const BENCH_AGENT = { email: 'agent1@oree.test', password: 'bench-agent-password' };

export const targets = {
  monthByDay: { p95Ms: 1000 },
  yearByWeek: { p95Ms: 1000 },
  allByMonth: { p95Ms: 1000 },
  agentQuarter: { p95Ms: 1000 },
  exportYear: { p95Ms: 1000 },
};

/**
 * What the queue's seed lacks and reports read, added once (the SLA clocks mark it done): a stopped
 * first-response clock on each answered request and a resolution clock on each resolved one, some late;
 * a rating on a fifth of the replies; an organisation on one request in fifty; an agent who can sign in.
 */
async function seedForReports(databaseUrl, log) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT EXISTS (SELECT 1 FROM ticket_sla) AS done`);
    if (rows[0].done) return;
    const step = async (label, sql, params) => {
      const started = Date.now();
      await db.query(sql, params);
      log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };
    await db.query(`SET synchronous_commit = off`);
    const { hashSecret } = require(`${repoRoot}/apps/api/dist/auth/credentials.js`);
    await db.query(`UPDATE staff_accounts SET password_hash = $2 WHERE email = $1`, [BENCH_AGENT.email, await hashSecret(BENCH_AGENT.password)]);
    await step(
      'organisations',
      `INSERT INTO organisations (name_uk, edrpou) SELECT 'ТОВ «Компанія ' || g || '»', lpad(g::text, 8, '0') FROM generate_series(1, 300) g ON CONFLICT DO NOTHING`,
    );
    await db.query(`ALTER TABLE tickets DISABLE TRIGGER USER`);
    // Every updated row goes into each of the table's indexes again (the search GINs too): a few in fifty is what a seed can
    // afford, and the reports' cost is in the rows they read, not in how many groups those fall in.
    await step('requests of organisations', `UPDATE tickets SET organisation_id = 1 + number % 300 WHERE number % 50 = 0`);
    await db.query(`ALTER TABLE tickets ENABLE TRIGGER USER`);
    await step(
      'SLA clocks',
      `INSERT INTO ticket_sla (ticket_id, state)
       SELECT t.id, jsonb_build_object('paused', t.status = 'resolved', 'clocks', jsonb_strip_nulls(jsonb_build_object(
         'firstResponse', CASE WHEN r.at IS NOT NULL THEN jsonb_build_object('target', 540, 'spent', 0, 'runningSince', null, 'dueAt', null,
            'stoppedAt', to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            'breachedAt', CASE WHEN t.number % 7 = 0 THEN to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END) END,
         'resolution', CASE WHEN t.status = 'resolved' THEN jsonb_build_object('target', 2700, 'spent', 0, 'runningSince', null, 'dueAt', null,
            'stoppedAt', to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            'breachedAt', CASE WHEN t.number % 11 = 0 THEN to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END) END)))
       FROM tickets t
       LEFT JOIN LATERAL (SELECT min(m.created_at) AS at FROM messages m WHERE m.ticket_id = t.id AND m.author_type = 'staff' AND NOT m.is_internal) r ON true`,
    );
    await db.query(`ALTER TABLE messages DISABLE TRIGGER USER`);
    await step(
      'reply ratings',
      `UPDATE messages SET rating = CASE WHEN id % 25 = 0 THEN 'not_helpful' ELSE 'helpful' END, rated_at = created_at + interval '1 hour'
       WHERE author_type = 'staff' AND id % 5 = 0`,
    );
    await db.query(`ALTER TABLE messages ENABLE TRIGGER USER`);
    await step('analyze', `VACUUM ANALYZE tickets, messages, ticket_sla`);
  } finally {
    await db.end();
  }
}

async function refresh(databaseUrl, log) {
  const started = Date.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['apps/api/dist/reports/cli/refresh-reports.js'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    maxBuffer: 16 * 1024 * 1024,
  });
  log(`  ${stdout.trim()}`);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`VACUUM ANALYZE report_request_facts`);
  await db.end();
  return Date.now() - started;
}

async function signIn(url, credentials) {
  const response = await fetch(`${url}/api/staff/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  if (!response.ok) throw new Error(`Bench sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie').split(';')[0];
}

async function timed(url, cookie, path, query) {
  const started = performance.now();
  const response = await fetch(`${url}${path}?${new URLSearchParams(query)}`, { headers: { cookie } });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${path} ${JSON.stringify(query)}: ${response.status}`);
  return ms;
}

async function measure(url, cookie, path, queries, samples) {
  const times = [];
  for (let i = 0; i < samples; i++) times.push(await timed(url, cookie, path, queries[i % queries.length]));
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const day = (daysAgo) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const GROUPS = ['category', 'agent', 'priority', 'channel', 'organisation'];

export async function benchReports(url, { runs = 3, samples = 30, log = console.log } = {}) {
  const admin = await signIn(url, BENCH_ADMIN);
  const agent = await signIn(url, BENCH_AGENT);
  const shapes = {
    // The page's default: the last month, a point a day, each grouping in turn.
    monthByDay: [admin, '/api/staff/reports', GROUPS.map((groupBy) => ({ from: day(30), to: day(0), interval: 'day', groupBy }))],
    yearByWeek: [admin, '/api/staff/reports', GROUPS.map((groupBy) => ({ from: day(365), to: day(0), interval: 'week', groupBy }))],
    // Every one of the million requests in range.
    allByMonth: [admin, '/api/staff/reports', GROUPS.map((groupBy) => ({ from: day(1095), to: day(0), interval: 'month', groupBy }))],
    agentQuarter: [agent, '/api/staff/reports', GROUPS.map((groupBy) => ({ from: day(90), to: day(0), interval: 'week', groupBy }))],
    exportYear: [admin, '/api/staff/reports/export', ['volume', 'breakdown', 'backlog'].flatMap((table) => ['csv', 'xlsx'].map((format) => ({ from: day(365), to: day(0), interval: 'week', groupBy: 'agent', table, format })))],
  };
  for (const [cookie, path, queries] of Object.values(shapes)) await measure(url, cookie, path, queries, queries.length); // warm caches
  const results = Object.fromEntries(Object.keys(shapes).map((name) => [name, []]));
  for (let run = 1; run <= runs; run++) {
    for (const [name, [cookie, path, queries]] of Object.entries(shapes)) results[name].push(await measure(url, cookie, path, queries, samples));
    log(`  run ${run}: ${Object.entries(results).map(([name, list]) => `${name} p95 ${list.at(-1).p95.toFixed(0)} ms`).join(', ')}`);
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, list]) => [name, { p50Ms: +median(list.map((r) => r.p50)).toFixed(1), p95Ms: +median(list.map((r) => r.p95)).toFixed(1), runs: list.length, samplesPerRun: samples }]),
  );
}

export async function reportsSuite({ runs = 3, samples = 30, log = console.log } = {}) {
  let databaseUrl = process.env.BENCH_QUEUE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pidtrymka_bench_queue';
  const probe = new pg.Client({ connectionString: databaseUrl });
  const seeded = await probe.connect().then(async () => (await probe.query(`SELECT to_regclass('tickets') IS NOT NULL AS ok`)).rows[0].ok && (await probe.query(`SELECT count(*)::int AS n FROM tickets`)).rows[0].n > 0, () => false);
  await probe.end().catch(() => undefined);
  if (!seeded) {
    databaseUrl = await createQueueDatabase();
    const api = await startApi({ DATABASE_URL: databaseUrl, SCHEDULER_ENABLED: 'false' }); // migrates the empty database
    await api.stop();
    log('Seeding 1000000 requests…');
    await seedQueue({ url: databaseUrl });
  }
  log('Adding what reports read…');
  await seedForReports(databaseUrl, log);
  log('Working out every request\'s figures (npm run reports:refresh)…');
  const refreshMs = await refresh(databaseUrl, log);
  const api = await startApi({ DATABASE_URL: databaseUrl, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', MAIL_IN_ENABLED: 'false' });
  try {
    return { database: databaseUrl.replace(/\/\/[^@]*@/, '//'), refresh: { ms: refreshMs }, ...(await benchReports(api.url, { runs, samples, log })) };
  } finally {
    await api.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, samples: { type: 'string', default: '30' } } });
  const { database, ...measured } = await reportsSuite({ runs: Number(values.runs), samples: Number(values.samples) });
  console.log(`reports on ${database}`);
  for (const [name, figures] of Object.entries(measured)) {
    const goal = targets[name]?.p95Ms;
    console.log(`reports.${name}: ${JSON.stringify(figures)}${goal ? ` (target p95 ≤ ${goal} ms: ${figures.p95Ms <= goal ? 'met' : 'NOT met'})` : ''}`);
  }
}
