// "My requests" of a big organisation (issue 18): one organisation with 50,000 requests, a third of them
// by the signed-in contact and the rest by five colleagues (half of theirs shared with the organisation),
// among as many requests of other organisations; the list's first page, a status filter and a search, one
// request at a time (latency), through a real participant session.
// `node tests/bench/my-requests.bench.mjs [--runs 3] [--samples 100]`: on a fresh database, dropped after.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchDatabase, median, percentile, repoRoot, startApi } from './support.mjs';

const require = createRequire(import.meta.url);

export const targets = {
  firstPage: { p95Ms: 100 },
  statusFilter: { p95Ms: 100 },
  search: { p95Ms: 100 },
};

const ORGANISATION_REQUESTS = 50_000;
const OTHER_REQUESTS = 50_000;
export const BENCH_CONTACT = { name: 'Олена Бенч', email: 'olena@bench-org.test' };
const COLLEAGUES = 5;
const SUBJECTS = ['Проблема з підписом заявки', 'Не працює вхід до платформи XMtrade', 'Помилка при поданні заявки на РДН', 'Сертифікат ключа не завантажується', 'Питання щодо реєстрації учасника', 'Не відображаються результати торгів', 'Зміна уповноваженої особи', 'Оновлення ключа КЕП'];
const STATUSES = ['resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'new', 'waiting_reply', 'replied', 'in_progress', 'on_hold'];
const lit = (values) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

/**
 * Set-based: the organisation and its contacts, then every request in one INSERT … SELECT from
 * generate_series with the tickets' triggers off (their counts and events are not what this measures),
 * tracking IDs as the queue's seed makes them (a bijection, so unique).
 */
export async function seedMyRequests(databaseUrl, { organisationRequests = ORGANISATION_REQUESTS, otherRequests = OTHER_REQUESTS, log = console.log } = {}) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const step = async (label, sql, params) => {
    const started = Date.now();
    const result = await db.query(sql, params);
    log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  try {
    await db.query(`SET synchronous_commit = off`);
    const { rows: [org] } = await db.query(`INSERT INTO organisations (name_uk, edrpou, default_visibility) VALUES ('ТОВ «Бенч»', '00000001', 'private') RETURNING id`);
    await db.query(`INSERT INTO organisations (name_uk, edrpou) SELECT 'ТОВ «Інша ' || g || '»', lpad((g + 1)::text, 8, '0') FROM generate_series(1, 50) g`);
    await db.query(
      `WITH c AS (INSERT INTO contacts (name, email) SELECT CASE WHEN g = 0 THEN $2 ELSE 'Колега ' || g END, CASE WHEN g = 0 THEN $3 ELSE 'colleague' || g || '@bench-org.test' END
                  FROM generate_series(0, $4::int) g RETURNING id)
       INSERT INTO organisation_contacts (organisation_id, contact_id) SELECT $1, id FROM c`,
      [org.id, BENCH_CONTACT.name, BENCH_CONTACT.email, COLLEAGUES],
    );
    await db.query(`ALTER TABLE tickets DISABLE TRIGGER USER`);
    await step(
      `${organisationRequests + otherRequests} requests`,
      `INSERT INTO tickets (id, number, tracking_id, subject, requester_name, requester_email, locale, status, priority, category_id, channel, created_at, updated_at, organisation_id, visibility)
       SELECT gen_random_uuid(), g, tid.value, (${lit(SUBJECTS)})[1 + g % ${SUBJECTS.length}] || ' №' || g,
              CASE WHEN mine THEN $2 ELSE 'Колега ' || (1 + g % $4::int) END,
              CASE WHEN ours AND mine THEN $3 WHEN ours THEN 'colleague' || (1 + g % $4::int) || '@bench-org.test' ELSE 'someone' || (g % 5000) || '@other' || (g % 50) || '.test' END,
              'uk', (${lit(STATUSES)})[1 + abs(hashtext(g::text)) % ${STATUSES.length}], 'medium', 1 + g % 4, 'web', d.created_at, d.created_at + (g % 240) * interval '1 hour',
              CASE WHEN ours THEN $1::int ELSE 2 + g % 50 END,
              CASE WHEN ours AND NOT mine AND g % 2 = 0 THEN 'organisation' ELSE 'private' END
       FROM generate_series(1, $5::int) g
       CROSS JOIN LATERAL (SELECT g <= $6::int AS ours, g % 3 = 0 AS mine, now() - (g % 1095) * interval '1 day' - (g % 86400) * interval '1 second' AS created_at) d
       CROSS JOIN LATERAL (
         SELECT substr(x, 1, 3) || '-' || substr(x, 4, 3) || '-' || substr(x, 7, 4) AS value
         FROM (SELECT string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + (n.v / (31::bigint ^ k)::bigint % 31)::int, 1), '' ORDER BY k) AS x
               FROM (SELECT ((g::numeric * 506558217496853 + 12345) % 819628286980801)::bigint AS v) n, generate_series(0, 9) k) digits
       ) tid`,
      [org.id, BENCH_CONTACT.name, BENCH_CONTACT.email, COLLEAGUES, organisationRequests + otherRequests, organisationRequests],
    );
    await db.query(`ALTER TABLE tickets ENABLE TRIGGER USER`);
    await db.query(`SELECT setval('ticket_number_seq', $1)`, [organisationRequests + otherRequests]);
    await step('analyze', `VACUUM ANALYZE tickets, contacts, organisation_contacts, organisations`);
    const { rows: [counts] } = await db.query(
      `SELECT count(*) FILTER (WHERE lower(requester_email) = $1)::int AS mine, count(*) FILTER (WHERE organisation_id = $2 AND visibility = 'organisation')::int AS shared FROM tickets`,
      [BENCH_CONTACT.email, org.id],
    );
    return counts;
  } finally {
    await db.end();
  }
}

/**
 * A participant session as the e-mailed link gives one: a link row stored as the API stores it (its
 * hash), redeemed over HTTP, so the measured calls go through the real session and CSRF-free reads.
 */
async function signIn(url, databaseUrl, email) {
  const token = randomBytes(32).toString('base64url');
  // Hashed by the API's own function, so a change in how it stores links shows here as a failed sign-in, not a wrong figure.
  const { sha256 } = require(`${repoRoot}/apps/api/dist/auth/credentials.js`);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`INSERT INTO participant_sign_in_links (token_hash, email, expires_at) VALUES ($1, $2, now() + interval '15 minutes')`, [sha256(token), email]);
  await db.end();
  const response = await fetch(`${url}/api/participant/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  if (!response.ok) throw new Error(`Bench participant sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.getSetCookie().find((c) => c.startsWith('pidtrymka_participant=')).split(';')[0];
}

async function timed(url, cookie, query) {
  const started = performance.now();
  const response = await fetch(`${url}/api/participant/requests?${new URLSearchParams(query)}`, { headers: { cookie } });
  const body = await response.json();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`My requests ${JSON.stringify(query)}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, total: body.total };
}

async function measure(url, cookie, queries, samples) {
  const times = [];
  for (let i = 0; i < samples; i++) times.push((await timed(url, cookie, queries[i % queries.length])).ms);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

export async function benchMyRequests(url, databaseUrl, { runs = 3, samples = 100, log = console.log } = {}) {
  const cookie = await signIn(url, databaseUrl, BENCH_CONTACT.email);
  const shapes = {
    firstPage: [{}],
    statusFilter: ['new', 'waiting_reply', 'replied', 'in_progress', 'on_hold', 'resolved'].map((status) => ({ status })),
    // A word of many subjects, a number of one, and part of a tracking ID.
    search: [{ q: 'підписом' }, { q: '№4242' }, { q: 'KEP' }, { q: 'XMtrade' }],
  };
  const totals = {};
  for (const [name, queries] of Object.entries(shapes)) totals[name] = (await timed(url, cookie, queries[0])).total;
  log(`  rows the participant sees: ${JSON.stringify(totals)}`);
  for (const queries of Object.values(shapes)) await measure(url, cookie, queries, queries.length * 3); // warm caches
  const results = Object.fromEntries(Object.keys(shapes).map((name) => [name, []]));
  for (let run = 1; run <= runs; run++) {
    for (const [name, queries] of Object.entries(shapes)) results[name].push(await measure(url, cookie, queries, samples));
    log(`  run ${run}: ${Object.entries(results).map(([name, list]) => `${name} p50 ${list.at(-1).p50.toFixed(1)} / p95 ${list.at(-1).p95.toFixed(1)} ms`).join(', ')}`);
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, list]) => [
      name,
      { p50Ms: +median(list.map((r) => r.p50)).toFixed(1), p95Ms: +median(list.map((r) => r.p95)).toFixed(1), runs: list.length, samplesPerRun: samples, firstQueryTotal: totals[name] },
    ]),
  );
}

export async function myRequestsSuite({ runs = 3, samples = 100, log = console.log } = {}) {
  const database = await benchDatabase('pidtrymka_bench_mine');
  if (!database) throw new Error('The my-requests benchmark seeds its database directly: it needs PostgreSQL on 127.0.0.1:5432 or BENCH_DATABASE_URL');
  // The built API migrates the empty database, and is the one measured.
  const api = await startApi({ DATABASE_URL: database.url, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', MAIL_IN_ENABLED: 'false', RATE_LIMIT_ENABLED: 'false' });
  try {
    log(`my-requests: API at ${api.url} on ${database.label}; seeding ${ORGANISATION_REQUESTS} requests of one organisation and ${OTHER_REQUESTS} of others…`);
    const seeded = await seedMyRequests(database.url, { log });
    log(`  the contact's own: ${seeded.mine}, colleagues' shared: ${seeded.shared}`);
    return { database: database.label, seeded, ...(await benchMyRequests(api.url, database.url, { runs, samples, log })) };
  } finally {
    await api.stop();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, samples: { type: 'string', default: '100' } } });
  const { database, seeded, ...measured } = await myRequestsSuite({ runs: Number(values.runs), samples: Number(values.samples) });
  console.log(`my-requests on ${database}`);
  for (const [name, figures] of Object.entries(measured)) {
    const goal = targets[name]?.p95Ms;
    console.log(`my-requests.${name}: ${JSON.stringify(figures)}${goal ? ` (target p95 ≤ ${goal} ms: ${figures.p95Ms <= goal ? 'met' : 'NOT met'})` : ''}`);
  }
}
