import { generate } from 'otplib';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AutoCloseJob } from '../scheduling/auto-close.job';
import { JobRunner } from '../scheduling/job-runner.service';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'agent@oree.test', password: 'agent-password-1', name: 'Тітаренко Петро Миколайович' };
const KEYS_CATEGORY = 3; // "Ключі кваліфікованого електронного підпису"

// argon2 is slow on purpose; a test that hashes ten recovery codes needs more than jest's 5 s on a busy machine.
jest.setTimeout(60_000);

interface Session {
  http: TestAgent;
  csrf: string;
  body: { staff: { id: string; role: string } };
}

describe('staff workspace API', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  let agentId: string;

  async function signIn(credentials: { email: string; password: string; code?: string }): Promise<Session> {
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(credentials).expect(200);
    return { http, csrf: body.csrfToken, body };
  }

  const submit = (overrides: Record<string, unknown> = {}) => t.http.post('/api/tickets').send({ ...participant, ...overrides }).expect(201).then((r) => r.body);
  const outbox = (template: string, trackingId?: string) =>
    t.db.query(`SELECT o.recipient, o.payload FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id WHERE o.template = $1 AND ($2::text IS NULL OR t.tracking_id = $2) ORDER BY o.id`, [template, trackingId ?? null]);
  const newestMessageId = async (s: Session, trackingId: string) => {
    const { body } = await s.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    return body.messages[body.messages.length - 1].id as string;
  };

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false' });
    admin = await signIn(ADMIN);
    const created = await admin.http
      .post('/api/staff/accounts')
      .set('X-CSRF-Token', admin.csrf)
      .send({ ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] })
      .expect(201);
    agentId = created.body.account.id;
    agent = await signIn({ email: AGENT.email, password: AGENT.password });
  });
  afterAll(() => t.close());

  describe('sign-in and sessions', () => {
    it('keeps the session in an httpOnly, SameSite=Strict cookie and answers 401 without one', async () => {
      const response = await request(t.app.getHttpServer()).post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/pidtrymka_staff=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(response.body).toMatchObject({ staff: { email: ADMIN.email, role: 'admin' }, csrfToken: expect.any(String) });
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM staff_sessions`);
      expect(count).toBeGreaterThanOrEqual(3);
      await t.http.get('/api/staff/tickets').expect(401);
      await request(t.app.getHttpServer()).get('/api/staff/tickets').set('Cookie', 'pidtrymka_staff=forged').expect(401);
    });

    it('refuses a wrong password with 401 and a localised message', async () => {
      const { body } = await t.http.post('/api/staff/auth/sign-in').set('Accept-Language', 'en').send({ ...ADMIN, password: 'wrong-password' }).expect(401);
      expect(body).toMatchObject({ code: 'invalid_credentials', message: 'Wrong e-mail address or password.' });
    });

    it('requires the CSRF token on every state-changing call', async () => {
      await admin.http.post('/api/staff/canned-responses').send({ title: 'x', body: 'y' }).expect(403);
      await admin.http.post('/api/staff/canned-responses').set('X-CSRF-Token', 'not-the-token').send({ title: 'x', body: 'y' }).expect(403);
      const { body } = await admin.http.get('/api/staff/auth/session').expect(200);
      expect(body.csrfToken).toBe(admin.csrf);
    });

    it('ends a session on sign-out and when it expires (401)', async () => {
      const s = await signIn(ADMIN);
      await s.http.post('/api/staff/auth/sign-out').set('X-CSRF-Token', s.csrf).expect(204);
      await s.http.get('/api/staff/tickets').expect(401);

      const expiring = await signIn(ADMIN);
      await expiring.http.get('/api/staff/tickets').expect(200);
      await t.db.query(`UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE token_hash NOT IN (SELECT token_hash FROM staff_sessions ORDER BY created_at LIMIT 3)`);
      await expiring.http.get('/api/staff/tickets').expect(401);
      await admin.http.get('/api/staff/tickets').expect(200);
    });

    it('turns on two-factor sign-in with TOTP; recovery codes work once', async () => {
      const created = await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ email: 'totp@oree.test', name: 'TOTP', role: 'agent' }).expect(201);
      const password = created.body.password as string;
      expect(password.length).toBeGreaterThanOrEqual(10);
      const s = await signIn({ email: 'totp@oree.test', password });
      const setup = await s.http.post('/api/staff/auth/totp/setup').set('X-CSRF-Token', s.csrf).expect(201);
      expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
      await s.http.post('/api/staff/auth/totp/enable').set('X-CSRF-Token', s.csrf).send({ code: '000000' }).expect(400);
      const enabled = await s.http
        .post('/api/staff/auth/totp/enable')
        .set('X-CSRF-Token', s.csrf)
        .send({ code: await generate({ secret: setup.body.secret }) })
        .expect(201);
      expect(enabled.body.recoveryCodes).toHaveLength(10);

      const withoutCode = await t.http.post('/api/staff/auth/sign-in').send({ email: 'totp@oree.test', password }).expect(401);
      expect(withoutCode.body.code).toBe('totp_required');
      await t.db.query(`UPDATE staff_accounts SET totp_last_step = NULL WHERE email = 'totp@oree.test'`);
      // One code for both tries: generated twice, the second could fall in the next 30 s step and be a new code.
      const code = await generate({ secret: setup.body.secret });
      await t.http.post('/api/staff/auth/sign-in').send({ email: 'totp@oree.test', password, code }).expect(200);
      // The same code a second time is a replay.
      await t.http.post('/api/staff/auth/sign-in').send({ email: 'totp@oree.test', password, code }).expect(401);

      const recovery = enabled.body.recoveryCodes[0] as string;
      await t.http.post('/api/staff/auth/sign-in').send({ email: 'totp@oree.test', password, code: recovery.toLowerCase() }).expect(200);
      await t.http.post('/api/staff/auth/sign-in').send({ email: 'totp@oree.test', password, code: recovery }).expect(401);
      const [stored] = await t.db.query(`SELECT code_hash FROM staff_recovery_codes LIMIT 1`);
      expect(stored.code_hash).toMatch(/^\$argon2id\$/);
      await t.db.query(`DELETE FROM rate_limit_counters WHERE throttler LIKE 'staff-sign-in-%'`);
    });

    it('a password change ends the other sessions', async () => {
      const created = await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ email: 'pw@oree.test', name: 'PW', role: 'agent', password: 'first-password' }).expect(201);
      expect(created.body.password).toBeUndefined();
      const first = await signIn({ email: 'pw@oree.test', password: 'first-password' });
      const second = await signIn({ email: 'pw@oree.test', password: 'first-password' });
      await first.http.post('/api/staff/auth/password').set('X-CSRF-Token', first.csrf).send({ currentPassword: 'first-password', newPassword: 'second-password' }).expect(204);
      await first.http.get('/api/staff/tickets').expect(200);
      await second.http.get('/api/staff/tickets').expect(401);
      await signIn({ email: 'pw@oree.test', password: 'second-password' });
    });
  });

  describe('access rules', () => {
    it('an agent gets 403 for staff management', async () => {
      await agent.http.get('/api/staff/accounts').expect(403);
      await agent.http.post('/api/staff/accounts').set('X-CSRF-Token', agent.csrf).send({ email: 'x@oree.test', name: 'X', role: 'admin' }).expect(403);
      await agent.http.patch(`/api/staff/accounts/${agentId}`).set('X-CSRF-Token', agent.csrf).send({ role: 'admin' }).expect(403);
    });

    it('any staff member sees the active team (names, roles, categories) to choose an owner, but no e-mail addresses', async () => {
      const inactive = await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ email: 'gone@oree.test', name: 'Звільнений', role: 'agent' }).expect(201);
      await admin.http.patch(`/api/staff/accounts/${inactive.body.account.id}`).set('X-CSRF-Token', admin.csrf).send({ active: false }).expect(200);
      const { body } = await agent.http.get('/api/staff/team').expect(200);
      expect(body).toEqual(expect.arrayContaining([{ id: agentId, name: AGENT.name, role: 'agent', categoryIds: [KEYS_CATEGORY] }]));
      expect(body.find((m: { role: string }) => m.role === 'admin')).toBeDefined();
      expect(body.map((m: { name: string }) => m.name)).not.toContain('Звільнений');
      expect(JSON.stringify(body)).not.toContain('@');
      await t.http.get('/api/staff/team').expect(401);
    });

    it('an agent gets 404 for requests outside their categories and sees only theirs in the queue', async () => {
      const outside = await submit({ subject: 'Поза категорією агента' });
      const inside = await submit({ subject: 'Ключ КЕП не читається', categoryId: KEYS_CATEGORY });
      const notFound = await agent.http.get(`/api/staff/tickets/${outside.trackingId}`).expect(404);
      const unknown = await agent.http.get('/api/staff/tickets/AAA-AAA-AAAA').expect(404);
      expect(notFound.body.code).toBe(unknown.body.code);
      await agent.http.patch(`/api/staff/tickets/${outside.trackingId}`).set('X-CSRF-Token', agent.csrf).send({ priority: 'high' }).expect(404);
      await agent.http.get(`/api/staff/tickets/${inside.trackingId}`).expect(200);
      await admin.http.get(`/api/staff/tickets/${outside.trackingId}`).expect(200);

      const { body } = await agent.http.get('/api/staff/tickets').query({ limit: 100 }).expect(200);
      const ids = body.items.map((i: { trackingId: string }) => i.trackingId);
      expect(ids).toContain(inside.trackingId);
      expect(ids).not.toContain(outside.trackingId);
      expect(body.items.every((i: { category: { id: number } }) => i.category.id === KEYS_CATEGORY)).toBe(true);
    });
  });

  describe('R-STAFF-2: staff e-mails through the outbox', () => {
    it('a new request e-mails the agents of its category, a participant reply the owner', async () => {
      const ticket = await submit({ categoryId: KEYS_CATEGORY, subject: 'Новий запит для агента' });
      const newTicket = await outbox('staff_new_ticket', ticket.trackingId);
      expect(newTicket).toEqual([expect.objectContaining({ recipient: AGENT.email })]);
      expect(newTicket[0].payload).toMatchObject({ trackingId: ticket.trackingId, requesterEmail: participant.email, category: 'Ключі кваліфікованого електронного підпису' });

      await admin.http.patch(`/api/staff/tickets/${ticket.trackingId}`).set('X-CSRF-Token', admin.csrf).send({ ownerId: agentId }).expect(200);
      expect(await outbox('staff_assigned', ticket.trackingId)).toEqual([expect.objectContaining({ recipient: AGENT.email })]);

      await t.http.post(`/api/tickets/${ticket.trackingId}/replies`).send({ email: participant.email, message: 'Доповнення' }).expect(201);
      const replies = await outbox('staff_participant_reply', ticket.trackingId);
      expect(replies).toEqual([expect.objectContaining({ recipient: AGENT.email })]);
      expect(replies[0].payload.message).toBe('Доповнення');
    });

    it('a request in a category nobody is granted e-mails the admins', async () => {
      const ticket = await submit({ categoryId: 2 });
      expect(await outbox('staff_new_ticket', ticket.trackingId)).toEqual([expect.objectContaining({ recipient: ADMIN.email })]);
    });
  });

  describe('replies and notes', () => {
    it('R-MAIL-2: a reply leaves `replied`, shows the agent\'s name and queues the participant\'s e-mail', async () => {
      const ticket = await submit({ categoryId: KEYS_CATEGORY });
      const lastSeen = await newestMessageId(agent, ticket.trackingId);
      const { body } = await agent.http
        .post(`/api/staff/tickets/${ticket.trackingId}/messages`)
        .set('X-CSRF-Token', agent.csrf)
        .field('body', 'Перевстановіть, будь ласка, ключ.')
        .field('lastSeenMessageId', lastSeen)
        .attach('attachments', Buffer.from('hello'), 'instruction.txt')
        .expect(201);
      expect(body).toMatchObject({ status: 'replied', message: { authorName: AGENT.name, internal: false, attachments: [{ filename: 'instruction.txt' }] } });
      const [mail] = await outbox('staff_reply', ticket.trackingId);
      expect(mail).toMatchObject({ recipient: participant.email, payload: { trackingId: ticket.trackingId, staffName: AGENT.name, message: 'Перевстановіть, будь ласка, ключ.' } });

      const view = await t.http.get(`/api/tickets/${ticket.trackingId}`).query({ email: participant.email }).expect(200);
      expect(view.body.status).toBe('replied');
      expect(view.body.messages[1]).toMatchObject({ authorType: 'staff', authorName: AGENT.name, authorEmail: null });
    });

    it('a note is marked for staff, never shown to the participant nor e-mailed to them', async () => {
      const ticket = await submit({ categoryId: KEYS_CATEGORY });
      const lastSeen = await newestMessageId(agent, ticket.trackingId);
      const { body } = await agent.http
        .post(`/api/staff/tickets/${ticket.trackingId}/messages`)
        .set('X-CSRF-Token', agent.csrf)
        .send({ body: 'СЕКРЕТНА нотатка', internal: true, lastSeenMessageId: lastSeen })
        .expect(201);
      expect(body).toMatchObject({ status: 'new', message: { internal: true } });
      const staffView = await agent.http.get(`/api/staff/tickets/${ticket.trackingId}`).expect(200);
      expect(staffView.body.messages.map((m: { internal: boolean }) => m.internal)).toEqual([false, true]);
      expect(staffView.body.audit.map((a: { action: string }) => a.action)).toEqual(['ticket.created', 'ticket.note_added']);

      const participantView = await t.http.get(`/api/tickets/${ticket.trackingId}`).query({ email: participant.email }).expect(200);
      expect(JSON.stringify(participantView.body)).not.toContain('СЕКРЕТНА');
      expect(await outbox('staff_reply', ticket.trackingId)).toEqual([]);
    });

    it('a reply written without seeing the newest message gets 409 with the new messages', async () => {
      const ticket = await submit({ categoryId: KEYS_CATEGORY });
      const seen = await newestMessageId(agent, ticket.trackingId);
      await t.http.post(`/api/tickets/${ticket.trackingId}/replies`).send({ email: participant.email, message: 'Ще одне питання' }).expect(201);
      const { body } = await agent.http
        .post(`/api/staff/tickets/${ticket.trackingId}/messages`)
        .set('X-CSRF-Token', agent.csrf)
        .send({ body: 'Відповідь', lastSeenMessageId: seen })
        .expect(409);
      expect(body).toMatchObject({ code: 'ticket_changed', newMessages: [{ body: 'Ще одне питання', authorType: 'participant' }] });
      expect(await outbox('staff_reply', ticket.trackingId)).toEqual([]);
    });
  });

  describe('changes, closing, merging, canned responses', () => {
    it('R-CLOSE-1: closing queues the closed e-mail; reopening and every change are audited', async () => {
      const ticket = await submit({ categoryId: KEYS_CATEGORY });
      const send = (change: Record<string, unknown>) => agent.http.patch(`/api/staff/tickets/${ticket.trackingId}`).set('X-CSRF-Token', agent.csrf).send(change).expect(200);
      await send({ priority: 'critical', ownerId: agentId });
      await send({ status: 'resolved' });
      const [closed] = await outbox('ticket_closed', ticket.trackingId);
      expect(closed).toMatchObject({ recipient: participant.email, payload: { closedBy: 'staff', trackingId: ticket.trackingId } });
      const { body } = await send({ status: 'in_progress' });
      expect(body).toMatchObject({ status: 'in_progress', priority: 'critical', owner: { id: agentId, name: AGENT.name } });
      expect(body.audit.map((a: { action: string; actorName: string }) => `${a.action}:${a.actorName}`)).toEqual([
        `ticket.created:${participant.name}`,
        `ticket.priority_changed:${AGENT.name}`,
        `ticket.assigned:${AGENT.name}`,
        `ticket.closed:${AGENT.name}`,
        `ticket.reopened:${AGENT.name}`,
      ]);
      await agent.http.patch(`/api/staff/tickets/${ticket.trackingId}`).set('X-CSRF-Token', agent.csrf).send({ categoryId: 999 }).expect(400);
      await agent.http.patch(`/api/staff/tickets/${ticket.trackingId}`).set('X-CSRF-Token', agent.csrf).send({ status: 'closed' }).expect(400);
    });

    it('merges one request into another; the old tracking ID leads to the merged one', async () => {
      const first = await submit({ categoryId: KEYS_CATEGORY, message: 'Перше звернення про ключ' });
      const second = await submit({ categoryId: KEYS_CATEGORY, message: 'Друге звернення про той самий ключ' });
      const { body } = await agent.http.post(`/api/staff/tickets/${first.trackingId}/merge`).set('X-CSRF-Token', agent.csrf).send({ intoTrackingId: second.trackingId }).expect(201);
      expect(body.trackingId).toBe(second.trackingId);
      expect(body.messages.map((m: { body: string }) => m.body)).toEqual(['Перше звернення про ключ', 'Друге звернення про той самий ключ']);
      const old = await agent.http.get(`/api/staff/tickets/${first.trackingId}`).expect(200);
      expect(old.body.trackingId).toBe(second.trackingId);
      const search = await agent.http.get('/api/staff/tickets').query({ q: 'Перше звернення', status: 'new' }).expect(200);
      expect(search.body.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([second.trackingId]);
      await agent.http.post(`/api/staff/tickets/${first.trackingId}/messages`).set('X-CSRF-Token', agent.csrf).send({ body: 'x', lastSeenMessageId: '999999' }).expect(409);
    });

    it('canned responses: create, edit, use with placeholders, delete', async () => {
      const ticket = await submit({ categoryId: KEYS_CATEGORY });
      const created = await agent.http
        .post('/api/staff/canned-responses')
        .set('X-CSRF-Token', agent.csrf)
        .send({ title: 'Привітання', body: 'Шановний {{name}}, ваш запит {{trackingId}}.' })
        .expect(201);
      const id = created.body.id;
      await agent.http.put(`/api/staff/canned-responses/${id}`).set('X-CSRF-Token', agent.csrf).send({ title: 'Привітання', body: 'Шановний {{name}}, ваш запит {{trackingId}}. {{agentName}}' }).expect(200);
      const rendered = await agent.http.get(`/api/staff/tickets/${ticket.trackingId}/canned-responses/${id}`).expect(200);
      expect(rendered.body.body).toBe(`Шановний ${participant.name}, ваш запит ${ticket.trackingId}. ${AGENT.name}`);
      expect((await agent.http.get('/api/staff/canned-responses').expect(200)).body).toEqual([expect.objectContaining({ id, title: 'Привітання' })]);
      await agent.http.delete(`/api/staff/canned-responses/${id}`).set('X-CSRF-Token', agent.csrf).expect(204);
      await agent.http.get(`/api/staff/tickets/${ticket.trackingId}/canned-responses/${id}`).expect(404);
    });
  });

  describe('the queue and search', () => {
    let searched: { trackingId: string; number: number };

    beforeAll(async () => {
      searched = await submit({ name: 'Оксана Шевченко', email: 'oksana.shevchenko@energo.example', subject: 'Сертифікат не завантажується', message: 'Trading platform shows an authorisation failure' });
    });

    it('finds by partial Ukrainian and English words, e-mail, tracking ID and number', async () => {
      const find = async (q: string) => (await admin.http.get('/api/staff/tickets').query({ q }).expect(200)).body.items.map((i: { trackingId: string }) => i.trackingId);
      expect(await find('сертиф')).toContain(searched.trackingId);
      expect(await find('Шевчен')).toContain(searched.trackingId);
      expect(await find('energo.exam')).toContain(searched.trackingId);
      expect(await find('authoris fail')).toEqual([searched.trackingId]);
      expect(await find(searched.trackingId.toLowerCase().replace(/-/g, ''))).toEqual([searched.trackingId]);
      expect(await find(String(searched.number))).toContain(searched.trackingId);
      expect(await find('платформа авторизація відсутня')).toEqual([]);
      expect(await find('%')).toEqual([]);
    });

    it('pages with a keyset cursor, in every sort, without gaps or repeats, and counts per status', async () => {
      for (const sort of ['updated', 'created', 'priority', 'number']) {
        const all = (await admin.http.get('/api/staff/tickets').query({ sort, limit: 100 }).expect(200)).body.items.map((i: { number: number }) => i.number);
        const paged: number[] = [];
        let cursor: string | undefined;
        do {
          const { body } = await admin.http.get('/api/staff/tickets').query({ sort, limit: 3, ...(cursor ? { cursor } : {}) }).expect(200);
          paged.push(...body.items.map((i: { number: number }) => i.number));
          cursor = body.nextCursor ?? undefined;
        } while (cursor);
        expect(paged).toEqual(all);
      }
      const [{ total }] = await t.db.query(`SELECT count(*)::int AS total FROM tickets`);
      const counts = (await admin.http.get('/api/staff/tickets/counts').expect(200)).body;
      expect(Object.values(counts).reduce((a: number, b) => a + (b as number), 0)).toBe(total);
      const [{ resolved }] = await t.db.query(`SELECT count(*)::int AS resolved FROM tickets WHERE status = 'resolved'`);
      expect(counts.resolved).toBe(resolved);
    });

    it('filters by status, owner, priority and dates; refuses unknown values with 400', async () => {
      const { body } = await admin.http.get('/api/staff/tickets').query({ status: 'in_progress,resolved', owner: agentId, priority: 'critical' }).expect(200);
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items.every((i: { status: string; owner: { id: string }; priority: string }) => ['in_progress', 'resolved'].includes(i.status) && i.owner.id === agentId && i.priority === 'critical')).toBe(true);
      const mine = await agent.http.get('/api/staff/tickets').query({ owner: 'me' }).expect(200);
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((i: { owner: { id: string } | null }) => i.owner?.id === agentId)).toBe(true);
      const unassigned = await admin.http.get('/api/staff/tickets').query({ owner: 'unassigned', limit: 100 }).expect(200);
      expect(unassigned.body.items.every((i: { owner: unknown }) => i.owner === null)).toBe(true);
      const future = await admin.http.get('/api/staff/tickets').query({ createdFrom: '2999-01-01T00:00:00Z' }).expect(200);
      expect(future.body.items).toEqual([]);
      await admin.http.get('/api/staff/tickets').query({ status: 'closed' }).expect(400);
      await admin.http.get('/api/staff/tickets').query({ cursor: 'garbage' }).expect(400);
    });
  });

  describe('R-CLOSE-2: auto-close', () => {
    it('resolves requests in `replied` 72 h after the last staff reply, once, with audit and e-mail', async () => {
      const stale = await submit({ categoryId: KEYS_CATEGORY });
      const fresh = await submit({ categoryId: KEYS_CATEGORY });
      for (const ticket of [stale, fresh]) {
        await agent.http
          .post(`/api/staff/tickets/${ticket.trackingId}/messages`)
          .set('X-CSRF-Token', agent.csrf)
          .send({ body: 'Відповідь', lastSeenMessageId: await newestMessageId(agent, ticket.trackingId) })
          .expect(201);
      }
      await t.db.query(`UPDATE messages SET created_at = now() - interval '73 hours' WHERE ticket_id = (SELECT id FROM tickets WHERE tracking_id = $1)`, [stale.trackingId]);
      await t.db.query(`UPDATE messages SET created_at = now() - interval '71 hours' WHERE ticket_id = (SELECT id FROM tickets WHERE tracking_id = $1)`, [fresh.trackingId]);

      const job = t.app.get(AutoCloseJob);
      expect(await job.run()).toBe(1);
      expect(await job.run()).toBe(0);
      const status = async (trackingId: string) => (await t.db.query(`SELECT status FROM tickets WHERE tracking_id = $1`, [trackingId]))[0].status;
      expect(await status(stale.trackingId)).toBe('resolved');
      expect(await status(fresh.trackingId)).toBe('replied');
      expect(await outbox('ticket_closed', stale.trackingId)).toEqual([expect.objectContaining({ recipient: participant.email, payload: expect.objectContaining({ closedBy: 'system' }) })]);
      const [audit] = await t.db.query(`SELECT actor_type, details FROM audit_log WHERE action = 'ticket.closed' AND ticket_id = (SELECT id FROM tickets WHERE tracking_id = $1)`, [stale.trackingId]);
      expect(audit).toMatchObject({ actor_type: 'system', details: { automatic: true } });
    });

    it('runs a job on one instance at a time (PostgreSQL advisory lock)', async () => {
      const runner = t.app.get(JobRunner);
      let inner: boolean | undefined;
      const outer = await runner.runExclusively('auto-close', async () => {
        inner = await runner.runExclusively('auto-close', async () => undefined);
      });
      expect(outer).toBe(true);
      expect(inner).toBe(false);
      expect(await runner.runExclusively('auto-close', async () => undefined)).toBe(true);
    });
  });

  describe('lockout', () => {
    // 12.5 changed this rule: 6 failures used to lock the account for everyone (and the IP for every account).
    it('12.5: 6 failed attempts lock this account from this address, not the account, nor the address for others', async () => {
      await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ email: 'victim@oree.test', name: 'V', role: 'agent', password: 'victim-password' }).expect(201);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await t.http.post('/api/staff/auth/sign-in').send({ email: 'victim@oree.test', password: `guess-${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
      // The right password is refused from here while locked…
      await t.http.post('/api/staff/auth/sign-in').send({ email: 'victim@oree.test', password: 'victim-password' }).expect(429);
      // …this address still signs in to other accounts, and the account is neither locked nor yet slowed (STAFF_SLOWDOWN_AFTER is 10).
      await t.http.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
      const [victim] = await t.db.query(`SELECT failed_sign_ins, slowed_until FROM staff_accounts WHERE email = 'victim@oree.test'`);
      expect(victim).toEqual({ failed_sign_ins: 6, slowed_until: null });
    });
  });
});
