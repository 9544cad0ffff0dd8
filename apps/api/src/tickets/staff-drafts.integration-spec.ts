import request from 'supertest';
import { FIELD_LIMITS } from '@pidtrymka/contracts';
import { createTestApp, TestApp } from '../testing/test-app';
import { signInStaff, StaffTestSession, post, put, del } from '../testing/staff-session';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'drafter@oree.test', password: 'drafter-password-1', name: 'Агентка Чернеток' };
const COLLEAGUE = { email: 'drafter-colleague@oree.test', password: 'colleague-password-1', name: 'Колега Чернеток' };
const REGULAR_CATEGORY = 1;
const KEYS_CATEGORY = 3;

// argon2 is slow on purpose: creating a staff account on a busy machine needs more than jest's 5 s.
jest.setTimeout(60_000);

/** Issue 17 ("never lose typing"): a staff member's reply and note drafts, kept on the server per person and request. */
describe('staff drafts (issue 17)', () => {
  let t: TestApp;
  let admin: StaffTestSession;
  let agent: StaffTestSession;
  let colleague: StaffTestSession;

  const signIn = (credentials: { email: string; password: string }) => signInStaff(t, credentials);
  const drafts = async (s: StaffTestSession, trackingId: string) => (await s.http.get(`/api/staff/tickets/${trackingId}/drafts`).expect(200)).body;
  const submit = async (email: string, categoryId = KEYS_CATEGORY): Promise<string> => {
    const { body } = await t.http.post('/api/tickets').send({ name: 'Учасник', email, subject: 'Питання щодо договору', message: 'Доброго дня, маю питання.', categoryId }).expect(201);
    return body.trackingId;
  };
  const lastMessageId = async (s: StaffTestSession, trackingId: string): Promise<string> => (await s.http.get(`/api/staff/tickets/${trackingId}`).expect(200)).body.messages.at(-1).id;

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
    admin = await signIn(ADMIN);
    await post(admin, '/api/staff/accounts', { ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    await post(admin, '/api/staff/accounts', { ...COLLEAGUE, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    agent = await signIn(AGENT);
    colleague = await signIn(COLLEAGUE);
  });
  afterAll(() => t.close());

  it('keeps the reply and the note as typed, replaces them on each save, and an empty body deletes one', async () => {
    const trackingId = await submit('drafts-1@participant.test');
    expect(await drafts(agent, trackingId)).toEqual({ reply: null, note: null });

    const typed = '  Доброго дня!\r\nПерший рядок ';
    const { body: saved } = await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: typed }).expect(200);
    expect(saved).toEqual({ body: '  Доброго дня!\nПерший рядок ', updatedAt: expect.any(String) });
    await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: 'Доброго дня! Другий варіант' }).expect(200);
    await put(agent, `/api/staff/tickets/${trackingId}/drafts/note`, { body: 'Перевірити договір' }).expect(200);
    expect(await drafts(agent, trackingId)).toEqual({
      reply: { body: 'Доброго дня! Другий варіант', updatedAt: expect.any(String) },
      note: { body: 'Перевірити договір', updatedAt: expect.any(String) },
    });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM staff_drafts d JOIN tickets t ON t.id = d.ticket_id WHERE t.tracking_id = $1`, [trackingId])).toEqual([{ n: 2 }]);

    await put(agent, `/api/staff/tickets/${trackingId}/drafts/note`, { body: ' \n ' }).expect(200);
    expect((await drafts(agent, trackingId)).note).toBeNull();
    await del(agent, `/api/staff/tickets/${trackingId}/drafts/reply`).expect(204);
    expect(await drafts(agent, trackingId)).toEqual({ reply: null, note: null });
  });

  it('is private: another agent, and the admin, never see it, and each keeps their own', async () => {
    const trackingId = await submit('drafts-2@participant.test');
    await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: 'Чернетка агентки' }).expect(200);
    expect(await drafts(colleague, trackingId)).toEqual({ reply: null, note: null });
    expect(await drafts(admin, trackingId)).toEqual({ reply: null, note: null });

    await put(colleague, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: 'Чернетка колеги' }).expect(200);
    // Deleting one's own leaves the other's alone.
    await del(colleague, `/api/staff/tickets/${trackingId}/drafts/reply`).expect(204);
    expect((await drafts(agent, trackingId)).reply.body).toBe('Чернетка агентки');
    const page = await agent.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    expect(JSON.stringify(page.body)).not.toContain('Чернетка');
  });

  it('is deleted when that agent sends the reply or the note, and only that one', async () => {
    const trackingId = await submit('drafts-3@participant.test');
    await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: 'Відповідь у роботі' }).expect(200);
    await put(agent, `/api/staff/tickets/${trackingId}/drafts/note`, { body: 'Нотатка у роботі' }).expect(200);
    await put(colleague, `/api/staff/tickets/${trackingId}/drafts/note`, { body: 'Нотатка колеги' }).expect(200);

    await post(agent, `/api/staff/tickets/${trackingId}/messages`, { body: 'Нотатка', internal: true, lastSeenMessageId: await lastMessageId(agent, trackingId) }).expect(201);
    expect(await drafts(agent, trackingId)).toEqual({ reply: { body: 'Відповідь у роботі', updatedAt: expect.any(String) }, note: null });
    expect((await drafts(colleague, trackingId)).note.body).toBe('Нотатка колеги');

    // A reply refused (the request changed meanwhile) keeps the draft: nothing was sent.
    await post(agent, `/api/staff/tickets/${trackingId}/messages`, { body: 'Відповідь', lastSeenMessageId: '1' }).expect(409);
    expect((await drafts(agent, trackingId)).reply.body).toBe('Відповідь у роботі');

    await post(agent, `/api/staff/tickets/${trackingId}/messages`, { body: 'Відповідь', lastSeenMessageId: await lastMessageId(agent, trackingId) }).expect(201);
    expect(await drafts(agent, trackingId)).toEqual({ reply: null, note: null });
  });

  it('answers 404 for a request outside the agent\'s categories, as for one that does not exist', async () => {
    const hidden = await submit('drafts-4@participant.test', REGULAR_CATEGORY);
    for (const [method, url] of [
      ['get', `/api/staff/tickets/${hidden}/drafts`],
      ['put', `/api/staff/tickets/${hidden}/drafts/reply`],
      ['delete', `/api/staff/tickets/${hidden}/drafts/reply`],
    ] as const) {
      const missing = await agent.http[method](url).set('X-CSRF-Token', agent.csrf).send({ body: 'Текст' }).expect(404);
      const unknown = await agent.http[method](url.replace(hidden, 'AAA-AAA-AAAA')).set('X-CSRF-Token', agent.csrf).send({ body: 'Текст' }).expect(404);
      expect(missing.body).toEqual(unknown.body);
    }
    expect(await t.db.query(`SELECT count(*)::int AS n FROM staff_drafts d JOIN tickets t ON t.id = d.ticket_id WHERE t.tracking_id = $1`, [hidden])).toEqual([{ n: 0 }]);
  });

  it('refuses an unknown kind and a body over a message\'s limit with a 400 in the caller\'s language', async () => {
    const trackingId = await submit('drafts-5@participant.test');
    const badKind = await put(agent, `/api/staff/tickets/${trackingId}/drafts/letter`, { body: 'Текст' }).expect(400);
    expect(badKind.body.message).toContain('Невідомий вид чернетки');
    const badKindEn = await put(agent, `/api/staff/tickets/${trackingId}/drafts/letter`, { body: 'Text' }).set('Accept-Language', 'en').expect(400);
    expect(badKindEn.body.message).toContain('Unknown kind of draft');
    await del(agent, `/api/staff/tickets/${trackingId}/drafts/letter`).expect(400);

    const long = 'я'.repeat(FIELD_LIMITS.messageMaxLength + 1);
    const tooLong = await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: long }).expect(400);
    const tooLongEn = await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: long }).set('Accept-Language', 'en').expect(400);
    expect(tooLong.body.message).not.toEqual(tooLongEn.body.message);
    expect(JSON.stringify(tooLong.body)).toMatch(/[а-яіїєґ]/i);
    await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: 'a\u0000b' }).expect(400);
    await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: 42 }).expect(400);
    await put(agent, `/api/staff/tickets/${trackingId}/drafts/reply`, { body: 'я'.repeat(FIELD_LIMITS.messageMaxLength) }).expect(200);
  });

  it('answers 401 without a session and 403 without the CSRF token', async () => {
    const trackingId = await submit('drafts-6@participant.test');
    const anonymous = request(t.app.getHttpServer());
    await anonymous.get(`/api/staff/tickets/${trackingId}/drafts`).expect(401);
    await anonymous.put(`/api/staff/tickets/${trackingId}/drafts/reply`).send({ body: 'Текст' }).expect(401);
    await anonymous.delete(`/api/staff/tickets/${trackingId}/drafts/reply`).expect(401);
    await agent.http.put(`/api/staff/tickets/${trackingId}/drafts/reply`).send({ body: 'Текст' }).expect(403);
    await agent.http.delete(`/api/staff/tickets/${trackingId}/drafts/reply`).expect(403);
    expect(await drafts(agent, trackingId)).toEqual({ reply: null, note: null });
  });
});
