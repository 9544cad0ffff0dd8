import { createTestApp, TestApp } from '../testing/test-app';
import { signInStaff, StaffTestSession, patch } from '../testing/staff-session';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1', name: 'Адміністраторка' };
const AGENT = { email: 'notices-agent@oree.test', password: 'agent-password-1', name: 'Агент Сповіщень' };
const KEYS_CATEGORY = 3;

jest.setTimeout(60_000);

/**
 * Issue 17, R-STAFF-2: who gets "new request" e-mails is each account's visible setting. The defaults keep
 * the rule that was hidden before (agents hear of their categories; admins only of a category no agent
 * covers), and each person may change their own, an admin anyone's.
 */
describe('new-request e-mails per staff member (issue 17, R-STAFF-2)', () => {
  let t: TestApp;
  let admin: StaffTestSession;
  let agent: StaffTestSession;
  let agentId: string;

  const signIn = (credentials: { email: string; password: string }) => signInStaff(t, credentials);
  let counter = 0;
  /** A new request in the keys category; answers who got its staff_new_ticket e-mail. */
  const noticed = async (): Promise<string[]> => {
    counter += 1;
    const { body } = await t.http.post('/api/tickets').send({ name: 'Учасник', email: `notices-${counter}@participant.test`, subject: 'Ключ', message: 'Не працює ключ.', categoryId: KEYS_CATEGORY }).expect(201);
    const rows = await t.db.query(
      `SELECT o.recipient FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.tracking_id = $1 AND o.template = 'staff_new_ticket' ORDER BY o.recipient`,
      [body.trackingId],
    );
    return rows.map((row: { recipient: string }) => row.recipient);
  };

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ADMIN_NAME: ADMIN.name, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
    admin = await signIn(ADMIN);
    const { body } = await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    agentId = body.account.id;
    agent = await signIn(AGENT);
  });
  afterAll(() => t?.close());

  it('shows each account its setting; the defaults are the old rule made explicit (admins `fallback`, agents `all`)', async () => {
    const { body: accounts } = await admin.http.get('/api/staff/accounts').expect(200);
    expect(Object.fromEntries(accounts.map((a: { email: string; newRequestEmails: string }) => [a.email, a.newRequestEmails]))).toEqual({ [ADMIN.email]: 'fallback', [AGENT.email]: 'all' });
    const { body: session } = await agent.http.get('/api/staff/auth/session').expect(200);
    expect(session.staff.newRequestEmails).toBe('all');
    // The old rule: the category's agent hears of it, the admin does not.
    expect(await noticed()).toEqual([AGENT.email]);
  });

  it('an admin who chooses `all` for themselves hears of every new request, covered categories too', async () => {
    const { body } = await patch(admin, '/api/staff/profile', { newRequestEmails: 'all' }).expect(200);
    expect(body).toEqual({ newRequestEmails: 'all' });
    expect(await noticed()).toEqual([ADMIN.email, AGENT.email].sort());
    const [audit] = await t.db.query(`SELECT actor_name AS "actorName", details FROM audit_log WHERE action = 'staff.updated' AND details->>'own' = 'true' ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ actorName: ADMIN.name, details: { newRequestEmails: 'all' } });
  });

  it('`fallback` hears of a category nobody with `all` hears of; `assigned` hears only of its assignments; `none` of nothing', async () => {
    await patch(admin, '/api/staff/profile', { newRequestEmails: 'fallback' }).expect(200);
    await patch(agent, '/api/staff/profile', { newRequestEmails: 'assigned' }).expect(200);
    // The agent steps back: the admin, the safety net, is told.
    expect(await noticed()).toEqual([ADMIN.email]);

    // An admin sets it for someone else, in the staff accounts page.
    const { body: updated } = await patch(admin, `/api/staff/accounts/${agentId}`, { newRequestEmails: 'none' }).expect(200);
    expect(updated.newRequestEmails).toBe('none');
    await patch(admin, '/api/staff/profile', { newRequestEmails: 'none' }).expect(200);
    expect(await noticed()).toEqual([]);
  });

  it('an assignment is e-mailed unless the assignee chose `none`', async () => {
    const assign = async (setting: string): Promise<number> => {
      await patch(admin, `/api/staff/accounts/${agentId}`, { newRequestEmails: setting }).expect(200);
      counter += 1;
      const { body } = await t.http.post('/api/tickets').send({ name: 'Учасник', email: `notices-${counter}@participant.test`, subject: 'Ключ', message: 'Не працює ключ.', categoryId: KEYS_CATEGORY }).expect(201);
      await patch(admin, `/api/staff/tickets/${body.trackingId}`, { ownerId: agentId }).expect(200);
      const [row] = await t.db.query(`SELECT count(*)::int AS n FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.tracking_id = $1 AND o.template = 'staff_assigned'`, [body.trackingId]);
      return row.n;
    };
    expect(await assign('assigned')).toBe(1);
    expect(await assign('none')).toBe(0);
  });

  it('refuses a value it does not know with 400, in Ukrainian and English; only admins change anyone else\'s', async () => {
    const uk = await patch(agent, '/api/staff/profile', { newRequestEmails: 'sometimes' }).expect(400);
    // The allowed values named, though the DTO's @IsIn gives them no context of its own.
    expect(uk.body.message).toMatch(/має містити одне зі значень: all, fallback, assigned, none\.$/);
    const en = await agent.http.patch('/api/staff/profile').set('X-CSRF-Token', agent.csrf).set('Accept-Language', 'en').send({ newRequestEmails: 'sometimes' }).expect(400);
    expect(en.body.message).toMatch(/must be one of: all, fallback, assigned, none\.$/);
    await patch(agent, `/api/staff/accounts/${agentId}`, { newRequestEmails: 'all' }).expect(403);
    await t.http.patch('/api/staff/profile').send({ newRequestEmails: 'all' }).expect(401);
  });
});
