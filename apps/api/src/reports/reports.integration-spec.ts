import ExcelJS from 'exceljs';
import request from 'supertest';
import { createTestApp, TestApp } from '../testing/test-app';
import { ReportFacts } from './report-facts.service';
import { TOTALS_APART_AFTER_DAYS } from './reports.service';
import { signInStaff, StaffTestSession } from '../testing/staff-session';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'agent@oree.test', password: 'agent-password-1', name: 'Агент Звітів' };
const KEYS_CATEGORY = 3;
const RANGE = 'from=2026-11-01&to=2026-11-30';

jest.setTimeout(60_000);

/** A clock as the SLA module stores it once stopped. */
const clock = (stoppedAt: string, breachedAt: string | null = null) => ({ target: 60, spent: 0, runningSince: null, dueAt: null, stoppedAt, breachedAt });

/**
 * Issue 19, reports. A hand-made history under the default calendar (Mon–Fri 09:00–18:00 in Kyiv; November is
 * UTC+2), so each working time is known:
 * - A (keys, the agent's, high, site): opened Mon 2 Nov 10:00, answered 10:30 (30 min), closed 12:00 (120 min); both clocks met; the reply rated helpful.
 * - B (keys, the agent's, medium, e-mail): opened Fri 6 Nov 17:00, answered Mon 9 Nov 10:00 (60 + 60 = 120 min, first response breached),
 *   closed Tue 10 Nov 09:00 (60 + 540 = 600 min, met); the reply rated not helpful.
 * - C (regular, the admin's, low, site, an organisation): opened Tue 3 Nov 09:00, answered 09:10 (10 min, met), in progress.
 * - D (regular, nobody's, medium, site): opened Wed 4 Nov 11:00, new.
 * - E: opened 20 Oct, before the range, still open. F: opened two hours ago, open.
 * Satisfaction after closing: A's closing got 5 stars (2 Nov); B's first closing 2 stars (9 Nov), its second 4 (10 Nov); one more of B's
 * on 1 Dec is outside the range.
 */
