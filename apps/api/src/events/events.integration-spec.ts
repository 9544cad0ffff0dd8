import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { MailInService } from '../mail-in/mail-in.service';
import { manualParticipant as participant } from '../testing/fixtures';
import { createSecondInstance, createTestApp, TestApp } from '../testing/test-app';
import { EventDispatcher } from './event-dispatcher';
import { EventsRepository } from './events.repository';
import { REGISTERED_EVENT_SUBSCRIBERS, RegisteredEventSubscriber } from './registered-subscribers';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const KEYS_CATEGORY = 3;
const FIXTURE = join(__dirname, '../../../../tests/fixtures/event-subscribers-plugin.js');
const EVENTS_ENV = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  SCHEDULER_ENABLED: 'false',
  PLUGINS: FIXTURE,
  EVENT_SUBSCRIBERS: 'recorder-a,recorder-b,recorder-created',
  EVENT_BACKOFF_MS: '1',
  EVENT_MAX_ATTEMPTS: '5',
};

jest.setTimeout(60_000);

interface Recorder {
  events: string[];
  received: { id: string; type: string; ticketId?: string; data: Record<string, unknown> }[];
  calls: number;
  failuresLeft: number;
}

/**
 * Issue 16: domain events are written in the change's transaction, and handed to every
 * event-subscriber plugin in order per request, at least once, one subscriber's failures
 * holding back neither another's events nor the request.
 */
