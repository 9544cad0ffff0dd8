import { Writable } from 'node:stream';
import request from 'supertest';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'Correct-Horse-Battery-9' };
const WEBHOOK_SECRET = 'webhook-secret-that-must-not-leak';

interface LogLine {
  level: string;
  time: string;
  msg: string;
  reqId?: string;
  context?: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  [key: string]: unknown;
}

/** Collects the app's JSON log lines as pino writes them. */
class LogCapture extends Writable {
  readonly raw: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  get lines(): LogLine[] {
    return this.raw.map((line) => JSON.parse(line) as LogLine);
  }

  get text(): string {
    return this.raw.join('\n');
  }

  /** Every line written while the request with this id was handled, the access-log line included. */
  of(requestId: string): LogLine[] {
    return this.lines.filter((line) => line.reqId === requestId || line.req?.id === requestId);
  }
}

/** Structured logs (issue 8): JSON lines, a request id on each, and nothing a participant or a password would regret. */
describe('logs', () => {
  let t: TestApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    t = await createTestApp(
      { LOG_LEVEL: 'log', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, CMS_WEBHOOK_SECRET: WEBHOOK_SECRET, SCHEDULER_ENABLED: 'false' },
      { logDestination: logs },
    );
  });
  afterAll(() => t.close());

  it('are JSON lines with a level name and an ISO time, Nest\'s own logs included', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const line of logs.lines) {
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
      expect(new Date(line.time).toISOString()).toBe(line.time);
    }
    expect(logs.lines.some((line) => line.context === 'RoutesResolver')).toBe(true);
  });

  it('give every request an id, echoed in X-Request-Id and on each of its lines; a sane incoming id is kept', async () => {
    const generated = await t.http.get('/api/categories').expect(200);
    const id = generated.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [access] = logs.of(id);
    expect(access).toMatchObject({ level: 'info', reqId: id, req: { id, method: 'GET', url: '/api/categories' }, res: { statusCode: 200 } });
    expect(access.responseTime).toEqual(expect.any(Number));

    const kept = await t.http.get('/api/categories').set('X-Request-Id', 'edge-7f3a.42:1').expect(200);
    expect(kept.headers['x-request-id']).toBe('edge-7f3a.42:1');
    expect(logs.of('edge-7f3a.42:1')).toHaveLength(1);

    // An id that could forge a line or flood the log is replaced.
    const forged = await t.http.get('/api/categories').set('X-Request-Id', 'x"}{"level":"fatal').expect(200);
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.text).not.toContain('"level":"fatal"');
    const long = await t.http.get('/api/categories').set('X-Request-Id', 'a'.repeat(129)).expect(200);
    expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    // Even an answer of the body parser, before any route, has its id and its line.
    const malformed = await t.http.post('/api/tickets').set('Content-Type', 'application/json').send('{"name": ');
    expect(malformed.status).toBe(400);
    expect(logs.of(malformed.headers['x-request-id'])).toEqual([expect.objectContaining({ res: { statusCode: 400 } })]);
  });

  it('tag the lines an app component writes during a request with that request\'s id', async () => {
    // The CMS is unreachable in tests: the webhook's handler logs a warning while handling the request.
    const response = await t.http
      .post('/api/kb/webhooks/cms')
      .set('X-Pidtrymka-Webhook-Secret', WEBHOOK_SECRET)
      .send({ model: 'kb-article', entry: { documentId: 'abc' } });
    const lines = logs.of(response.headers['x-request-id']);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.find((line) => line.context === 'KnowledgeBase')).toMatchObject({ level: 'warn', msg: expect.stringContaining('Change notice not applied') });
    expect(logs.text).not.toContain(WEBHOOK_SECRET);
  });

  it('keep no password, session cookie, CSRF token or e-mail address of a sign-in', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const signIn = await agent.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
    const cookie = String(signIn.headers['set-cookie']).match(/pidtrymka_staff=([^;]+)/)![1];
    await agent.get('/api/staff/auth/session').set('X-CSRF-Token', signIn.body.csrfToken).expect(200);
    const failed = await request(t.app.getHttpServer()).post('/api/staff/auth/sign-in').send({ email: ADMIN.email, password: 'Wrong-Password-Guess-1' });
    expect(failed.status).toBe(401);

    expect(logs.of(signIn.headers['x-request-id'])).toHaveLength(1);
    expect(logs.text).not.toContain(ADMIN.password);
    expect(logs.text).not.toContain('Wrong-Password-Guess-1');
    expect(logs.text).not.toContain(cookie);
    expect(logs.text).not.toContain(signIn.body.csrfToken);
    // The admin's address is in the start-up line that created the account, and nowhere else.
    expect(logs.lines.filter((line) => line.msg?.includes(ADMIN.email)).map((line) => line.context)).toEqual(['Staff']);
  });

  it('keep no participant\'s e-mail, message, captcha answer or tracking link query of a request', async () => {
    const created = await t.http.post('/api/tickets').send({ ...participant, captchaAnswer: '31337' }).expect(201);
    const { trackingId } = created.body;
    // The link of the confirmation e-mail (e=) and the API's own (email=).
    await t.http.get(`/api/tickets/${trackingId}`).query({ email: participant.email }).expect(200);
    await t.http.get(`/api/tickets/${trackingId}?e=${encodeURIComponent(participant.email)}&track=${trackingId}`);

    const lines = [...logs.of(created.headers['x-request-id'])];
    expect(lines).toHaveLength(1);
    expect(lines[0].req).toEqual({ id: created.headers['x-request-id'], method: 'POST', url: '/api/tickets', ip: expect.any(String) });
    expect(logs.text).not.toContain(participant.email);
    expect(logs.text).not.toContain(encodeURIComponent(participant.email));
    expect(logs.text).not.toContain(participant.message.slice(0, 20));
    expect(logs.text).not.toContain('31337');
    expect(logs.text).not.toContain('?e=');
    expect(logs.text).not.toContain('email=');
  });
});