describe('reports (issue 19)', () => {
  let t: TestApp;
  let admin: StaffTestSession;
  let agent: StaffTestSession;
  let adminId: string;
  let agentId: string;
  let organisationId: number;

  const signIn = (credentials: { email: string; password: string }) => signInStaff(t, credentials);

  async function ticket(n: number, fields: { category: number; owner: string | null; priority: string; channel: string; status: string; created: string; updated: string; organisation?: number }): Promise<string> {
    const [row] = await t.db.query(
      `INSERT INTO tickets (tracking_id, subject, requester_name, requester_email, category_id, owner_id, priority, channel, status, organisation_id, created_at, updated_at)
       VALUES ($1, 'Звіт', 'Учасник', 'p@example.com', $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [`RPT-000-00${n}`, fields.category, fields.owner, fields.priority, fields.channel, fields.status, fields.organisation ?? null, fields.created, fields.updated],
    );
    await t.db.query(`INSERT INTO messages (ticket_id, author_type, author_name, body, created_at) VALUES ($1, 'participant', 'Учасник', 'Питання', $2)`, [row.id, fields.created]);
    return row.id;
  }
  const reply = async (ticketId: string, at: string, author: string, rating?: { rating: string; at: string }) => {
    await t.db.query(
      `INSERT INTO messages (ticket_id, author_type, author_name, author_staff_id, body, created_at, rating, rated_at) VALUES ($1, 'staff', 'Агент', $2, 'Відповідь', $3, $4, $5)`,
      [ticketId, author, at, rating?.rating ?? null, rating?.at ?? null],
    );
    // A note is never a response.
    await t.db.query(`INSERT INTO messages (ticket_id, author_type, author_name, author_staff_id, body, is_internal, created_at) VALUES ($1, 'staff', 'Агент', $2, 'Нотатка', true, $3::timestamptz - interval '5 minutes')`, [ticketId, author, at]);
  };
  const closed = (ticketId: string, at: string) => t.db.query(`INSERT INTO audit_log (ticket_id, actor_type, actor_name, action, created_at) VALUES ($1, 'staff', 'Агент', 'ticket.closed', $2)`, [ticketId, at]);
  const satisfied = (ticketId: string, closedAt: string, stars: number, answeredAt: string) =>
    t.db.query(`INSERT INTO satisfaction_answers (ticket_id, closed_at, stars, comment, answered_at) VALUES ($1, $2, $3, 'Коментар', $4)`, [ticketId, closedAt, stars, answeredAt]);
  const sla = (ticketId: string, clocks: Record<string, unknown>) => t.db.query(`INSERT INTO ticket_sla (ticket_id, state) VALUES ($1, $2)`, [ticketId, JSON.stringify({ paused: false, clocks })]);

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', SLA_CONFIG_CACHE_SECONDS: '0' });
    admin = await signIn(ADMIN);
    await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    [{ id: agentId }] = await t.db.query(`SELECT id FROM staff_accounts WHERE email = $1`, [AGENT.email]);
    agent = await signIn({ email: AGENT.email, password: AGENT.password });
    [{ id: adminId }] = await t.db.query(`SELECT id FROM staff_accounts WHERE email = $1`, [ADMIN.email]);
    [{ id: organisationId }] = await t.db.query(`INSERT INTO organisations (name_uk, name_en) VALUES ('ТОВ «Вітрова»', 'Vitrova LLC') RETURNING id`);

    const a = await ticket(1, { category: KEYS_CATEGORY, owner: agentId, priority: 'high', channel: 'web', status: 'resolved', created: '2026-11-02T08:00:00Z', updated: '2026-11-02T10:00:00Z' });
    await reply(a, '2026-11-02T08:30:00Z', agentId, { rating: 'helpful', at: '2026-11-02T09:00:00Z' });
    await closed(a, '2026-11-02T10:00:00Z');
    await sla(a, { firstResponse: clock('2026-11-02T08:30:00Z'), resolution: clock('2026-11-02T10:00:00Z') });
    await satisfied(a, '2026-11-02T10:00:00Z', 5, '2026-11-02T11:00:00Z');

    const b = await ticket(2, { category: KEYS_CATEGORY, owner: agentId, priority: 'medium', channel: 'email', status: 'resolved', created: '2026-11-06T15:00:00Z', updated: '2026-11-10T07:00:00Z' });
    await reply(b, '2026-11-09T08:00:00Z', agentId, { rating: 'not_helpful', at: '2026-11-09T10:00:00Z' });
    // Closed, reopened, closed again: the last close counts.
    await closed(b, '2026-11-09T09:00:00Z');
    await closed(b, '2026-11-10T07:00:00Z');
    await sla(b, { firstResponse: clock('2026-11-09T08:00:00Z', '2026-11-09T07:00:00Z'), resolution: clock('2026-11-10T07:00:00Z') });
    await satisfied(b, '2026-11-09T09:00:00Z', 2, '2026-11-09T09:30:00Z');
    await satisfied(b, '2026-11-10T07:00:00Z', 4, '2026-11-10T08:00:00Z');
    await satisfied(b, '2026-12-01T07:00:00Z', 1, '2026-12-01T08:00:00Z');

    const c = await ticket(3, { category: 1, owner: adminId, priority: 'low', channel: 'web', status: 'in_progress', created: '2026-11-03T07:00:00Z', updated: '2026-11-03T07:10:00Z', organisation: organisationId });
    await reply(c, '2026-11-03T07:10:00Z', adminId);
    await sla(c, { firstResponse: clock('2026-11-03T07:10:00Z'), resolution: { ...clock('x'), stoppedAt: null, runningSince: '2026-11-03T07:00:00Z' } });

    await ticket(4, { category: 1, owner: null, priority: 'medium', channel: 'web', status: 'new', created: '2026-11-04T09:00:00Z', updated: '2026-11-04T09:00:00Z' });
    await ticket(5, { category: 1, owner: null, priority: 'medium', channel: 'web', status: 'waiting_reply', created: '2026-10-20T07:00:00Z', updated: '2026-10-20T07:00:00Z' });
    const hoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await ticket(6, { category: 2, owner: null, priority: 'medium', channel: 'web', status: 'new', created: hoursAgo, updated: hoursAgo });
  });
  afterAll(() => t.close());

  const expectAdminFigures = async () => {
    const { body } = await admin.http.get(`/api/staff/reports?${RANGE}&interval=day&groupBy=category`).set('Accept-Language', 'en').expect(200);
    expect(body.ownOnly).toBe(false);
    expect(body.volume).toHaveLength(30);
    const day = (period: string) => body.volume.find((point: { period: string }) => point.period === period);
    // E was open when the range began.
    expect(day('2026-11-01')).toEqual({ period: '2026-11-01', created: 0, resolved: 0, open: 1 });
    expect(day('2026-11-02')).toEqual({ period: '2026-11-02', created: 1, resolved: 1, open: 1 });
    expect(day('2026-11-06')).toEqual({ period: '2026-11-06', created: 1, resolved: 0, open: 4 });
    expect(day('2026-11-10')).toEqual({ period: '2026-11-10', created: 0, resolved: 1, open: 3 });
    expect(day('2026-11-30').open).toBe(3);
    // First responses 10, 30, 120: median 30, p90 30 + 0.8 × 90; resolutions 120, 600: median 360, p90 120 + 0.9 × 480.
    expect(body.totals).toEqual({
      created: 4, resolved: 2,
      firstResponse: { count: 3, median: 30, p90: 102 },
      resolution: { count: 2, median: 360, p90: 552 },
      slaMet: 4, slaTotal: 5, slaMetPercent: 80,
      helpful: 1, notHelpful: 1,
      // 5, 2 and 4 stars in the range (B's answer of 1 December is not).
      satisfaction: { count: 3, average: 3.7, distribution: [0, 1, 0, 1, 1] },
    });
    const keys = body.breakdown.find((row: { key: string }) => row.key === String(KEYS_CATEGORY));
    expect(keys).toMatchObject({ label: 'Qualified e-signature keys', created: 2, resolved: 2, firstResponse: { count: 2, median: 75, p90: 111 }, slaMet: 3, slaTotal: 4, slaMetPercent: 75, helpful: 1, notHelpful: 1, satisfaction: { count: 3, average: 3.7, distribution: [0, 1, 0, 1, 1] } });
    expect(body.breakdown.find((row: { key: string }) => row.key === '1')).toMatchObject({ created: 2, resolved: 0, firstResponse: { count: 1, median: 10, p90: 10 }, slaMet: 1, slaTotal: 1, satisfaction: { count: 0, average: null, distribution: [0, 0, 0, 0, 0] } });
    // F is under a day old; every open request is in some bucket.
    expect(body.backlog.find((row: { bucket: string }) => row.bucket === 'lt1d').count).toBe(1);
    expect(body.backlog.reduce((sum: number, row: { count: number }) => sum + row.count, 0)).toBe(4);
  };

  it('works out counts, open per day, medians and 90th percentiles in working time, SLA met and ratings from the history (live)', async () => {
    await expectAdminFigures();
  });

  it('gives the same figures once the refresh job has stored them', async () => {
    const written = await t.app.get(ReportFacts).refresh();
    expect(written).toBe(6);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM report_request_facts`);
    expect(count).toBe(6);
    await expectAdminFigures();
    // Every answer is copied once, as ratings are.
    const [{ answers }] = await t.db.query(`SELECT count(*)::int AS answers FROM report_satisfaction_facts`);
    expect(answers).toBe(4);
    // Nothing changed since: nothing to do.
    expect(await t.app.get(ReportFacts).refresh()).toBe(0);
  });

  it('pages past requests changed at one microsecond, more of them than a batch holds (timestamps kept to the microsecond)', async () => {
    // Newer than every stored row, older than the refresh's minute of settling.
    await t.db.query(`UPDATE tickets SET updated_at = date_trunc('second', now() - interval '30 minutes') + interval '123456 microseconds'`);
    expect(await t.app.get(ReportFacts).refresh(Infinity, 2)).toBe(6);
    expect(await t.app.get(ReportFacts).refresh(Infinity, 2)).toBe(0);
    await expectAdminFigures();
  });

  it('gives the same figures over a long range, whose totals are worked out apart from its groups, for an admin and an agent', async () => {
    // Both ranges hold every request of this history: a year (totals in the groups' grouping set) and a longer one (totals apart).
    const longFrom = new Date(Date.parse('2026-12-31') - (TOTALS_APART_AFTER_DAYS + 30) * 86_400_000).toISOString().slice(0, 10);
    const figures = async (session: StaffTestSession, range: string, groupBy: string) => {
      const { body } = await session.http.get(`/api/staff/reports?${range}&interval=month&groupBy=${groupBy}`).set('Accept-Language', 'en').expect(200);
      return { totals: body.totals, breakdown: body.breakdown };
    };
    for (const session of [admin, agent]) {
      for (const groupBy of ['category', 'agent', 'priority', 'channel', 'organisation']) {
        const long = await figures(session, `from=${longFrom}&to=2026-12-31`, groupBy);
        expect(long).toEqual(await figures(session, 'from=2026-01-01&to=2026-12-31', groupBy));
        expect(long.totals.created).toBeGreaterThanOrEqual(session === admin ? 6 : 2);
        expect(long.totals.firstResponse.count).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('groups by agent, priority, channel and organisation', async () => {
    const breakdown = async (groupBy: string) => {
      const { body } = await admin.http.get(`/api/staff/reports?${RANGE}&groupBy=${groupBy}`).set('Accept-Language', 'en').expect(200);
      return Object.fromEntries(body.breakdown.map((row: { label: string; created: number; helpful: number }) => [row.label, row.created]));
    };
    const [{ name: adminName }] = await t.db.query(`SELECT name FROM staff_accounts WHERE id = $1`, [adminId]);
    expect(await breakdown('agent')).toEqual({ [AGENT.name]: 2, [adminName]: 1, Unassigned: 1 });
    expect(await breakdown('priority')).toEqual({ High: 1, Medium: 2, Low: 1 });
    expect(await breakdown('channel')).toEqual({ Site: 3, 'E-mail': 1 });
    expect(await breakdown('organisation')).toEqual({ 'Vitrova LLC': 1, 'No organisation': 3 });
    // Satisfaction per row: the closing's request's owner, priority.
    const satisfaction = async (groupBy: string) => {
      const { body } = await admin.http.get(`/api/staff/reports?${RANGE}&groupBy=${groupBy}`).set('Accept-Language', 'en').expect(200);
      return Object.fromEntries(body.breakdown.map((row: { label: string; satisfaction: { count: number; average: number | null } }) => [row.label, [row.satisfaction.count, row.satisfaction.average]]));
    };
    expect(await satisfaction('agent')).toEqual({ [AGENT.name]: [3, 3.7], [adminName]: [0, null], Unassigned: [0, null] });
    expect(await satisfaction('priority')).toEqual({ High: [1, 5], Medium: [2, 3], Low: [0, null] });
    const { body } = await admin.http.get(`/api/staff/reports?${RANGE}&interval=month&groupBy=organisation`).set('Accept-Language', 'uk').expect(200);
    expect(body.volume).toEqual([{ period: '2026-11-01', created: 4, resolved: 2, open: 3 }]);
    expect(body.breakdown.map((row: { label: string }) => row.label)).toEqual(['Без організації', 'ТОВ «Вітрова»']);
  });

  it('weeks start on Monday in Kyiv', async () => {
    const { body } = await admin.http.get(`/api/staff/reports?${RANGE}&interval=week`).expect(200);
    expect(body.volume.map((point: { period: string }) => point.period)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(body.volume[1]).toMatchObject({ created: 4, resolved: 1 });
  });

  it('shows an agent only their own requests in their categories', async () => {
    const { body } = await agent.http.get(`/api/staff/reports?${RANGE}&groupBy=agent`).expect(200);
    expect(body.ownOnly).toBe(true);
    expect(body.totals).toMatchObject({ created: 2, resolved: 2, firstResponse: { count: 2, median: 75, p90: 111 }, slaMet: 3, slaTotal: 4, slaMetPercent: 75, helpful: 1, notHelpful: 1, satisfaction: { count: 3, average: 3.7 } });
    expect(body.breakdown).toEqual([expect.objectContaining({ key: agentId, label: AGENT.name, created: 2 })]);
    expect(body.backlog.every((row: { count: number }) => row.count === 0)).toBe(true);
  });

  it('refuses bad dates, ranges, intervals and groupings with a 400 in the caller\'s language', async () => {
    const bad = async (query: string, locale: string, text: RegExp) => {
      const { body } = await admin.http.get(`/api/staff/reports?${query}`).set('Accept-Language', locale).expect(400);
      expect(body.message).toMatch(text);
    };
    await bad('from=2026-02-30&to=2026-03-01', 'en', /Invalid date in "from"/);
    await bad('from=2026-11-01', 'uk', /Некоректна дата в полі «to»/);
    await bad('from=2026-11-30&to=2026-11-01', 'en', /after its end/);
    await bad('from=2020-01-01&to=2026-01-01&interval=day', 'uk', /По днях звіт охоплює не більше 366 днів/);
    await bad(`${RANGE}&interval=year`, 'en', /Unknown value "year" in "interval"\. Possible: day, week, month/);
    await bad(`${RANGE}&groupBy=colour`, 'uk', /Невідоме значення «colour» у полі «groupBy»/);
    const { body } = await admin.http.get(`/api/staff/reports/export?${RANGE}&format=pdf`).set('Accept-Language', 'en').expect(400);
    expect(body.message).toMatch(/"format"/);
  });

  it('needs a staff session', async () => {
    await request(t.app.getHttpServer()).get(`/api/staff/reports?${RANGE}`).expect(401);
  });

  it('exports each table as CSV', async () => {
    const response = await admin.http.get(`/api/staff/reports/export?${RANGE}&interval=month&table=volume&format=csv`).set('Accept-Language', 'uk').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('report-volume-2026-11-01-2026-11-30.csv');
    expect(response.text.replace(/^\uFEFF/, '').trim().split('\n')).toEqual(['Період,Створено,Вирішено,Відкрито на кінець', '2026-11-01,4,2,3']);
    const backlog = await admin.http.get(`/api/staff/reports/export?${RANGE}&table=backlog&format=csv`).set('Accept-Language', 'en').expect(200);
    expect(backlog.text).toContain('under 1 day,1');
    const breakdown = await admin.http.get(`/api/staff/reports/export?${RANGE}&table=breakdown&format=csv&groupBy=priority`).set('Accept-Language', 'uk').expect(200);
    const lines = breakdown.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toMatch(/,Оцінок задоволеності,Задоволеність: середня,1 зірка,2 зірки,3 зірки,4 зірки,5 зірок$/);
    expect(lines.at(-1)).toMatch(/^Усього,.*,3,3\.7,0,1,0,1,1$/);
  });

  it('exports the breakdown as XLSX that reads back', async () => {
    const response = await admin.http
      .get(`/api/staff/reports/export?${RANGE}&table=breakdown&format=xlsx&groupBy=channel`)
      .set('Accept-Language', 'en')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own Buffer type (an ArrayBuffer), which Node 24 typings no longer match.
    const xlsx: unknown = response.body;
    await workbook.xlsx.load(xlsx as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Breakdown')!;
    const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1));
    expect(rows[0]).toEqual(expect.arrayContaining(['Group', 'First response: median, min', 'SLA met, %', 'Helpful', 'Not helpful', 'Satisfaction answers', 'Satisfaction: average', '1 star', '5 stars']));
    expect(rows.map((row) => row[0])).toEqual(['Group', 'Site', 'E-mail', 'Total']);
    // Total: created 4, resolved 2, first response 3 / 30 / 102, resolution 2 / 360 / 552, SLA 4 of 5, 80 %, ratings 1 and 1,
    // satisfaction 3 answers averaging 3.7: none of 1 star, one of 2, none of 3, one of 4, one of 5.
    expect(rows[3]).toEqual(['Total', 4, 2, 3, 30, 102, 2, 360, 552, 4, 5, 80, 1, 1, 3, 3.7, 0, 1, 0, 1, 1]);
    // The site's row (A: 5 stars) and the e-mail's (B: 2 and 4).
    expect(rows[1].slice(-7)).toEqual([1, 5, 0, 0, 0, 0, 1]);
    expect(rows[2].slice(-7)).toEqual([2, 3, 0, 1, 0, 1, 0]);
  });
  it('says the figures stand as of the last refresh when more changed since than a report counts live, and is current again once refreshed', async () => {
    await t.app.get(ReportFacts).refresh();
    const current = await admin.http.get(`/api/staff/reports?${RANGE}`).expect(200);
    expect(current.body).toMatchObject({ current: true, refreshedAt: expect.any(String) });
    // An import's worth of requests, outside the range, changed after the refresh.
    await t.db.query(
      `INSERT INTO tickets (id, number, tracking_id, subject, requester_name, requester_email, locale, status, priority, category_id, channel, created_at, updated_at)
       SELECT gen_random_uuid(), nextval('ticket_number_seq'), 'IMP-' || lpad(g::text, 7, '0'), 'Імпорт', 'Учасник', 'import@client.test', 'uk', 'new', 'medium', 1, 'web',
              timestamptz '2025-01-15 10:00+02', now()
       FROM generate_series(1, 5001) g`,
    );
    try {
      const stale = await admin.http.get(`/api/staff/reports?${RANGE}`).expect(200);
      expect(stale.body).toMatchObject({ current: false, refreshedAt: current.body.refreshedAt });
      await t.db.query(`UPDATE tickets SET updated_at = now() - interval '1 hour' WHERE tracking_id LIKE 'IMP-%'`);
      await t.app.get(ReportFacts).refresh(Infinity);
      expect((await admin.http.get(`/api/staff/reports?${RANGE}`).expect(200)).body.current).toBe(true);
    } finally {
      await t.db.query(`DELETE FROM report_request_facts WHERE ticket_id IN (SELECT id FROM tickets WHERE tracking_id LIKE 'IMP-%')`);
      await t.db.query(`DELETE FROM tickets WHERE tracking_id LIKE 'IMP-%'`);
    }
  });
  it('works stored minutes out again after a day off is added to their calendar, and says the figures are not current until then', async () => {
    const facts = t.app.get(ReportFacts);
    await facts.refresh(Infinity);
    const stored = async (trackingId: string) =>
      (await t.db.query(`SELECT f.first_response_minutes, f.resolution_minutes FROM report_request_facts f JOIN tickets t ON t.id = f.ticket_id WHERE t.tracking_id = $1`, [trackingId]))[0];
    const [{ body: [calendar] }, { body: before }] = await Promise.all([admin.http.get('/api/staff/sla/calendars').expect(200), admin.http.get(`/api/staff/reports?${RANGE}`).expect(200)]);
    expect(before.current).toBe(true);
    const daysOff = (extraDaysOff: string[]) =>
      admin.http
        .put(`/api/staff/sla/calendars/${calendar.id}`)
        .set('X-CSRF-Token', admin.csrf)
        .send({ name: calendar.name, week: calendar.week, observePublicHolidays: calendar.observePublicHolidays, workedHolidays: calendar.workedHolidays, extraDaysOff })
        .expect(200);
    expect(await stored('RPT-000-002')).toEqual({ first_response_minutes: 120, resolution_minutes: 600 });

    // Monday 9 November, inside B's wait for its first reply and its close, is now a day off (in Kyiv; 14 hours either side hold any zone's day).
    await daysOff(['2026-11-09']);
    const [audit] = await t.db.query(`SELECT actor_type, details FROM audit_log WHERE action = 'sla.calendar_changed' ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ actor_type: 'staff', details: { calendarId: calendar.id, reportFiguresToRedo: { from: '2026-11-08T10:00:00.000Z', to: '2026-11-10T14:00:00.000Z' } } });
    expect(await stored('RPT-000-002')).toEqual({ first_response_minutes: 120, resolution_minutes: 600 });
    expect((await admin.http.get(`/api/staff/reports?${RANGE}`).expect(200)).body).toMatchObject({ current: false });

    // Friday 17:00–18:00 is all that is left of B's working time to its reply (Monday 10:00) and to its close (Tuesday 09:00);
    // A's and C's counted time was over before that Monday, so B alone is worked out again.
    expect(await facts.refresh(Infinity)).toBe(1);
    expect(await stored('RPT-000-002')).toEqual({ first_response_minutes: 60, resolution_minutes: 60 });
    const after = await admin.http.get(`/api/staff/reports?${RANGE}`).expect(200);
    expect(after.body).toMatchObject({ current: true, totals: { firstResponse: { count: 3, median: 30 }, resolution: { count: 2, median: 90 } } });

    // Taken back: the figures as they were.
    await daysOff([]);
    expect(await facts.refresh(Infinity)).toBe(1);
    expect(await stored('RPT-000-002')).toEqual({ first_response_minutes: 120, resolution_minutes: 600 });
    await expectAdminFigures();
  });
  it('works stored minutes out again when a policy moves requests to another calendar, and when it goes', async () => {
    const facts = t.app.get(ReportFacts);
    await facts.refresh(Infinity);
    const stored = async (trackingId: string) =>
      (await t.db.query(`SELECT f.first_response_minutes FROM report_request_facts f JOIN tickets t ON t.id = f.ticket_id WHERE t.tracking_id = $1`, [trackingId]))[0];
    const send = (method: 'post' | 'delete', path: string, body?: object) => admin.http[method](`/api/staff/sla/${path}`).set('X-CSRF-Token', admin.csrf).send(body);
    const always = Array(7).fill([{ start: '00:00', end: '24:00' }]);
    const { body: calendar } = await send('post', 'calendars', { name: 'Цілодобово', week: always, observePublicHolidays: false, workedHolidays: [], extraDaysOff: [] }).expect(201);
    const policy = { name: 'Ключі цілодобово', categoryId: KEYS_CATEGORY, priority: null, calendarId: calendar.id, firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: 600 };
    const { body: created } = await send('post', 'policies', policy).expect(201);
    const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'sla.policy_created' ORDER BY id DESC LIMIT 1`);
    expect(audit.details).toMatchObject({ policyId: created.id, reportFiguresToRedo: { from: null, to: null } });
    expect((await admin.http.get(`/api/staff/reports?${RANGE}`).expect(200)).body.current).toBe(false);

    // A and B (keys) move to the round-the-clock calendar, over all their time; C (another category) stays where it was.
    expect(await facts.refresh(Infinity)).toBe(2);
    // B waited from Friday 17:00 to Monday 10:00 in Kyiv: 65 hours round the clock.
    expect(await stored('RPT-000-002')).toEqual({ first_response_minutes: 65 * 60 });
    expect(await stored('RPT-000-003')).toEqual({ first_response_minutes: 10 });
    expect((await admin.http.get(`/api/staff/reports?${RANGE}`).expect(200)).body.current).toBe(true);

    await send('delete', `policies/${created.id}`).expect(204);
    expect(await facts.refresh(Infinity)).toBe(2);
    expect(await stored('RPT-000-002')).toEqual({ first_response_minutes: 120 });
    await expectAdminFigures();
  });

  it('counts each open request in its age bucket, on either side of each bucket\'s edge, live and once stored, for an agent too', async () => {
    const facts = t.app.get(ReportFacts);
    await facts.refresh(Infinity);
    const backlog = async (session: StaffTestSession) => {
      const { body } = await session.http.get(`/api/staff/reports?${RANGE}`).expect(200);
      return Object.fromEntries(body.backlog.map((row: { bucket: string; count: number }) => [row.bucket, row.count])) as Record<string, number>;
    };
    const grown = (before: Record<string, number>, after: Record<string, number>) => Object.fromEntries(Object.keys(after).map((bucket) => [bucket, after[bucket] - before[bucket]]));
    const before = { admin: await backlog(admin), agent: await backlog(agent) };
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    // Six minutes either side of a day, three days, a week and thirty days; changed before the refresh's settling minute.
    for (const [i, hours] of [23.9, 24.1, 71.9, 72.1, 167.9, 168.1, 719.9, 720.1].entries()) {
      await ticket(10 + i, { category: KEYS_CATEGORY, owner: agentId, priority: 'low', channel: 'web', status: 'new', created: hoursAgo(hours), updated: hoursAgo(0.1) });
    }
    const expected = { lt1d: 1, d1to3: 2, d3to7: 2, d7to30: 2, gt30d: 1 };
    expect(grown(before.admin, await backlog(admin))).toEqual(expected);
    expect(grown(before.agent, await backlog(agent))).toEqual(expected);
    expect(await facts.refresh(Infinity)).toBe(8);
    expect(grown(before.admin, await backlog(admin))).toEqual(expected);
    expect(grown(before.agent, await backlog(agent))).toEqual(expected);
  });
});
