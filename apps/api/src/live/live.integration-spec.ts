import { get, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import type { LivePresenceEvent, LiveTicketEvent } from '@pidtrymka/contracts';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { manualParticipant as participant } from '../testing/fixtures';
import { createSecondInstance, createTestApp, TestApp } from '../testing/test-app';
import { LiveFeed } from './live-feed.service';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const KEYS_CATEGORY = 3;
const OTHER_CATEGORY = 1;

jest.setTimeout(60_000);

interface Session {
  http: TestAgent;
  csrf: string;
  cookie: string;
  id: string;
}

interface Heard {
  event: string;
  data: string;
}

/** A page's EventSource, as plain HTTP: what the stream sent, and a way to wait for something. */
class StreamReader {
  readonly heard: Heard[] = [];
  private waiters: (() => void)[] = [];
  private constructor(readonly response: IncomingMessage) {
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
        const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
        this.heard.push({ event, data });
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    response.on('end', () => this.waiters.splice(0).forEach((wake) => wake()));
  }

  static open(url: string, cookie: string): Promise<StreamReader> {
    return new Promise((resolve, reject) => {
      get(url, { headers: { cookie, accept: 'text/event-stream' } }, (response) => resolve(new StreamReader(response))).on('error', reject);
    });
  }

  get ended(): boolean {
    return this.response.complete || this.response.destroyed;
  }

  tickets(): LiveTicketEvent[] {
    return this.heard.filter((h) => h.event === 'ticket').map((h) => JSON.parse(h.data) as LiveTicketEvent);
  }

  presences(): LivePresenceEvent[] {
    return this.heard.filter((h) => h.event === 'presence').map((h) => JSON.parse(h.data) as LivePresenceEvent);
  }

  async until<T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`The stream did not bring ${what} within ${ms} ms; it brought ${JSON.stringify(this.heard)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): void {
    this.response.destroy();
  }
}

/**
 * Issue 17: the workspace hears of every change as it happens, from whichever
 * instance made it, and only of requests the agent may see; ids, never words.
 */
describe('live workspace: server-sent events from the domain events, presence through LISTEN/NOTIFY (issue 17)', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof createSecondInstance>>;
  let urlA: string;
  let admin: Session;
  let keysAgent: Session;
  let keysColleague: Session;
  let otherAgent: Session;
  const streams: StreamReader[] = [];

  async function signIn(app: TestApp['app'], credentials: { email: string; password: string }): Promise<Session> {
    const http = request.agent(app.getHttpServer());
    const response = await http.post('/api/staff/auth/sign-in').send(credentials).expect(200);
    const cookie = (response.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    return { http, csrf: response.body.csrfToken, cookie, id: response.body.staff.id };
  }
  async function agent(email: string, name: string, categoryIds: number[]): Promise<Session> {
    await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ email, name, password: `${email}-password`, role: 'agent', categoryIds }).expect(201);
    return signIn(a.app, { email, password: `${email}-password` });
  }
  const listen = async (session: Session) => {
    const stream = await StreamReader.open(`${urlA}/api/staff/live`, session.cookie);
    streams.push(stream);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    return stream;
  };
  /** Made on the other instance: what a page on `a` hears came through PostgreSQL. */
  const submitOnB = (categoryId: number, message = participant.message) =>
    b.http.post('/api/tickets').send({ ...participant, message, categoryId }).expect(201).then((r) => r.body as { trackingId: string });

  beforeAll(async () => {
    a = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false' });
    await a.app.listen(0, '127.0.0.1');
    urlA = `http://127.0.0.1:${(a.app.getHttpServer().address() as AddressInfo).port}`;
    b = await createSecondInstance(a, { SCHEDULER_ENABLED: 'false' });
    admin = await signIn(a.app, ADMIN);
    keysAgent = await agent('keys@oree.test', 'Олена Ключова', [KEYS_CATEGORY]);
    keysColleague = await agent('keys2@oree.test', 'Петро Колега', [KEYS_CATEGORY]);
    otherAgent = await agent('other@oree.test', 'Інна Інша', [OTHER_CATEGORY]);
  });
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('answers 401 without a session', async () => {
    await request(a.app.getHttpServer()).get('/api/staff/live').expect(401);
  });

  it('brings a request made on another instance to the agents of its category and to admins, and nobody else', async () => {
    const [keys, other, all] = [await listen(keysAgent), await listen(otherAgent), await listen(admin)];
    const outside = await submitOnB(OTHER_CATEGORY);
    const inside = await submitOnB(KEYS_CATEGORY, 'СЕКРЕТНИЙ текст учасника');
    const heard = await keys.until(() => keys.tickets().find((e) => e.trackingId === inside.trackingId), 'the new request');
    expect(heard).toMatchObject({ type: 'ticket.created', ticketId: expect.any(String), eventId: expect.stringMatching(/^\d+$/), actor: { type: 'participant' } });
    await other.until(() => other.tickets().find((e) => e.trackingId === outside.trackingId), 'the other category\'s request');
    await all.until(() => all.tickets().find((e) => e.trackingId === inside.trackingId) && all.tickets().find((e) => e.trackingId === outside.trackingId), 'both requests');
    // Everything `outside` caused was notified before `inside`'s: had it been sent to the keys agent, it would be here.
    expect(keys.tickets().map((e) => e.trackingId)).not.toContain(outside.trackingId);
    expect(other.tickets().map((e) => e.trackingId)).not.toContain(inside.trackingId);
    expect(keys.heard.map((h) => h.data).join('')).not.toContain('СЕКРЕТНИЙ');
  });

  it('brings a colleague\'s reply and status change with who did them, and tells a move out of the category to those who had it', async () => {
    const { trackingId } = await submitOnB(KEYS_CATEGORY);
    const keys = await listen(keysAgent);
    const seen = await keysColleague.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    const lastSeenMessageId = seen.body.messages.at(-1).id as string;
    const reply = await keysColleague.http.post(`/api/staff/tickets/${trackingId}/messages`).set('X-CSRF-Token', keysColleague.csrf).send({ body: 'Відповідь колеги', lastSeenMessageId }).expect(201);
    const added = await keys.until(() => keys.tickets().find((e) => e.type === 'message.added' && e.trackingId === trackingId), 'the reply');
    expect(added).toMatchObject({ messageKind: 'reply', messageId: reply.body.message.id, actor: { type: 'staff', name: 'Петро Колега' } });
    await keys.until(() => keys.tickets().find((e) => e.type === 'ticket.updated' && e.trackingId === trackingId), 'the status change');

    await admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ categoryId: OTHER_CATEGORY }).expect(200);
    const moved = await keys.until(() => keys.tickets().filter((e) => e.type === 'ticket.updated' && e.trackingId === trackingId)[1], 'the move out of the category');
    expect(moved.actor).toMatchObject({ type: 'staff' });
    // From now on the request is the other category's: a note on it is not the keys agent's business.
    const other = await listen(otherAgent);
    const note = await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    await admin.http.post(`/api/staff/tickets/${trackingId}/messages`).set('X-CSRF-Token', admin.csrf).send({ body: 'Нотатка', internal: true, lastSeenMessageId: note.body.messages.at(-1).id }).expect(201);
    await other.until(() => other.tickets().find((e) => e.type === 'message.added' && e.messageKind === 'note' && e.trackingId === trackingId), 'the note');
    expect(keys.tickets().filter((e) => e.messageKind === 'note')).toEqual([]);
  });

  it('brings tags put on and taken off, one request or in bulk, as a change with who made it; a tag already there is no change', async () => {
    const [{ trackingId: first }, { trackingId: second }, { trackingId: outside }] = [await submitOnB(KEYS_CATEGORY), await submitOnB(KEYS_CATEGORY), await submitOnB(OTHER_CATEGORY)];
    const keys = await listen(keysAgent);
    const tagEvents = (trackingId: string) => keys.tickets().filter((e) => e.trackingId === trackingId && e.type === 'ticket.updated');

    await keysColleague.http.post(`/api/staff/tickets/${first}/tags`).set('X-CSRF-Token', keysColleague.csrf).send({ name: 'Договір' }).expect(201);
    const added = await keys.until(() => tagEvents(first)[0], 'the tag put on');
    expect(added).toMatchObject({ fields: ['tags'], actor: { type: 'staff', name: 'Петро Колега' } });
    const [event] = await a.db.query(`SELECT e.payload FROM events e WHERE e.id = $1`, [added.eventId]);
    expect(event.payload.changes).toEqual([{ field: 'tags', from: [], to: ['договір'] }]);

    const bulk = await admin.http.post('/api/staff/tickets/bulk').set('X-CSRF-Token', admin.csrf).send({ trackingIds: [first, second, outside], action: { addTags: ['договір', 'ключі'] } }).expect(200);
    expect(bulk.body.succeeded).toBe(3);
    await keys.until(() => tagEvents(first)[1] && tagEvents(second)[0], 'the bulk tagging of both requests');
    expect(tagEvents(second)[0]).toMatchObject({ fields: ['tags'], actor: { type: 'staff' } });

    await keysColleague.http.delete(`/api/staff/tickets/${second}/tags/${encodeURIComponent('ключі')}`).set('X-CSRF-Token', keysColleague.csrf).expect(200);
    const removed = await keys.until(() => tagEvents(second)[1], 'the tag taken off');
    const [removal] = await a.db.query(`SELECT e.payload FROM events e WHERE e.id = $1`, [removed.eventId]);
    expect(removal.payload.changes).toEqual([{ field: 'tags', from: ['договір', 'ключі'], to: ['договір'] }]);

    // Nothing changed, nothing told; and the other category's request was never the keys agent's news.
    await keysColleague.http.post(`/api/staff/tickets/${first}/tags`).set('X-CSRF-Token', keysColleague.csrf).send({ name: 'договір' }).expect(201);
    const { trackingId: after } = await submitOnB(KEYS_CATEGORY);
    await keys.until(() => keys.tickets().find((e) => e.trackingId === after), 'a request made after');
    expect(tagEvents(first)).toHaveLength(2);
    expect(keys.tickets().filter((e) => e.trackingId === outside)).toEqual([]);
  });

  it('shows colleagues who may see a request that someone views or types in it, and no one else', async () => {
    const { trackingId } = await submitOnB(KEYS_CATEGORY);
    const [keys, colleague, other] = [await listen(keysAgent), await listen(keysColleague), await listen(otherAgent)];
    await keysColleague.http.post(`/api/staff/tickets/${trackingId}/presence`).set('X-CSRF-Token', keysColleague.csrf).send({ state: 'typing' }).expect(204);
    const typing = await keys.until(() => keys.presences().find((p) => p.trackingId === trackingId), 'the colleague typing');
    expect(typing).toEqual({ ticketId: expect.any(String), trackingId, staffId: keysColleague.id, name: 'Петро Колега', state: 'typing' });
    // Presence through `b` reaches a page on `a` too.
    const viaB = await signIn(b.app, ADMIN);
    await viaB.http.post(`/api/staff/tickets/${trackingId}/presence`).set('X-CSRF-Token', viaB.csrf).send({ state: 'viewing' }).expect(204);
    await keys.until(() => keys.presences().find((p) => p.staffId === admin.id && p.state === 'viewing'), 'the admin viewing, told through the other instance');
    expect(colleague.presences().filter((p) => p.staffId === keysColleague.id)).toEqual([]);
    expect(other.presences()).toEqual([]);

    await otherAgent.http.post(`/api/staff/tickets/${trackingId}/presence`).set('X-CSRF-Token', otherAgent.csrf).send({ state: 'viewing' }).expect(404);
    await keysAgent.http.post(`/api/staff/tickets/${trackingId}/presence`).send({ state: 'viewing' }).expect(403);
    const invalid = await keysAgent.http.post(`/api/staff/tickets/${trackingId}/presence`).set('X-CSRF-Token', keysAgent.csrf).set('Accept-Language', 'uk').send({ state: 'dancing' }).expect(400);
    expect(invalid.body.message).toMatch(/[а-яіїє]/i);
  });

  it('closes an instance with pages listening, ending their streams (a stream never ends by itself)', async () => {
    const c = await createSecondInstance(a, { SCHEDULER_ENABLED: 'false' });
    await c.app.listen(0, '127.0.0.1');
    const session = await signIn(c.app, ADMIN);
    const stream = await StreamReader.open(`http://127.0.0.1:${(c.app.getHttpServer().address() as AddressInfo).port}/api/staff/live`, session.cookie);
    streams.push(stream);
    expect(stream.response.statusCode).toBe(200);
    const closed = await Promise.race([c.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open after 10 s'), 10_000))]);
    expect(closed).toBe('closed');
    await stream.until(() => stream.ended || undefined, 'the end of the stream');
  });

  it('ends the stream of a session that ended', async () => {
    const session = await signIn(a.app, { email: 'keys@oree.test', password: 'keys@oree.test-password' });
    const stream = await listen(session);
    await session.http.post('/api/staff/auth/sign-out').set('X-CSRF-Token', session.csrf).expect((r) => expect(r.status).toBeLessThan(300));
    await a.app.get(LiveFeed).recheckSessions();
    await stream.until(() => stream.ended || undefined, 'the end of the stream');
  });

  it('hears of every change, in commit order or not, and tells pages to fetch again after losing presence\'s connection', async () => {
    const keys = await listen(keysAgent);
    // A change whose event id was taken first but committed last is still heard (EventCursor's holes).
    const slow = a.db.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    const { trackingId: early } = await submitOnB(KEYS_CATEGORY);
    const [{ id: ticketId }] = await a.db.query(`SELECT id FROM tickets WHERE tracking_id = $1`, [early]);
    await slow.query(`INSERT INTO events (ticket_id, type, version, payload) VALUES ($1, 'ticket.updated', 1, '{"trackingId":"late","changes":[]}')`, [ticketId]);
    const { trackingId: later } = await submitOnB(KEYS_CATEGORY);
    await keys.until(() => keys.tickets().find((e) => e.trackingId === later), 'the request committed first');
    await slow.commitTransaction();
    await slow.release();
    await keys.until(() => keys.tickets().find((e) => e.trackingId === early && e.type === 'ticket.updated'), 'the event committed late');

    const [{ killed }] = await a.db.query(`SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN pidtrymka_presence%'`);
    expect(killed).toBeGreaterThanOrEqual(1);
    await keys.until(() => keys.heard.find((h) => h.event === 'resync'), 'resync', 20_000);
    const { trackingId } = await submitOnB(KEYS_CATEGORY);
    await keys.until(() => keys.tickets().find((e) => e.trackingId === trackingId), 'a request after');
  });
});
