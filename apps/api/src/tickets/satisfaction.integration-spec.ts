import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };

// argon2 (the admin's sign-in) is slow on purpose.
jest.setTimeout(60_000);

/**
 * Issue 19 (accountability), satisfaction after closing: the request's page asks for 1–5 stars and a comment
 * once per closing, proved by the tracking ID and e-mail as the participant's other changes are; staff see
 * each closing's answer on the request.
 */
describe('satisfaction after closing (issue 19)', () => {
  let t: TestApp;
  let admin: { http: TestAgent; csrf: string };

  beforeAll(async () => {
    // Webhooks to loopback: a delivery row is written with the event, and nothing is sent without the scheduler.
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true', WEBHOOK_ALLOW_HTTP: 'true' });
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
    admin = { http, csrf: body.csrfToken };
  });
  afterAll(() => t.close());

  const submit = () => t.http.post('/api/tickets').send(participant).expect(201).then((r) => r.body.trackingId as string);
  const staffCloses = (trackingId: string) => admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ status: 'resolved' }).expect(200);
  const close = (trackingId: string) => t.http.post(`/api/tickets/${trackingId}/close`).send({ email: participant.email }).expect(200);
  const reopen = (trackingId: string) => t.http.post(`/api/tickets/${trackingId}/reopen`).send({ email: participant.email }).expect(200);
  const answer = (trackingId: string, body: Record<string, unknown>, language = 'uk') =>
    t.http.post(`/api/tickets/${trackingId}/satisfaction`).set('Accept-Language', language).send({ email: participant.email, ...body });
  const page = async (trackingId: string) => (await t.http.get(`/api/tickets/${trackingId}`).query({ email: participant.email }).expect(200)).body;
  const answers = async (trackingId: string) =>
    t.db.query(`SELECT s.stars, s.comment FROM satisfaction_answers s JOIN tickets t ON t.id = s.ticket_id WHERE t.tracking_id = $1 ORDER BY s.id`, [trackingId]);

  const events = async (trackingId: string) =>
    t.db.query(
      `SELECT e.version, e.payload, (SELECT coalesce(array_agg(d.subscriber ORDER BY d.subscriber), '{}') FROM event_deliveries d WHERE d.event_id = e.id) AS subscribers
       FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE t.tracking_id = $1 AND e.type = 'ticket.satisfaction_answered' ORDER BY e.id`,
      [trackingId],
    );

  it('asks on a closed request\'s page, takes one answer, and shows it to the participant and to staff', async () => {
    const trackingId = await submit();
    expect((await page(trackingId)).satisfaction).toBeNull();
    await staffCloses(trackingId);
    const asked = await page(trackingId);
    expect(asked.satisfaction).toEqual({ closedAt: expect.any(String), answer: null });

    const { body } = await answer(trackingId, { stars: 4, comment: '  Швидко, дякую!  ' }).expect(200);
    expect(body).toEqual({ stars: 4, comment: 'Швидко, дякую!', closedAt: asked.satisfaction.closedAt, answeredAt: expect.any(String) });
    expect((await page(trackingId)).satisfaction).toEqual({ closedAt: asked.satisfaction.closedAt, answer: body });

    const staff = await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    expect(staff.body.satisfaction).toEqual([body]);
    const [audit] = await t.db.query(
      `SELECT a.actor_type, a.details FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = $1 AND a.action = 'ticket.satisfaction_answered'`,
      [trackingId],
    );
    expect(audit).toEqual({ actor_type: 'participant', details: { stars: 4, commented: true, closedAt: body.closedAt } });
  });

  it('writes one ticket.satisfaction_answered event with the answer, for webhooks too, and none for a refused answer', async () => {
    const { body: hook } = await admin.http
      .post('/api/staff/webhooks')
      .set('X-CSRF-Token', admin.csrf)
      .send({ url: 'http://127.0.0.1:9/satisfaction', description: 'satisfaction', eventTypes: ['ticket.satisfaction_answered'] })
      .expect(201);
    const trackingId = await submit();
    await answer(trackingId, { stars: 5 }).expect(409);
    expect(await events(trackingId)).toEqual([]);

    await staffCloses(trackingId);
    const { body } = await answer(trackingId, { stars: 2, comment: 'Довго, але вирішили' }).expect(200);
    await answer(trackingId, { stars: 5 }).expect(409);
    const written = await events(trackingId);
    expect(written).toEqual([
      {
        version: 1,
        payload: { trackingId, stars: 2, commented: true, closedAt: body.closedAt, actor: { type: 'participant', name: participant.name } },
        subscribers: [`webhook:${hook.webhook.id}`],
      },
    ]);
    // The participant's words stay in the help desk: a receiver is told only that there are some.
    expect(JSON.stringify(written)).not.toContain('Довго');
  });

  it('refuses a second answer to the same closing with 409 in uk and en, two at once included, and keeps the first', async () => {
    const trackingId = await submit();
    await staffCloses(trackingId);
    const both = await Promise.all([answer(trackingId, { stars: 5 }), answer(trackingId, { stars: 1 })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const uk = await answer(trackingId, { stars: 3 }).expect(409);
    expect(uk.body).toMatchObject({ code: 'satisfaction_already_answered', message: 'Ви вже оцінили це закриття запиту. Оцінку не можна змінити чи поставити ще раз.' });
    const en = await answer(trackingId, { stars: 3 }, 'en').expect(409);
    expect(en.body.message).toBe('You have already rated this closing of the request. The rating cannot be changed or given again.');
    expect(await answers(trackingId)).toHaveLength(1);
  });

  it('asks again after the request is reopened and closed again: one answer per closing, staff see both', async () => {
    const trackingId = await submit();
    await close(trackingId);
    await answer(trackingId, { stars: 2, comment: 'Довго' }).expect(200);
    await reopen(trackingId);
    // Open again: nothing to answer.
    expect((await page(trackingId)).satisfaction).toBeNull();
    const open = await answer(trackingId, { stars: 5 }, 'en').expect(409);
    expect(open.body).toMatchObject({ code: 'satisfaction_not_closed', message: 'Only a closed request can be rated.' });

    await staffCloses(trackingId);
    expect((await page(trackingId)).satisfaction.answer).toBeNull();
    await answer(trackingId, { stars: 5 }).expect(200);
    await answer(trackingId, { stars: 4 }).expect(409);
    const staff = await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    expect(staff.body.satisfaction.map((a: { stars: number; comment: string | null }) => [a.stars, a.comment])).toEqual([[2, 'Довго'], [5, null]]);
  });

  it('answers a wrong e-mail or an unknown request with the 404 of the request page, and writes nothing', async () => {
    const trackingId = await submit();
    await staffCloses(trackingId);
    const wrong = await t.http.post(`/api/tickets/${trackingId}/satisfaction`).send({ email: 'someone_else@oree.com.ua', stars: 5 }).expect(404);
    const unknown = await t.http.post(`/api/tickets/AAA-BBB-CCCC/satisfaction`).send({ email: participant.email, stars: 5 }).expect(404);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('ticket_not_found');
    expect(await answers(trackingId)).toEqual([]);
  });

  it('refuses stars outside 1–5, not a whole number, missing, and a comment too long, with 400 in uk and en and never a 500', async () => {
    const trackingId = await submit();
    await staffCloses(trackingId);
    for (const stars of [0, 6, 4.5, '5', null, -1]) {
      const { body } = await answer(trackingId, { stars }).expect(400);
      expect(body.message).toMatch(/Оцінка \(зірки\)/);
    }
    expect((await answer(trackingId, {}).expect(400)).body.message).toMatch(/Оцінка \(зірки\)/);
    const en = await answer(trackingId, { stars: 7 }, 'en').expect(400);
    expect(en.body.message).toBe('"Stars" must be one of: 1, 2, 3, 4, 5.');
    const long = await answer(trackingId, { stars: 5, comment: 'я'.repeat(2001) }).expect(400);
    expect(long.body.message).toBe('Поле «Коментар» може містити не більше 2000 символів.');
    const control = await answer(trackingId, { stars: 5, comment: 'a\u0000b' }, 'en').expect(400);
    expect(control.body.message).toBe('"Comment" contains characters that are not allowed.');
    expect(await answers(trackingId)).toEqual([]);
    // A comment at the limit is taken whole, as written (escaped where it is shown, never here).
    await answer(trackingId, { stars: 5, comment: '<b>' + 'я'.repeat(1997) }).expect(200);
    expect((await answers(trackingId))[0].comment).toBe('<b>' + 'я'.repeat(1997));
  });
});
