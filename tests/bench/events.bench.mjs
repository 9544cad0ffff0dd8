// Domain events and outbound webhooks (issue 16) against the built API: what one active webhook
// endpoint adds to creating a request (the tickets create bench with none, then with one, in the
// same run, on the same database and process), and how many events per second the dispatcher
// hands to a local receiver. `node tests/bench/events.bench.mjs` runs it alone and prints JSON;
// run.mjs imports benchEvents (`--only=events`).
import { createServer } from 'node:http';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchDatabase, startApi } from './support.mjs';

const ADMIN = { email: 'bench-admin@oree.test', password: 'bench-admin-password-1' };
const EVENT_TYPES = ['ticket.created', 'message.added', 'message.rated', 'ticket.updated', 'ticket.merged', 'ticket.closed', 'ticket.reopened', 'mail.quarantined'];

const participant = {
  name: 'Тестовий контрагент',
  email: 'test_partner@oree.com.ua',
  subject: 'Проблема з підписом заявки',
  message: 'Доброго дня, назва компанії: ПП "ХВИЛЯ"\nНомер телефону: 0999999999\nПід час підписання видає помилку невалідний сертифікат.',
};

function run(options) {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A receiver that answers 200 at once and notes when each POST came. */
async function startReceiver() {
  const arrivals = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(performance.now());
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    arrivals,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The tickets bench's create: `connections` clients posting new requests for `duration` s, with the API's CPU per created request. */
async function create(api, { connections, duration }) {
  const before = await api.cpuMs();
  const result = await run({ url: `${api.url}/api/tickets`, method: 'POST', connections, duration, headers: { 'content-type': 'application/json' }, body: JSON.stringify(participant) });
  const after = await api.cpuMs();
  const ok = result['2xx'];
  return {
    requestsPerSecond: Math.round(ok / (result.duration || 1)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    apiCpuUsPerRequest: ok > 0 ? Math.round(((after - before) * 1000) / ok) : null,
  };
}

async function staffSession(apiUrl) {
  const response = await fetch(`${apiUrl}/api/staff/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (response.status !== 200) throw new Error(`bench: staff sign-in answered ${response.status}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('pidtrymka_staff='));
  const { csrfToken } = await response.json();
  return async (method, path, body) => {
    const answer = await fetch(`${apiUrl}${path}`, { method, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
    if (!answer.ok) throw new Error(`bench: ${method} ${path} answered ${answer.status}: ${await answer.text()}`);
    return answer.json();
  };
}

/**
 * `connections`/`duration`: each create run, as the tickets bench's. `backlog`:
 * events written straight into the database (`perRequest` for each of the
 * requests the create runs made, so the dispatcher's order per request holds
 * some back as it would in life) for the dispatch run.
 */
export async function benchEvents({ connections = 50, duration = 10, backlog = 5000, perRequest = 5 } = {}) {
  const database = await benchDatabase('pidtrymka_bench_events');
  if (!database) throw new Error('bench: the events benchmark needs a PostgreSQL it can reach (BENCH_DATABASE_URL or 127.0.0.1:5432)');
  const receiver = await startReceiver();
  const db = new pg.Client({ connectionString: database.url });
  let api;
  try {
    // As `npm start` runs it (one worker per core, as the tickets bench), the dispatcher on as in production.
    api = await startApi({
      API_WORKERS: 'auto',
      DATABASE_URL: database.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      EVENT_POLL_MS: '100',
    });
    await db.connect();
    const staff = await staffSession(api.url);
    console.log(`events: API at ${api.url} on ${database.label}, receiver at ${receiver.url}`);

    // Warm the pool and the JIT, then the same create run without, with, and again without an endpoint
    // (the database grows through the runs: the two "without" runs bracket the "with" one).
    await run({ url: `${api.url}/api/tickets`, method: 'POST', connections: 10, duration: 2, headers: { 'content-type': 'application/json' }, body: JSON.stringify(participant) });
    const before = await create(api, { connections, duration });
    const { webhook } = await staff('POST', '/api/staff/webhooks', { url: receiver.url, description: 'bench', eventTypes: EVENT_TYPES });
    const arrivedBefore = receiver.arrivals.length;
    const withEndpoint = await create(api, { connections, duration });
    const deliveredDuringCreate = receiver.arrivals.length - arrivedBefore;
    await staff('PATCH', `/api/staff/webhooks/${webhook.id}`, { enabled: false });
    const after = await create(api, { connections, duration });

    // Dispatch: with the endpoint off, a backlog is written (what the "with" run left undelivered, and
    // `backlog` more events over existing requests); then it is turned on and drained.
    const subscriber = `webhook:${webhook.id}`;
    await waitFor('no delivery in flight', async () => (await db.query(`SELECT count(*)::int AS n FROM event_deliveries WHERE status = 'sending'`)).rows[0].n === 0, 120_000);
    const requests = Math.ceil(backlog / perRequest);
    await db.query(
      `WITH written AS (
         INSERT INTO events (ticket_id, type, version, payload)
         SELECT t.id, 'message.added', 1, jsonb_build_object('messageId', gen_random_uuid(), 'authorType', 'participant', 'bench', g)
         FROM generate_series(1, $2::int) g JOIN LATERAL (SELECT id FROM tickets ORDER BY number OFFSET ((g - 1) % $3) LIMIT 1) t ON true
         ORDER BY g
         RETURNING id, ticket_id
       )
       INSERT INTO event_deliveries (subscriber, event_id, ticket_id) SELECT $1, id, ticket_id FROM written`,
      [subscriber, backlog, requests],
    );
    const { rows: [pending] } = await db.query(`SELECT count(*)::int AS n FROM event_deliveries WHERE subscriber = $1 AND status = 'pending'`, [subscriber]);
    const arrivedBeforeDrain = receiver.arrivals.length;
    const drainStarted = performance.now();
    await staff('PATCH', `/api/staff/webhooks/${webhook.id}`, { enabled: true });
    await waitFor(`${pending.n} deliveries`, async () => (await db.query(`SELECT count(*)::int AS n FROM event_deliveries WHERE subscriber = $1 AND status <> 'delivered'`, [subscriber])).rows[0].n === 0, 300_000);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const got = receiver.arrivals.slice(arrivedBeforeDrain);
    if (got.length < pending.n) throw new Error(`bench: the receiver got ${got.length} POSTs for ${pending.n} deliveries`);
    // From the first POST to the last: the dispatcher's rate, without the poll that notices the endpoint is on.
    const spanSeconds = (got[got.length - 1] - got[0]) / 1000;

    const noEndpoint = {
      requestsPerSecond: Math.round((before.requestsPerSecond + after.requestsPerSecond) / 2),
      p50Ms: (before.p50Ms + after.p50Ms) / 2,
      p99Ms: (before.p99Ms + after.p99Ms) / 2,
      apiCpuUsPerRequest: Math.round((before.apiCpuUsPerRequest + after.apiCpuUsPerRequest) / 2),
    };
    return {
      database: database.label,
      createNoEndpoint: { ...noEndpoint, runs: [before, after] },
      createWithEndpoint: { ...withEndpoint, deliveredDuringRun: deliveredDuringCreate, deliveredPerSecondDuringRun: Math.round(deliveredDuringCreate / duration) },
      createAddedCost: {
        requestsPerSecondRatio: +(withEndpoint.requestsPerSecond / noEndpoint.requestsPerSecond).toFixed(3),
        p50MsAdded: +(withEndpoint.p50Ms - noEndpoint.p50Ms).toFixed(2),
        p99MsAdded: +(withEndpoint.p99Ms - noEndpoint.p99Ms).toFixed(2),
        apiCpuUsPerRequestAdded: withEndpoint.apiCpuUsPerRequest - noEndpoint.apiCpuUsPerRequest,
      },
      dispatch: {
        events: pending.n,
        perRequest,
        eventsPerSecond: Math.round(got.length / spanSeconds),
        seconds: +spanSeconds.toFixed(3),
        drainSeconds: +drainSeconds.toFixed(3),
        posts: got.length,
      },
    };
  } finally {
    await api?.stop();
    await db.end().catch(() => {});
    await receiver.stop();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchEvents(), null, 2));
}
