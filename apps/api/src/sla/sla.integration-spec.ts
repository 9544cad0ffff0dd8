import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { manualParticipant as participant } from '../testing/fixtures';
import { SlaEscalationJob } from './sla-escalation.job';
import { moveSlaBack } from '../testing/sla-time';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'agent@oree.test', password: 'agent-password-1', name: 'Агент' };
const KEYS_CATEGORY = 3;
const MINUTE = 60_000;
/** Every minute a working one, so that due times read as plain sums whatever the hour the test runs at. */
const ALWAYS = Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]);

jest.setTimeout(60_000);

interface Session {
  http: TestAgent;
  csrf: string;
}

describe('SLA policies, calendars and clocks (issue 19)', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  let calendarId: number;
  let defaultPolicyId: number;

  async function signIn(credentials: { email: string; password: string }): Promise<Session> {
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(credentials).expect(200);
    return { http, csrf: body.csrfToken };
  }
  const submit = (overrides: Record<string, unknown> = {}) => t.http.post('/api/tickets').send({ ...participant, ...overrides }).expect(201).then((r) => r.body as { trackingId: string });
  const slaRow = async (trackingId: string) => {
    const [row] = await t.db.query(`SELECT t.sla_due_at, t.created_at, s.policy_id, s.state FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id WHERE t.tracking_id = $1`, [trackingId]);
    return row as { sla_due_at: Date | null; created_at: Date; policy_id: number | null; state: { paused: boolean; clocks: Record<string, { dueAt: string | null; spent: number; stoppedAt: string | null }> } };
  };
  const staffReply = async (trackingId: string, status?: string) => {
    const { body } = await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    const lastSeenMessageId = body.messages[body.messages.length - 1].id;
    await admin.http.post(`/api/staff/tickets/${trackingId}/messages`).set('X-CSRF-Token', admin.csrf).send({ body: 'Відповідь', lastSeenMessageId, ...(status ? { status } : {}) }).expect(201);
  };
  const movedBack = (trackingId: string, minutes: number) => moveSlaBack(t.db, trackingId, minutes);

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', SLA_CONFIG_CACHE_SECONDS: '0' });
    admin = await signIn(ADMIN);
    await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    agent = await signIn({ email: AGENT.email, password: AGENT.password });
  });
  afterAll(() => t.close());

  describe('admin API', () => {
    it('has a default calendar, Mon–Fri 09:00–18:00 with public holidays suspended (martial law), and a default policy using it', async () => {
      const { body: calendars } = await admin.http.get('/api/staff/sla/calendars').expect(200);
      expect(calendars).toHaveLength(1);
      expect(calendars[0]).toMatchObject({ timeZone: 'Europe/Kyiv', observePublicHolidays: false, workedHolidays: [], extraDaysOff: [] });
      expect(calendars[0].week).toEqual([...Array(5).fill([{ start: '09:00', end: '18:00' }]), [], []]);
      calendarId = calendars[0].id;
      const { body: policies } = await admin.http.get('/api/staff/sla/policies').expect(200);
      expect(policies).toEqual([expect.objectContaining({ categoryId: null, priority: null, calendarId, firstResponseMinutes: 540 })]);
      defaultPolicyId = policies[0].id;
    });

    it('is for admins only', async () => {
      const { body } = await agent.http.get('/api/staff/sla/policies').set('Accept-Language', 'en').expect(403);
      expect(body.code).toBe('staff_forbidden');
      await t.http.get('/api/staff/sla/calendars').expect(401);
    });

    it("lists Ukraine's public holidays of a year in the caller's language", async () => {
      const { body: uk } = await admin.http.get('/api/staff/sla/holidays?year=2026').expect(200);
      expect(uk).toContainEqual({ date: '2026-08-24', name: 'День Незалежності' });
      const { body: en } = await admin.http.get('/api/staff/sla/holidays?year=2026').set('Accept-Language', 'en').expect(200);
      expect(en.find((day: { date: string }) => day.date === '2026-08-24').name).toMatch(/Independence/);
      await admin.http.get('/api/staff/sla/holidays?year=99999').expect(400);
    });

    it('refuses hours that are no hours, naming the day in the caller\'s language', async () => {
      const week = [[{ start: '09:00', end: '18:00' }], [{ start: '18:00', end: '09:00' }], [], [], [], [], []];
      const send = { name: 'Зламаний', week, observePublicHolidays: true, workedHolidays: [], extraDaysOff: [] };
      const { body: uk } = await admin.http.post('/api/staff/sla/calendars').set('X-CSRF-Token', admin.csrf).send(send).expect(400);
      expect(uk).toMatchObject({ code: 'sla_hours_invalid', message: expect.stringContaining('вівторок') });
      const { body: en } = await admin.http.post('/api/staff/sla/calendars').set('X-CSRF-Token', admin.csrf).set('Accept-Language', 'en').send(send).expect(400);
      expect(en.message).toContain('Tuesday');
      await admin.http.post('/api/staff/sla/calendars').set('X-CSRF-Token', admin.csrf).send({ ...send, week: [[{ start: '9', end: '18' }]] }).expect(400);
      await admin.http.post('/api/staff/sla/calendars').set('X-CSRF-Token', admin.csrf).send({ ...send, week: ALWAYS, extraDaysOff: ['2026-02-30'] }).expect(400);
      const { body: empty } = await admin.http.post('/api/staff/sla/calendars').set('X-CSRF-Token', admin.csrf).send({ ...send, week: Array(7).fill([]) }).expect(400);
      expect(empty.code).toBe('sla_week_empty');
    });

    it('keeps one policy per scope and the default one whole; a calendar in use stays', async () => {
      const policy = { name: 'Ключі', categoryId: KEYS_CATEGORY, priority: null, calendarId, firstResponseMinutes: 120, nextResponseMinutes: null, resolutionMinutes: 600 };
      const { body: created } = await admin.http.post('/api/staff/sla/policies').set('X-CSRF-Token', admin.csrf).send(policy).expect(201);
      const { body: taken } = await admin.http.post('/api/staff/sla/policies').set('X-CSRF-Token', admin.csrf).set('Accept-Language', 'en').send(policy).expect(409);
      expect(taken.code).toBe('sla_policy_scope_taken');
      await admin.http.post('/api/staff/sla/policies').set('X-CSRF-Token', admin.csrf).send({ ...policy, priority: 'urgent' }).expect(400);
      await admin.http.post('/api/staff/sla/policies').set('X-CSRF-Token', admin.csrf).send({ ...policy, categoryId: 999 }).expect(400);
      await admin.http.post('/api/staff/sla/policies').set('X-CSRF-Token', admin.csrf).send({ ...policy, firstResponseMinutes: 0 }).expect(400);
      const { body: narrowed } = await admin.http.put(`/api/staff/sla/policies/${defaultPolicyId}`).set('X-CSRF-Token', admin.csrf).send({ ...policy, categoryId: 1 }).expect(409);
      expect(narrowed.code).toBe('sla_default_policy_required');
      await admin.http.delete(`/api/staff/sla/policies/${defaultPolicyId}`).set('X-CSRF-Token', admin.csrf).expect(409);
      const { body: inUse } = await admin.http.delete(`/api/staff/sla/calendars/${calendarId}`).set('X-CSRF-Token', admin.csrf).expect(409);
      expect(inUse.code).toBe('sla_calendar_in_use');
      await admin.http.delete(`/api/staff/sla/policies/${created.id}`).set('X-CSRF-Token', admin.csrf).expect(204);
      await admin.http.delete('/api/staff/sla/policies/99999999999').set('X-CSRF-Token', admin.csrf).expect(400);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM audit_log WHERE action LIKE 'sla.%'`);
      expect(count).toBe(2);
    });
  });

  describe('clocks', () => {
    beforeAll(async () => {
      await admin.http.put(`/api/staff/sla/calendars/${calendarId}`).set('X-CSRF-Token', admin.csrf).send({ name: 'Цілодобово', week: ALWAYS, observePublicHolidays: false, workedHolidays: [], extraDaysOff: [] }).expect(200);
      await admin.http
        .put(`/api/staff/sla/policies/${defaultPolicyId}`)
        .set('X-CSRF-Token', admin.csrf)
        .send({ name: 'Типова', categoryId: null, priority: null, calendarId, firstResponseMinutes: 240, nextResponseMinutes: 180, resolutionMinutes: 1200 })
        .expect(200);
      await admin.http
        .post('/api/staff/sla/policies')
        .set('X-CSRF-Token', admin.csrf)
        .send({ name: 'Ключі, терміново', categoryId: KEYS_CATEGORY, priority: 'critical', calendarId, firstResponseMinutes: 30, nextResponseMinutes: 30, resolutionMinutes: 240 })
        .expect(201);
    });

    it('start when the request opens, under the default policy, in the same statement', async () => {
      const { trackingId } = await submit({ categoryId: KEYS_CATEGORY });
      const row = await slaRow(trackingId);
      expect(row.policy_id).toBe(defaultPolicyId);
      // The clocks read the API's clock, the creation time the database's: the same moment, give or take a second.
      expect(Math.abs(row.sla_due_at!.getTime() - (row.created_at.getTime() + 240 * MINUTE))).toBeLessThan(5_000);
      expect(Math.abs(new Date(row.state.clocks.resolution.dueAt!).getTime() - (row.created_at.getTime() + 1200 * MINUTE))).toBeLessThan(5_000);
    });

    it('follow a change of priority to the more specific policy, keeping the time used', async () => {
      const { trackingId } = await submit({ categoryId: KEYS_CATEGORY });
      await movedBack(trackingId, 10);
      await admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ priority: 'critical' }).expect(200);
      const row = await slaRow(trackingId);
      expect(row.policy_id).not.toBe(defaultPolicyId);
      // 10 of the 30 minutes were used before the change.
      expect(Math.abs(row.sla_due_at!.getTime() - (Date.now() + 20 * MINUTE))).toBeLessThan(5_000);
    });

    it('pause while the participant has the turn (replied, on hold) and go on, the pause not counted, when they reply', async () => {
      const { trackingId } = await submit();
      await movedBack(trackingId, 100);
      await staffReply(trackingId);
      let row = await slaRow(trackingId);
      expect(row.sla_due_at).toBeNull();
      expect(row.state.paused).toBe(true);
      expect(row.state.clocks.firstResponse.stoppedAt).not.toBeNull();
      expect(Math.round(row.state.clocks.resolution.spent)).toBe(100);
      const { body: queue } = await admin.http.get('/api/staff/tickets?status=replied').expect(200);
      expect(queue.items.find((item: { trackingId: string }) => item.trackingId === trackingId).slaDueAt).toBeNull();

      await t.http.post(`/api/tickets/${trackingId}/replies`).send({ email: participant.email, message: 'Ще питання' }).expect(201);
      row = await slaRow(trackingId);
      expect(row.state.paused).toBe(false);
      // Resolution: 1100 of 1200 minutes left from now; the next response: 180 from now, the nearer.
      expect(Math.abs(new Date(row.state.clocks.resolution.dueAt!).getTime() - (Date.now() + 1100 * MINUTE))).toBeLessThan(5_000);
      expect(Math.abs(row.sla_due_at!.getTime() - (Date.now() + 180 * MINUTE))).toBeLessThan(5_000);

      await admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ status: 'on_hold' }).expect(200);
      expect((await slaRow(trackingId)).sla_due_at).toBeNull();
      await admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ status: 'resolved' }).expect(200);
      row = await slaRow(trackingId);
      expect(row.sla_due_at).toBeNull();
      expect(row.state.clocks.resolution.stoppedAt).not.toBeNull();
    });

    it('show on the request page, and the queue sorts and filters by them', async () => {
      const late = await submit();
      const onTime = await submit();
      await movedBack(late.trackingId, 300);
      const { body: page } = await admin.http.get(`/api/staff/tickets/${late.trackingId}`).expect(200);
      expect(page.sla).toMatchObject({ paused: false, clocks: expect.arrayContaining([expect.objectContaining({ name: 'firstResponse' })]) });
      expect(new Date(page.slaDueAt).getTime()).toBeLessThan(Date.now());

      const { body: overdue } = await admin.http.get('/api/staff/tickets?sla=overdue').expect(200);
      const overdueIds = overdue.items.map((item: { trackingId: string }) => item.trackingId);
      expect(overdueIds).toContain(late.trackingId);
      expect(overdueIds).not.toContain(onTime.trackingId);
      const { body: counts } = await admin.http.get('/api/staff/tickets/counts?sla=overdue').expect(200);
      expect(counts.new).toBe(overdueIds.length);

      const { body: first } = await admin.http.get('/api/staff/tickets?sort=due&order=asc&limit=1').expect(200);
      expect(first.items[0].trackingId).toBe(late.trackingId);
      // Keyset pages through the due order, requests with no running clock last.
      const seen: (string | null)[] = [];
      let cursor: string | null = null;
      do {
        const response = await admin.http.get(`/api/staff/tickets?sort=due&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        const body = response.body as { items: { slaDueAt: string | null }[]; nextCursor: string | null };
        seen.push(...body.items.map((item) => item.slaDueAt));
        cursor = body.nextCursor;
      } while (cursor);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM tickets`);
      expect(seen).toHaveLength(count);
      const dated = seen.filter((due): due is string => due !== null);
      expect(dated).toEqual([...dated].sort());
      expect(seen.slice(dated.length).every((due) => due === null)).toBe(true);
      await admin.http.get('/api/staff/tickets?sla=late').expect(400);
    });
  });

  describe('escalations', () => {
    const outbox = (template: string, trackingId: string) =>
      t.db.query(`SELECT o.recipient, o.locale, o.payload FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.template = $1 AND t.tracking_id = $2 ORDER BY o.id`, [template, trackingId]);
    const audits = (trackingId: string) =>
      t.db.query(`SELECT a.action, a.details FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE a.action LIKE 'sla.%' AND t.tracking_id = $1 ORDER BY a.id`, [trackingId]);

    it('warn the owner at the set share of the target and tell the admins at the breach, each once, audited', async () => {
      const job = t.app.get(SlaEscalationJob);
      await job.run();
      const { trackingId } = await submit({ categoryId: KEYS_CATEGORY });
      const { body: team } = await admin.http.get('/api/staff/team').expect(200);
      const agentId = team.find((member: { name: string }) => member.name === AGENT.name).id;
      await admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ ownerId: agentId }).expect(200);
      // First response: 240 minutes under the default policy (round the clock); 80% is 192.
      await job.run();
      expect(await outbox('staff_sla_warning', trackingId)).toEqual([]);

      await movedBack(trackingId, 200);
      await job.run();
      await job.run();
      const warnings = await outbox('staff_sla_warning', trackingId);
      expect(warnings).toEqual([expect.objectContaining({ recipient: AGENT.email, payload: expect.objectContaining({ trackingId, clock: 'перша відповідь' }) })]);
      expect(await outbox('staff_sla_breached', trackingId)).toEqual([]);

      await movedBack(trackingId, 50);
      await job.run();
      await job.run();
      const breaches = await outbox('staff_sla_breached', trackingId);
      expect(breaches.map((row: { recipient: string }) => row.recipient)).toEqual([ADMIN.email]);
      expect((await audits(trackingId)).map((row: { action: string; details: { clock: string } }) => [row.action, row.details.clock])).toEqual([
        ['sla.warned', 'firstResponse'],
        ['sla.breached', 'firstResponse'],
      ]);
      const row = await slaRow(trackingId);
      expect(row.state.clocks.firstResponse).toMatchObject({ breachedAt: expect.any(String) });
      // The owner answers: nothing more to tell of this clock; the resolution clock's warning is hours away.
      await staffReply(trackingId);
      const [{ alert_at: alertAt }] = await t.db.query(`SELECT alert_at FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id WHERE t.tracking_id = $1`, [trackingId]);
      expect(alertAt).toBeNull();
    });
  });
});
