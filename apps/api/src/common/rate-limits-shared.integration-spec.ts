import TestAgent from 'supertest/lib/agent';
import { manualParticipant as participant } from '../testing/fixtures';
import { signInParticipant } from '../testing/participant-session';
import { createSecondInstance, createTestApp, TestApp } from '../testing/test-app';

const LIMITS = { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_SUBMISSIONS: '3', RATE_LIMIT_FAILED_LOOKUPS: '4', RATE_LIMIT_REQUESTS: '1000' };

describe('rate limits shared by every API instance (RATE_LIMIT_STORE=database)', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof createSecondInstance>>;

  beforeAll(async () => {
    a = await createTestApp(LIMITS);
    b = await createSecondInstance(a, LIMITS);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('submissions alternating between two instances count against one limit', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await (i % 2 ? b.http : a.http).post('/api/tickets').send(participant)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await a.http.post('/api/tickets').set('Accept-Language', 'en').send(participant).expect(429);
    expect(refused.body.message).toBe('Too many requests. Please try again a little later.');
    expect(Number(refused.headers['retry-after-submissions'])).toBeGreaterThan(0);
  });

  it('a client past its limit costs no database write on an instance that has seen the block', async () => {
    const ip = '198.51.100.9';
    const submit = (http: TestAgent) => http.post('/api/tickets').set('X-Forwarded-For', ip).send(participant);
    for (let i = 0; i < 3; i++) await submit(a.http).expect(201);
    await submit(a.http).expect(429);
    const version = async () => (await a.db.query(`SELECT xmin::text AS v, hits FROM rate_limit_counters WHERE throttler = 'submissions' AND blocked_until > now() ORDER BY blocked_until DESC LIMIT 1`))[0];
    const before = await version();
    for (let i = 0; i < 5; i++) await submit(a.http).expect(429);
    expect(await version()).toEqual(before);
    // The other instance learns of the block from the database.
    await submit(b.http).expect(429);
  });

  it('R-VIEW-3: failed look-ups on one instance block the IP on the other, for real IDs too', async () => {
    const [ticket] = await a.db.query('SELECT tracking_id FROM tickets LIMIT 1');
    const lookup = (http: TestAgent, id: string) => http.get(`/api/tickets/${id}`).query({ email: participant.email });
    await lookup(b.http, ticket.tracking_id).expect(200);

    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await lookup(i % 2 ? a.http : b.http, `AAA-AAA-AAA${'BCDEF'[i]}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 429]);
    expect((await lookup(a.http, ticket.tracking_id).expect(429)).body).toMatchObject({ code: 'too_many_lookups' });
    expect((await lookup(b.http, ticket.tracking_id).expect(429)).body).toMatchObject({ code: 'too_many_lookups' });
  });

  it('R-VIEW-3: a block only the database knows of refuses every kind of look-up, found in the look-up\'s own statement', async () => {
    const [ticket] = await a.db.query('SELECT tracking_id FROM tickets LIMIT 1');
    const session = await signInParticipant(a, participant.email, () => '198.51.100.20');
    // Blocked through the other instance, so this one learns of it from the database only.
    const blockOnB = async (ip: string) => {
      for (let i = 0; i < 5; i++) await b.http.get(`/api/tickets/AAA-AAA-AAA${'BCDEF'[i]}`).set('X-Forwarded-For', ip).query({ email: participant.email });
      expect((await b.db.query(`SELECT count(*)::int AS n FROM rate_limit_counters WHERE key = $1 AND blocked_until > now()`, [`failed-lookup:${ip}`]))[0].n).toBe(1);
    };
    const signedIn = (ip: string) => a.http.get(`/api/participant/requests/${ticket.tracking_id}`).set('X-Forwarded-For', ip).set('Cookie', session.cookie);
    await signedIn('198.51.100.21').expect(200);
    await blockOnB('198.51.100.21');
    expect((await signedIn('198.51.100.21').expect(429)).body).toMatchObject({ code: 'too_many_lookups' });
    await blockOnB('198.51.100.22');
    const reply = await a.http.post(`/api/tickets/${ticket.tracking_id}/replies`).set('X-Forwarded-For', '198.51.100.22').send({ email: participant.email, message: 'x' });
    expect(reply.status).toBe(429);
    expect(reply.body).toMatchObject({ code: 'too_many_lookups' });
    await blockOnB('198.51.100.23');
    const page = () => a.http.get(`/api/tickets/${ticket.tracking_id}`).set('X-Forwarded-For', '198.51.100.23').query({ email: participant.email });
    expect((await page().expect(429)).body).toMatchObject({ code: 'too_many_lookups' });
    // Then known in this process too: refused before anything is read.
    expect((await page().expect(429)).body).toMatchObject({ code: 'too_many_lookups' });
    await signedIn('198.51.100.24').expect(200);
  });

  it('count concurrent hits from both instances exactly (one atomic upsert per hit)', async () => {
    // A fresh client IP per test: the limits are per IP, and X-Forwarded-For is believed from loopback (TRUST_PROXY).
    const ip = '198.51.100.7';
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? b.http : a.http).post('/api/tickets').set('X-Forwarded-For', ip).send(participant).then((r) => r.status)),
    );
    expect(results.filter((s) => s === 201)).toHaveLength(3);
    expect(results.filter((s) => s === 429)).toHaveLength(17);
  });

  it('forget counters whose window is over (the rate-limit-sweep job)', async () => {
    await a.db.query(`UPDATE rate_limit_counters SET window_ends_at = now() - interval '1 second', blocked_until = NULL`);
    const before = (await a.db.query('SELECT count(*)::int AS n FROM rate_limit_counters'))[0].n;
    expect(before).toBeGreaterThan(0);
    await a.db.query(`INSERT INTO rate_limit_counters (key, throttler, hits, window_ends_at) VALUES ('live', 'default', 1, now() + interval '1 minute')`);
    const { RATE_LIMIT_STORAGE } = await import('./rate-limit-storage.module');
    expect(await a.app.get(RATE_LIMIT_STORAGE).sweep()).toBe(before);
    expect(await a.db.query('SELECT key FROM rate_limit_counters')).toEqual([{ key: 'live' }]);
    // A window that is over starts again from one hit.
    await a.http.post('/api/tickets').set('X-Forwarded-For', '198.51.100.8').send(participant).expect(201);
  });
});

describe('the per-IP cap on any request (RATE_LIMIT_STORE=database)', () => {
  it('counts in each process, with no database write per request', async () => {
    const env = { ...LIMITS, RATE_LIMIT_REQUESTS: '3' };
    const a = await createTestApp(env);
    const b = await createSecondInstance(a, env);
    try {
      const onA = [];
      for (let i = 0; i < 4; i++) onA.push((await a.http.get('/api/categories')).status);
      expect(onA).toEqual([200, 200, 200, 429]);
      await b.http.get('/api/categories').expect(200);
      const counters = await a.db.query(`SELECT count(*)::int AS n FROM rate_limit_counters WHERE throttler = 'default'`);
      expect(counters[0].n).toBe(0);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('rate limits in memory (RATE_LIMIT_STORE=memory)', () => {
  it('count per instance: each of two instances allows the whole limit', async () => {
    const env = { ...LIMITS, RATE_LIMIT_STORE: 'memory' };
    const a = await createTestApp(env);
    const b = await createSecondInstance(a, env);
    try {
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await (i % 2 ? b.http : a.http).post('/api/tickets').send(participant)).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429, 429]);
      expect((await a.db.query('SELECT count(*)::int AS n FROM rate_limit_counters'))[0].n).toBe(0);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
