import request from 'supertest';
import { createTestApp, TestApp } from '../testing/test-app';
import { signInStaff, StaffTestSession, post, patch } from '../testing/staff-session';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'reader@oree.test', password: 'reader-password-1', name: 'Агентка Черги' };
const COLLEAGUE = { email: 'colleague@oree.test', password: 'colleague-password-1', name: 'Колега Черги' };
const REGULAR_CATEGORY = 1;
const KEYS_CATEGORY = 3;

// argon2 is slow on purpose: creating a staff account on a busy machine needs more than jest's 5 s.
jest.setTimeout(60_000);

/** Issue 17: what the workspace tells an agent about a request's context — what changed since they looked, and the participant's other requests. */
describe('staff context (issue 17)', () => {
  let t: TestApp;
  let admin: StaffTestSession;
  let agent: StaffTestSession;
  let colleague: StaffTestSession;

  const signIn = (credentials: { email: string; password: string }) => signInStaff(t, credentials);
  const submit = async (email: string, categoryId: number, subject = 'Питання щодо договору'): Promise<string> => {
    const { body } = await t.http.post('/api/tickets').send({ name: 'Учасник', email, subject, message: 'Доброго дня, маю питання.', categoryId }).expect(201);
    return body.trackingId;
  };
  const participantReply = (trackingId: string, email: string) => t.http.post(`/api/tickets/${trackingId}/replies`).send({ email, message: 'Ось відповідь учасника' }).expect(201);
  const open = async (s: StaffTestSession, trackingId: string) => (await s.http.get(`/api/staff/tickets/${trackingId}`).expect(200)).body;
  const lastMessageId = async (s: StaffTestSession, trackingId: string): Promise<string> => (await open(s, trackingId)).messages.at(-1).id;
  /** The unread flag of each of these requests in this person's queue (every status, newest change first). */
  const flags = async (s: StaffTestSession, trackingIds: string[], extra: Record<string, string> = {}): Promise<Record<string, boolean | undefined>> => {
    const { body } = await s.http.get('/api/staff/tickets').query({ limit: 100, ...extra }).expect(200);
    const byId = new Map<string, boolean>(body.items.map((item: { trackingId: string; unread: boolean }) => [item.trackingId, item.unread]));
    return Object.fromEntries(trackingIds.map((id) => [id, byId.get(id)]));
  };

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
    admin = await signIn(ADMIN);
    await post(admin, '/api/staff/accounts', { ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    await post(admin, '/api/staff/accounts', { ...COLLEAGUE, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    agent = await signIn(AGENT);
    colleague = await signIn(COLLEAGUE);
  });
  afterAll(() => t.close());

  describe('unread markers in the queue', () => {
    it('marks a new request unread, clears it when the agent opens it, and marks it again after the participant replies', async () => {
      const trackingId = await submit('reads-1@participant.test', KEYS_CATEGORY);
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: true });
      await open(agent, trackingId);
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: false });
      await participantReply(trackingId, 'reads-1@participant.test');
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: true });
      await open(agent, trackingId);
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: false });
    });

    it('is per agent: one opening it clears it for them only', async () => {
      const trackingId = await submit('reads-2@participant.test', KEYS_CATEGORY);
      await open(agent, trackingId);
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: false });
      expect(await flags(colleague, [trackingId])).toEqual({ [trackingId]: true });
      expect(await flags(admin, [trackingId])).toEqual({ [trackingId]: true });
      expect(await t.db.query(`SELECT count(*)::int AS n FROM staff_ticket_reads r JOIN tickets t ON t.id = r.ticket_id WHERE t.tracking_id = $1`, [trackingId])).toEqual([{ n: 1 }]);
    });

    it("counts a colleague's reply, note and status change, never the agent's own", async () => {
      const trackingId = await submit('reads-3@participant.test', KEYS_CATEGORY);
      await open(agent, trackingId);
      await post(colleague, `/api/staff/tickets/${trackingId}/messages`, { body: 'Нотатка колеги', internal: true, lastSeenMessageId: await lastMessageId(colleague, trackingId) }).expect(201);
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: true });

      await open(agent, trackingId);
      await patch(colleague, `/api/staff/tickets/${trackingId}`, { status: 'in_progress' }).expect(200);
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: true });

      // The agent's own reply and change: read for them, unread for the colleague.
      await post(agent, `/api/staff/tickets/${trackingId}/messages`, { body: 'Відповідь агентки', lastSeenMessageId: await lastMessageId(agent, trackingId) }).expect(201);
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: false });
      await patch(agent, `/api/staff/tickets/${trackingId}`, { priority: 'high' }).expect(200);
      expect(await flags(agent, [trackingId])).toEqual({ [trackingId]: false });
      expect(await flags(colleague, [trackingId])).toEqual({ [trackingId]: true });
    });

    it('filters the page to the unread only, on request', async () => {
      const read = await submit('reads-4@participant.test', KEYS_CATEGORY);
      const unread = await submit('reads-5@participant.test', KEYS_CATEGORY);
      await open(agent, read);
      const onlyUnread = await flags(agent, [read, unread], { unread: 'true' });
      expect(onlyUnread).toEqual({ [read]: undefined, [unread]: true });
      await agent.http.get('/api/staff/tickets').query({ unread: 'yes' }).expect(400);
    });

    it('does not mark as unread what changed before the agent had an account', async () => {
      const old = await submit('reads-6@participant.test', KEYS_CATEGORY);
      await t.db.query(`UPDATE tickets SET updated_at = now() - interval '1 day' WHERE tracking_id = $1`, [old]);
      expect(await flags(agent, [old])).toEqual({ [old]: false });
    });
  });

  describe("the participant's other requests", () => {
    const email = 'Related.Person@participant.test';
    let current: string;
    let olderKeys: string;
    let newerKeys: string;
    let regular: string;

    beforeAll(async () => {
      olderKeys = await submit(email.toLowerCase(), KEYS_CATEGORY, 'Старіший запит');
      regular = await submit(email, REGULAR_CATEGORY, 'Запит поза категоріями агентки');
      current = await submit(email.toUpperCase(), KEYS_CATEGORY, 'Поточний запит');
      newerKeys = await submit(` ${email} `.trim(), KEYS_CATEGORY, 'Новіший запит');
      await submit('someone.else@participant.test', KEYS_CATEGORY, 'Чужий запит');
    });

    it('lists the same address in any case, newest first, with status and tracking ID, but this request', async () => {
      const { body } = await admin.http.get(`/api/staff/tickets/${current}/related`).expect(200);
      expect(body.participant.map((x: { trackingId: string }) => x.trackingId)).toEqual([newerKeys, regular, olderKeys]);
      expect(body.participant[0]).toEqual({ trackingId: newerKeys, number: expect.any(Number), subject: 'Новіший запит', status: 'new', createdAt: expect.any(String) });
    });

    it("never shows an agent a request outside their categories, nor that one exists", async () => {
      const { body } = await agent.http.get(`/api/staff/tickets/${current}/related`).expect(200);
      expect(body.participant.map((x: { trackingId: string }) => x.trackingId)).toEqual([newerKeys, olderKeys]);
      expect(JSON.stringify(body)).not.toContain('поза категоріями');
      // The request outside their categories itself: a 404 like a request that does not exist.
      const missing = await agent.http.get(`/api/staff/tickets/${regular}/related`).expect(404);
      const unknown = await agent.http.get('/api/staff/tickets/AAA-AAA-AAAA/related').expect(404);
      expect(missing.body).toEqual(unknown.body);
    });

    it('answers 401 to the signed-out, and a merged-away request is not listed', async () => {
      await request(t.app.getHttpServer()).get(`/api/staff/tickets/${current}/related`).expect(401);
      await post(admin, `/api/staff/tickets/${olderKeys}/merge`, { intoTrackingId: newerKeys }).expect(201);
      const { body } = await agent.http.get(`/api/staff/tickets/${current}/related`).expect(200);
      expect(body.participant.map((x: { trackingId: string }) => x.trackingId)).toEqual([newerKeys]);
    });
  });
});
