import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const OTHER = { ...participant, name: 'Інший контрагент', email: 'other_partner@oree.com.ua' };

// argon2 (the admin's sign-in) is slow on purpose.
jest.setTimeout(60_000);

/** Issue 19, "the participant's voice": rating staff replies, and closing and reopening one's own request from the portal. */
describe('the participant\'s voice (issue 19)', () => {
  let t: TestApp;
  let admin: { http: TestAgent; csrf: string };

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false' });
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
    admin = { http, csrf: body.csrfToken };
  });
  afterAll(() => t.close());

  const submit = (who: typeof participant = participant) => t.http.post('/api/tickets').send(who).expect(201).then((r) => r.body as { trackingId: string });
  const newest = async (trackingId: string) => {
    const { body } = await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
    return body.messages[body.messages.length - 1].id as string;
  };
  /** A staff reply (or note); its message id. */
  const staffWrites = async (trackingId: string, body: string, internal = false) => {
    const { body: answer } = await admin.http
      .post(`/api/staff/tickets/${trackingId}/messages`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ body, internal, lastSeenMessageId: await newest(trackingId) })
      .expect(201);
    return answer.message.id as string;
  };
  const rate = (trackingId: string, messageId: string, rating: string, email = participant.email, language = 'uk') =>
    t.http.post(`/api/tickets/${trackingId}/messages/${messageId}/rating`).set('Accept-Language', language).send({ email, rating });
  const ratingOf = async (messageId: string) => (await t.db.query(`SELECT rating FROM messages WHERE id = $1`, [messageId]))[0]?.rating ?? null;
  const ticketRow = async (trackingId: string) => (await t.db.query(`SELECT id, status FROM tickets WHERE tracking_id = $1`, [trackingId]))[0];
  const audit = async (trackingId: string, action: string) =>
    t.db.query(`SELECT a.actor_type, a.actor_name, a.details FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = $1 AND a.action = $2 ORDER BY a.id`, [trackingId, action]);
  const events = async (trackingId: string, type: string) =>
    t.db.query(`SELECT e.payload FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE t.tracking_id = $1 AND e.type = $2 ORDER BY e.id`, [trackingId, type]);
  const outbox = async (trackingId: string, template: string) =>
    t.db.query(`SELECT o.recipient FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.tracking_id = $1 AND o.template = $2`, [trackingId, template]);

  describe('"Was this reply helpful?"', () => {
    it('rates a staff reply once: shown to the participant and to staff, audited, and a message.rated event', async () => {
      const ticket = await submit();
      const replyId = await staffWrites(ticket.trackingId, 'Перевстановіть сертифікат');
      const before = await t.http.get(`/api/tickets/${ticket.trackingId}`).query({ email: participant.email }).expect(200);
      expect(before.body.messages.map((m: { rating: unknown }) => m.rating)).toEqual([null, null]);

      const { body } = await rate(ticket.trackingId, replyId, 'helpful').expect(200);
      expect(body).toEqual({ messageId: replyId, rating: 'helpful' });

      const after = await t.http.get(`/api/tickets/${ticket.trackingId}`).query({ email: participant.email }).expect(200);
      expect(after.body.messages[1]).toMatchObject({ id: replyId, rating: 'helpful' });
      const staffView = await admin.http.get(`/api/staff/tickets/${ticket.trackingId}`).expect(200);
      expect(staffView.body.messages[1]).toMatchObject({ id: replyId, rating: 'helpful' });
      expect(await audit(ticket.trackingId, 'message.rated')).toEqual([
        { actor_type: 'participant', actor_name: participant.name, details: { messageId: replyId, rating: 'helpful' } },
      ]);
      expect(await events(ticket.trackingId, 'message.rated')).toEqual([
        { payload: { trackingId: ticket.trackingId, messageId: replyId, rating: 'helpful', actor: { type: 'participant', name: participant.name } } },
      ]);
    });

    it('refuses a second vote, the same or the other, with 409 in the participant\'s language, and keeps the first', async () => {
      const ticket = await submit();
      const replyId = await staffWrites(ticket.trackingId, 'Відповідь');
      await rate(ticket.trackingId, replyId, 'not_helpful').expect(200);

      const uk = await rate(ticket.trackingId, replyId, 'helpful').expect(409);
      expect(uk.body).toMatchObject({ code: 'reply_already_rated', message: 'Цю відповідь уже оцінено. Оцінку не можна змінити чи поставити ще раз.' });
      const en = await rate(ticket.trackingId, replyId, 'not_helpful', participant.email, 'en').expect(409);
      expect(en.body.message).toBe('This reply has already been rated. The rating cannot be changed or given again.');
      expect(await ratingOf(replyId)).toBe('not_helpful');
      expect(await audit(ticket.trackingId, 'message.rated')).toHaveLength(1);
    });

    it('counts one of two votes sent at once', async () => {
      const ticket = await submit();
      const replyId = await staffWrites(ticket.trackingId, 'Відповідь');
      const answers = await Promise.all([rate(ticket.trackingId, replyId, 'helpful'), rate(ticket.trackingId, replyId, 'not_helpful')]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(await audit(ticket.trackingId, 'message.rated')).toHaveLength(1);
    });

    it('refuses a note with the very 404 of a message that does not exist: nothing tells a note is there', async () => {
      const ticket = await submit();
      const noteId = await staffWrites(ticket.trackingId, 'СЕКРЕТНА нотатка', true);
      const note = await rate(ticket.trackingId, noteId, 'helpful').expect(404);
      const missing = await rate(ticket.trackingId, String(Number(noteId) + 1000), 'helpful').expect(404);
      expect(note.body).toEqual(missing.body);
      expect(note.body).toMatchObject({ code: 'message_not_found', message: 'Повідомлення не знайдено.' });
      expect(JSON.stringify(note.body)).not.toContain('СЕКРЕТНА');
      expect(await ratingOf(noteId)).toBeNull();
    });

    it('refuses another participant\'s reply, by their tracking ID or by one\'s own, and rates nothing', async () => {
      const mine = await submit();
      const theirs = await submit(OTHER);
      const theirReply = await staffWrites(theirs.trackingId, 'Відповідь іншому');
      // Their request with my e-mail: the request is not found, as on its page.
      const byTheirs = await rate(theirs.trackingId, theirReply, 'helpful').expect(404);
      expect(byTheirs.body.code).toBe('ticket_not_found');
      // My request, their reply's id: no such message on mine.
      const byMine = await rate(mine.trackingId, theirReply, 'helpful').expect(404);
      expect(byMine.body.code).toBe('message_not_found');
      expect(await ratingOf(theirReply)).toBeNull();
    });

    it('refuses the participant\'s own message with 400, and a wrong e-mail, a malformed id or an unknown rating without a 500', async () => {
      const ticket = await submit();
      const replyId = await staffWrites(ticket.trackingId, 'Відповідь');
      const view = await t.http.get(`/api/tickets/${ticket.trackingId}`).query({ email: participant.email }).expect(200);
      const own = await rate(ticket.trackingId, view.body.messages[0].id, 'helpful', participant.email, 'en').expect(400);
      expect(own.body).toMatchObject({ code: 'message_not_rateable', message: 'Only a reply from support can be rated.' });

      expect((await rate(ticket.trackingId, replyId, 'helpful', 'someone@else.test').expect(404)).body.code).toBe('ticket_not_found');
      for (const id of ['abc', '0', '-1', '99999999999999999999']) expect((await rate(ticket.trackingId, id, 'helpful').expect(404)).body.code).toBe('message_not_found');
      const bad = await rate(ticket.trackingId, replyId, 'maybe').expect(400);
      expect(bad.body.code).toBe('validation_failed');
      expect(await ratingOf(replyId)).toBeNull();
    });

    it('issue 12.2: follows a merge as the page does — the old tracking ID rates a reply of the request it was merged into', async () => {
      const old = await submit();
      const kept = await submit();
      await admin.http.post(`/api/staff/tickets/${old.trackingId}/merge`).set('X-CSRF-Token', admin.csrf).send({ intoTrackingId: kept.trackingId }).expect(201);
      const replyId = await staffWrites(kept.trackingId, 'Відповідь після об\'єднання');
      await rate(old.trackingId, replyId, 'helpful').expect(200);
      expect(await audit(kept.trackingId, 'message.rated')).toHaveLength(1);
    });
  });

  describe('closing and reopening from the portal', () => {
    const close = (trackingId: string, email = participant.email, language = 'uk') => t.http.post(`/api/tickets/${trackingId}/close`).set('Accept-Language', language).send({ email });
    const reopen = (trackingId: string, email = participant.email, language = 'uk') => t.http.post(`/api/tickets/${trackingId}/reopen`).set('Accept-Language', language).send({ email });

    it('closes through the lifecycle as the participant: resolved, audited and evented, and no closed e-mail (they did it)', async () => {
      const ticket = await submit();
      await staffWrites(ticket.trackingId, 'Відповідь');
      expect((await close(ticket.trackingId).expect(200)).body).toEqual({ status: 'resolved' });
      expect((await ticketRow(ticket.trackingId)).status).toBe('resolved');
      expect(await audit(ticket.trackingId, 'ticket.closed')).toEqual([
        { actor_type: 'participant', actor_name: participant.name, details: { from: 'replied', to: 'resolved', channel: 'portal' } },
      ]);
      expect(await events(ticket.trackingId, 'ticket.closed')).toEqual([
        { payload: { trackingId: ticket.trackingId, from: 'replied', automatic: false, actor: { type: 'participant', name: participant.name } } },
      ]);
      expect(await outbox(ticket.trackingId, 'ticket_closed')).toEqual([]);

      const again = await close(ticket.trackingId, participant.email, 'en').expect(409);
      expect(again.body).toMatchObject({ code: 'ticket_already_closed', message: 'The request is already closed.' });
      expect(await audit(ticket.trackingId, 'ticket.closed')).toHaveLength(1);
    });

    it('R-CLOSE-2: reopens a closed request to "waiting reply", as the participant, without a staff notice', async () => {
      const ticket = await submit();
      await close(ticket.trackingId).expect(200);
      const notices = (await outbox(ticket.trackingId, 'staff_participant_reply')).length;
      expect((await reopen(ticket.trackingId).expect(200)).body).toEqual({ status: 'waiting_reply' });
      expect((await ticketRow(ticket.trackingId)).status).toBe('waiting_reply');
      expect(await audit(ticket.trackingId, 'ticket.reopened')).toEqual([
        { actor_type: 'participant', actor_name: participant.name, details: { from: 'resolved', to: 'waiting_reply', channel: 'portal' } },
      ]);
      expect(await events(ticket.trackingId, 'ticket.reopened')).toHaveLength(1);
      expect(await outbox(ticket.trackingId, 'staff_participant_reply')).toHaveLength(notices);

      const again = await reopen(ticket.trackingId).expect(409);
      expect(again.body).toMatchObject({ code: 'ticket_not_closed', message: 'Запит не закрито, тож відкривати його знову не потрібно.' });
    });

    it('refuses another participant, and a wrong e-mail, as the page does, and changes nothing', async () => {
      const theirs = await submit(OTHER);
      expect((await close(theirs.trackingId).expect(404)).body.code).toBe('ticket_not_found');
      expect((await reopen(theirs.trackingId).expect(404)).body.code).toBe('ticket_not_found');
      expect((await ticketRow(theirs.trackingId)).status).toBe('new');
      expect(await audit(theirs.trackingId, 'ticket.closed')).toEqual([]);
      expect((await t.http.post(`/api/tickets/${theirs.trackingId}/close`).send({}).expect(400)).body.code).toBe('validation_failed');
    });

    it('issue 12.2: the old tracking ID closes the request it was merged into, not the merged-away one', async () => {
      const old = await submit();
      const kept = await submit();
      await admin.http.post(`/api/staff/tickets/${old.trackingId}/merge`).set('X-CSRF-Token', admin.csrf).send({ intoTrackingId: kept.trackingId }).expect(201);
      await close(old.trackingId).expect(200);
      expect((await ticketRow(kept.trackingId)).status).toBe('resolved');
      expect(await audit(kept.trackingId, 'ticket.closed')).toHaveLength(1);
      expect(await audit(old.trackingId, 'ticket.closed')).toEqual([]);
    });
  });
});