describe('domain events and event-subscriber plugins (issue 16)', () => {
  let t: TestApp;
  let admin: { http: TestAgent; csrf: string; id: string };
  let recorders: Record<string, Recorder>;

  const recordersOf = (app: TestApp['app']) =>
    Object.fromEntries(app.get<RegisteredEventSubscriber[]>(REGISTERED_EVENT_SUBSCRIBERS).map((s) => [s.name, s.subscriber as unknown as Recorder]));
  const submit = () => t.http.post('/api/tickets').send({ ...participant, categoryId: KEYS_CATEGORY }).expect(201).then((r) => r.body as { trackingId: string });
  const ticketId = async (trackingId: string): Promise<string> => (await t.db.query(`SELECT id FROM tickets WHERE tracking_id = $1`, [trackingId]))[0].id;
  const eventsOf = (id: string): Promise<{ type: string; payload: Record<string, unknown> }[]> => t.db.query(`SELECT type, payload FROM events WHERE ticket_id = $1 ORDER BY id`, [id]);
  const newest = async (trackingId: string) => {
    const { body } = await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    return body.messages[body.messages.length - 1].id as string;
  };
  /** Rounds until nothing is due; a retry's backoff (1 ms doubled) is waited out. */
  const drain = async (dispatcher: EventDispatcher) => {
    for (let round = 0; round < 100; round++) {
      if ((await dispatcher.deliverDue()) === 0) {
        const [{ waiting }] = await t.db.query(`SELECT count(*)::int AS waiting FROM event_deliveries WHERE status IN ('pending', 'sending')`);
        if (waiting === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    throw new Error('deliveries still waiting after 100 rounds');
  };

  beforeAll(async () => {
    t = await createTestApp(EVENTS_ENV);
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
    admin = { http, csrf: body.csrfToken, id: body.staff.id };
    recorders = recordersOf(t.app);
  });
  afterAll(() => t.close());

  it('each change writes its events, in order per request, with a delivery for each subscriber that wants the type', async () => {
    const first = await submit();
    const second = await submit();
    const id = await ticketId(first.trackingId);
    const patch = (change: Record<string, unknown>) => admin.http.patch(`/api/staff/tickets/${first.trackingId}`).set('X-CSRF-Token', admin.csrf).send(change).expect(200);
    await t.http.post(`/api/tickets/${first.trackingId}/replies`).send({ email: participant.email, message: 'Доповнення' }).expect(201);
    await admin.http.post(`/api/staff/tickets/${first.trackingId}/messages`).set('X-CSRF-Token', admin.csrf).send({ body: 'Відповідь', lastSeenMessageId: await newest(first.trackingId) }).expect(201);
    await admin.http.post(`/api/staff/tickets/${first.trackingId}/messages`).set('X-CSRF-Token', admin.csrf).send({ body: 'Нотатка', internal: true, lastSeenMessageId: await newest(first.trackingId) }).expect(201);
    await patch({ priority: 'high', ownerId: admin.id });
    await patch({ status: 'resolved' });
    await t.http.post(`/api/tickets/${first.trackingId}/replies`).send({ email: participant.email, message: 'Знову не працює' }).expect(201);
    await admin.http.post(`/api/staff/tickets/${first.trackingId}/merge`).set('X-CSRF-Token', admin.csrf).send({ intoTrackingId: second.trackingId }).expect(201);

    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([
      'ticket.created',
      'message.added',
      'message.added',
      'ticket.updated',
      'message.added',
      'ticket.updated',
      'ticket.updated',
      'ticket.closed',
      'message.added',
      'ticket.updated',
      'ticket.reopened',
      'ticket.merged',
    ]);
    expect(events[0].payload).toMatchObject({ trackingId: first.trackingId, number: expect.any(Number), categoryId: KEYS_CATEGORY, channel: 'web', status: 'new', actor: { type: 'participant', name: participant.name } });
    expect(events.filter((e) => e.type === 'message.added').map((e) => e.payload.kind)).toEqual(['participant_reply', 'reply', 'note', 'participant_reply']);
    expect(events[5].payload.changes).toEqual([
      { field: 'priority', from: 'medium', to: 'high' },
      { field: 'owner', from: null, to: admin.id },
    ]);
    expect(events[6].payload.changes).toEqual([{ field: 'status', from: 'replied', to: 'resolved' }]);
    expect(events[11].payload).toMatchObject({ into: { trackingId: second.trackingId } });

    const deliveries: { subscriber: string; type: string }[] = await t.db.query(
      `SELECT d.subscriber, e.type FROM event_deliveries d JOIN events e ON e.id = d.event_id WHERE e.ticket_id = $1 ORDER BY d.subscriber, e.id`,
      [id],
    );
    expect(deliveries.filter((d) => d.subscriber === 'recorder-a').map((d) => d.type)).toEqual(events.map((e) => e.type));
    expect(deliveries.filter((d) => d.subscriber === 'recorder-created').map((d) => d.type)).toEqual(['ticket.created']);

    await drain(t.app.get(EventDispatcher));
    for (const name of ['recorder-a', 'recorder-b']) {
      expect(recorders[name].received.filter((e) => e.ticketId === id).map((e) => e.type)).toEqual(events.map((e) => e.type));
    }
    expect(recorders['recorder-created'].received.map((e) => e.type)).toEqual(['ticket.created', 'ticket.created']);
    expect(recorders['recorder-a'].received[0]).toMatchObject({ id: expect.stringMatching(/^\d+$/), version: 1, occurredAt: expect.any(String), data: events[0].payload });
  });

  it('an owner who can no longer see the request is released, and that is a ticket.updated too (issue 12.3)', async () => {
    const agent = { email: 'agent@oree.test', password: 'agent-password-1', name: 'Агент' };
    const { body } = await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...agent, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    const ticket = await submit();
    const id = await ticketId(ticket.trackingId);
    const patch = (change: Record<string, unknown>) => admin.http.patch(`/api/staff/tickets/${ticket.trackingId}`).set('X-CSRF-Token', admin.csrf).send(change).expect(200);
    await patch({ ownerId: body.account.id });
    const [other] = await t.db.query(`SELECT id FROM categories WHERE id <> $1 ORDER BY id LIMIT 1`, [KEYS_CATEGORY]);
    await patch({ categoryId: other.id });
    const events = await eventsOf(id);
    expect(events.map((e) => [e.type, e.payload.changes])).toEqual([
      ['ticket.created', undefined],
      ['ticket.updated', [{ field: 'owner', from: null, to: body.account.id }]],
      ['ticket.updated', [{ field: 'category', from: KEYS_CATEGORY, to: other.id }]],
      ['ticket.updated', [{ field: 'owner', from: body.account.id, to: null }]],
    ]);
  });

  it('a change rolled back leaves no event', async () => {
    const ticket = await submit();
    const id = await ticketId(ticket.trackingId);
    // The priority is changed (and its event written) before the unknown owner is refused: the whole change is rolled back.
    await admin.http.patch(`/api/staff/tickets/${ticket.trackingId}`).set('X-CSRF-Token', admin.csrf).send({ priority: 'high', ownerId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['ticket.created']);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM tickets WHERE id = $1 AND priority = 'high'`, [id]);
    expect(count).toBe(0);
  });

  it('a quarantined e-mail writes mail.quarantined, with no request', async () => {
    const raw = Buffer.from('Subject: no sender\r\nMessage-ID: <no-sender@example.org>\r\n\r\nbody\r\n');
    const result = await t.app.get(MailInService).receive(raw, 'test');
    expect(result.status).toBe('quarantined');
    const rows: { ticket_id: string | null; payload: Record<string, unknown> }[] = await t.db.query(`SELECT ticket_id, payload FROM events WHERE type = 'mail.quarantined'`);
    expect(rows).toEqual([{ ticket_id: null, payload: { inboundId: result.inboundId, reason: 'The message has no sender address.', reasonCode: 'no-sender', reasonParams: {}, sender: null, subject: 'no sender' } }]);
  });

  it('a subscriber that fails three times gets the event on the fourth, in order, and the others are not held back', async () => {
    await drain(t.app.get(EventDispatcher));
    const a = recorders['recorder-a'];
    const b = recorders['recorder-b'];
    const before = { a: a.received.length, b: b.received.length, calls: a.calls };
    a.failuresLeft = 3;
    const ticket = await submit();
    const id = await ticketId(ticket.trackingId);
    await t.http.post(`/api/tickets/${ticket.trackingId}/replies`).send({ email: participant.email, message: 'Ще' }).expect(201);
    const dispatcher = t.app.get(EventDispatcher);

    await dispatcher.deliverDue();
    // b had ticket.created at once; a failed it, and its message.added waits behind it (order per request).
    expect(b.received.slice(before.b).map((e) => e.type)).toEqual(['ticket.created']);
    expect(a.received.length).toBe(before.a);
    const [waiting] = await t.db.query(`SELECT d.attempts, d.status, d.last_error FROM event_deliveries d JOIN events e ON e.id = d.event_id WHERE d.subscriber = 'recorder-a' AND e.ticket_id = $1 AND e.type = 'ticket.created'`, [id]);
    expect(waiting).toEqual({ attempts: 1, status: 'pending', last_error: 'subscriber unavailable' });

    await drain(dispatcher);
    expect(a.calls - before.calls).toBe(3 + 2);
    expect(a.received.slice(before.a).map((e) => [e.type, e.ticketId])).toEqual([
      ['ticket.created', id],
      ['message.added', id],
    ]);
    expect(b.received.slice(before.b).map((e) => e.type)).toEqual(['ticket.created', 'message.added']);
    const states = await t.db.query(`SELECT DISTINCT d.status FROM event_deliveries d JOIN events e ON e.id = d.event_id WHERE e.ticket_id = $1`, [id]);
    expect(states).toEqual([{ status: 'delivered' }]);
  });

  it('after EVENT_MAX_ATTEMPTS a delivery is kept as failed, and the request\'s later events go on', async () => {
    await drain(t.app.get(EventDispatcher));
    const a = recorders['recorder-a'];
    const before = a.received.length;
    a.failuresLeft = 5;
    const ticket = await submit();
    const id = await ticketId(ticket.trackingId);
    await t.http.post(`/api/tickets/${ticket.trackingId}/replies`).send({ email: participant.email, message: 'Ще' }).expect(201);
    await drain(t.app.get(EventDispatcher));
    expect(a.received.slice(before).map((e) => e.type)).toEqual(['message.added']);
    const [failed] = await t.db.query(`SELECT d.attempts, d.status FROM event_deliveries d JOIN events e ON e.id = d.event_id WHERE d.subscriber = 'recorder-a' AND e.ticket_id = $1 AND e.type = 'ticket.created'`, [id]);
    expect(failed).toEqual({ attempts: 5, status: 'failed' });
  });

  it('two API instances dispatching at once hand each event to each subscriber once', async () => {
    await drain(t.app.get(EventDispatcher));
    const other = await createSecondInstance(t, EVENTS_ENV);
    try {
      const theirs = recordersOf(other.app);
      const mine = recorders;
      const offset = { a: mine['recorder-a'].received.length, b: mine['recorder-b'].received.length };
      const tickets = await Promise.all(Array.from({ length: 8 }, () => submit()));
      for (const ticket of tickets) await t.http.post(`/api/tickets/${ticket.trackingId}/replies`).send({ email: participant.email, message: 'Ще' }).expect(201);
      const dispatchers = [t.app.get(EventDispatcher), other.app.get(EventDispatcher)];
      // Both at once, round after round, until nothing is left.
      for (let round = 0; round < 50; round++) {
        const claimed = await Promise.all(dispatchers.map((d) => d.deliverDue()));
        if (claimed.every((n) => n === 0)) break;
      }
      const ids = await Promise.all(tickets.map((ticket) => ticketId(ticket.trackingId)));
      for (const name of ['recorder-a', 'recorder-b'] as const) {
        const got = [...mine[name].received.slice(offset[name === 'recorder-a' ? 'a' : 'b']), ...theirs[name].received];
        // Once each: 8 requests × (ticket.created, message.added).
        expect(got.map((e) => e.id).sort()).toEqual([...new Set(got.map((e) => e.id))].sort());
        expect(got).toHaveLength(16);
        // And in order per request, whichever instance handed each over.
        for (const id of ids) expect(got.filter((e) => e.ticketId === id).sort((x, y) => Number(x.id) - Number(y.id)).map((e) => e.type)).toEqual(['ticket.created', 'message.added']);
      }
      expect(mine['recorder-a'].received.length - offset.a + theirs['recorder-a'].received.length).toBe(16);
    } finally {
      await other.close();
    }
  });

  it('an event a dispatcher leased and never finished (it died) is handed over once its lease runs out, and the late mark changes nothing', async () => {
    const dispatcher = t.app.get(EventDispatcher);
    await drain(dispatcher);
    const a = recorders['recorder-a'];
    const before = a.received.length;
    const ticket = await submit();
    const id = await ticketId(ticket.trackingId);
    // A dispatcher that takes recorder-a's work with a 1-second lease, then stops.
    const repository = t.app.get(EventsRepository);
    const dead = await repository.claimDue(['recorder-a'], 100, 1);
    expect(dead.map((d) => [d.event.type, d.event.ticketId])).toEqual([['ticket.created', id]]);
    await dispatcher.deliverDue();
    expect(a.received.length).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await dispatcher.deliverDue();
    expect(a.received.slice(before).map((e) => [e.type, e.ticketId])).toEqual([['ticket.created', id]]);
    // The dead one wakes up: its lease (attempt 1) is over, so its marks touch nothing.
    await repository.markRetry(dead[0], 'late', 1000);
    const rows = await t.db.query(`SELECT d.status, d.attempts FROM event_deliveries d JOIN events e ON e.id = d.event_id WHERE d.subscriber = 'recorder-a' AND e.ticket_id = $1`, [id]);
    expect(rows).toEqual([{ status: 'delivered', attempts: 2 }]);
  });

  it('opening a request is still one statement: the event and its deliveries are part of it', async () => {
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      await submit();
      const statements = spy.mock.calls.map(([query]) => (typeof query === 'string' ? query : (query as { text: string }).text));
      expect(statements.filter((text) => /INSERT INTO events/.test(text))).toHaveLength(1);
      expect(statements).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});
