import request from 'supertest';
import { MailInService } from '../mail-in/mail-in.service';
import { RecipientAccess } from '../notifications/recipient-access';
import { patch, post, signInStaff, StaffTestSession } from '../testing/staff-session';
import { ParticipantTestSession, signInParticipant } from '../testing/participant-session';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AUTHOR = { name: 'Олена Авторка', email: 'olena@copy-a.test' };
const COLLEAGUE = { name: 'Петро Колега', email: 'petro@copy-a.test' };
const LEAVER = { name: 'Іван Звільнений', email: 'ivan@copy-a.test' };
const RIVAL = { name: 'Rival B', email: 'rival@copy-b.test' };
const OUTSIDER = 'anna.audit@auditor.test';
const AGENT = { email: 'agent@oree.test', name: 'Агент', password: 'agent-password-1' };

/**
 * Issue 18, "Colleagues in copy": the author of a request puts active contacts
 * of its organisation in copy; they get the author's e-mails about it, decided
 * when each is sent, and their e-mail replies join it under their own name
 * (R-MAIL-7 widened to them alone); every change is audited.
 */
describe('issue 18: colleagues in copy of a request', () => {
  let t: TestApp;
  let nextIp = 1;
  const ip = () => `198.51.100.${nextIp++}`;
  const http = () => request(t.app.getHttpServer());
  let staff: StaffTestSession;
  let corpA: number;
  const sessions: Record<string, ParticipantTestSession> = {};
  let trackingId: string;

  const signIn = (email: string) => signInParticipant(t, email, ip);

  const getCopies = (who: string, id = trackingId) => http().get(`/api/participant/requests/${id}/copies`).set('X-Forwarded-For', ip()).set('Cookie', sessions[who].cookie);
  const setCopies = (who: string, emails: string[], language = 'uk') =>
    http()
      .put(`/api/participant/requests/${trackingId}/copies`)
      .set('X-Forwarded-For', ip())
      .set('Accept-Language', language)
      .set('Cookie', sessions[who].cookie)
      .set('X-CSRF-Token', sessions[who].csrf)
      .send({ emails });
  const mailsSince = async (template: string, afterId: number): Promise<string[]> =>
    (await t.db.query(`SELECT recipient FROM outbox WHERE template = $1 AND id > $2 ORDER BY recipient`, [template, afterId])).map((r: { recipient: string }) => r.recipient);
  const lastOutboxId = async (): Promise<number> => Number((await t.db.query(`SELECT coalesce(max(id), 0) AS id FROM outbox`))[0].id);
  const mayGet = (template: string, recipient: string, ticketId: string) => t.app.get(RecipientAccess).refusal({ template, recipient, ticketId });
  const ticketId = async () => (await t.db.query(`SELECT id FROM tickets WHERE tracking_id = $1`, [trackingId]))[0].id as string;
  const staffReply = async (text: string) => {
    const view = (await staff.http.get(`/api/staff/tickets/${trackingId}`).expect(200)).body as { messages: { id: string }[] };
    await post(staff, `/api/staff/tickets/${trackingId}/messages`, { body: text, lastSeenMessageId: view.messages[view.messages.length - 1].id }).expect(201);
  };
  const receive = (from: string, subject: string, body: string) =>
    t.app.get(MailInService).receive(
      Buffer.from(
        [`From: ${from}`, 'To: support@localhost', `Subject: ${subject}`, `Message-ID: <${Math.random().toString(36).slice(2)}@client.test>`, 'Date: Fri, 04 Dec 2026 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'),
      ),
      'test',
    );

  beforeAll(async () => {
    t = await createTestApp({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SCHEDULER_ENABLED: 'false',
      TRUST_PROXY: 'true',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_REQUESTS: '100000',
      RATE_LIMIT_SUBMISSIONS: '1000',
      MAIL_IN_BURST_LIMIT: '1000',
    });
    staff = await signInStaff(t, ADMIN);
    const create = (body: Record<string, unknown>) => post(staff, '/api/staff/organisations', body).expect(201).then((r) => r.body.id as number);
    corpA = await create({ nameUk: 'Копія А', nameEn: 'Copy A', emailDomains: ['copy-a.test'], contacts: [AUTHOR, COLLEAGUE, LEAVER], defaultVisibility: 'private' });
    await create({ nameUk: 'Копія Б', contacts: [RIVAL] });
    const { body } = await http().post('/api/tickets').set('X-Forwarded-For', ip()).field({ name: AUTHOR.name, email: AUTHOR.email, subject: 'Запит з копією', message: 'Текст запиту' }).expect(201);
    trackingId = body.trackingId;
    for (const [who, email] of [['author', AUTHOR.email], ['colleague', COLLEAGUE.email], ['rival', RIVAL.email]]) sessions[who] = await signIn(email);
  });
  afterAll(() => t?.close());

  it('shows the author the other active contacts of the organisation, none in copy yet; to anyone else the request is unknown (404)', async () => {
    const { body } = await getCopies('author').expect(200);
    expect(body.colleagues).toEqual([
      { name: LEAVER.name, email: LEAVER.email, inCopy: false },
      { name: COLLEAGUE.name, email: COLLEAGUE.email, inCopy: false },
    ]);
    expect(body.others).toEqual([]);
    await getCopies('colleague').expect(404);
    await getCopies('rival').expect(404);
    await http().get(`/api/participant/requests/${trackingId}/copies`).expect(401);
  });

  it('lets only the author add and remove colleagues, refuses what is no e-mail address (400, uk/en), and audits each change', async () => {
    await setCopies('colleague', [COLLEAGUE.email]).expect(404);
    const uk = await setCopies('author', [COLLEAGUE.email, 'not an address']).expect(400);
    expect(uk.body.message).toContain('коректну електронну адресу');
    const en = await setCopies('author', ['someone@'], 'en').expect(400);
    expect(en.body.message).toContain('valid e-mail address');
    // A refusal changes nothing.
    expect((await getCopies('author').expect(200)).body.colleagues.every((c: { inCopy: boolean }) => !c.inCopy)).toBe(true);
    // Without the CSRF token, nothing either.
    await http().put(`/api/participant/requests/${trackingId}/copies`).set('Cookie', sessions.author.cookie).send({ emails: [COLLEAGUE.email] }).expect(403);

    const both = await setCopies('author', [COLLEAGUE.email.toUpperCase(), LEAVER.email]).expect(200);
    expect(both.body.colleagues.every((c: { inCopy: boolean }) => c.inCopy)).toBe(true);
    await setCopies('author', [COLLEAGUE.email, LEAVER.email]).expect(200);
    const audits: { action: string; details: { email: string; state: string } }[] = await t.db.query(
      `SELECT action, details FROM audit_log WHERE ticket_id = $1 AND action LIKE 'ticket.copy_%' ORDER BY id`,
      [await ticketId()],
    );
    expect(audits.map((a) => [a.action, a.details.email, a.details.state])).toEqual([
      ['ticket.copy_added', expect.any(String), 'colleague'],
      ['ticket.copy_added', expect.any(String), 'colleague'],
    ]);
    expect(audits.map((a) => a.details.email).sort()).toEqual([LEAVER.email, COLLEAGUE.email].sort());
  });

  it('shows staff the request\'s visibility and who is in copy now (issue 18: the workspace sees what the participants see)', async () => {
    const view = (await staff.http.get(`/api/staff/tickets/${trackingId}`).expect(200)).body;
    expect(view.visibility).toBe('private');
    expect(view.copies).toEqual([
      { name: LEAVER.name, email: LEAVER.email },
      { name: COLLEAGUE.name, email: COLLEAGUE.email },
    ]);
    await http().put(`/api/participant/requests/${trackingId}/visibility`).set('X-Forwarded-For', ip()).set('Cookie', sessions.author.cookie).set('X-CSRF-Token', sessions.author.csrf).send({ visibility: 'organisation' }).expect(200);
    expect((await staff.http.get(`/api/staff/tickets/${trackingId}`).expect(200)).body.visibility).toBe('organisation');
    await http().put(`/api/participant/requests/${trackingId}/visibility`).set('X-Forwarded-For', ip()).set('Cookie', sessions.author.cookie).set('X-CSRF-Token', sessions.author.csrf).send({ visibility: 'private' }).expect(200);
  });

  it('e-mails a staff reply and the closing to the author and to each colleague in copy, and the send-time check lets them through', async () => {
    const before = await lastOutboxId();
    await staffReply('Відповідь для всіх');
    expect(await mailsSince('staff_reply', before)).toEqual([COLLEAGUE.email, LEAVER.email, AUTHOR.email].sort());
    const id = await ticketId();
    for (const who of [AUTHOR.email, COLLEAGUE.email, LEAVER.email]) expect(await mayGet('staff_reply', who, id)).toBeNull();
    expect(await mayGet('staff_reply', RIVAL.email, id)).toContain('not the participant');
    const greeting: { payload: { name: string } }[] = await t.db.query(`SELECT payload FROM outbox WHERE template = 'staff_reply' AND recipient = $1 AND id > $2`, [COLLEAGUE.email, before]);
    expect(greeting[0].payload.name).toBe(COLLEAGUE.name);
  });

  it('stops at once: a colleague removed from copy, or from the organisation, gets nothing more, even of what was queued', async () => {
    const id = await ticketId();
    // The e-mail of the previous test is still queued for Іван; he leaves the organisation.
    await patch(staff, `/api/staff/organisations/${corpA}`, { contacts: [AUTHOR, COLLEAGUE] }).expect(200);
    expect(await mayGet('staff_reply', LEAVER.email, id)).toContain('not the participant');
    // Nor is he in copy for the workspace: it lists by the rule the e-mails go by.
    expect((await staff.http.get(`/api/staff/tickets/${trackingId}`).expect(200)).body.copies).toEqual([{ name: COLLEAGUE.name, email: COLLEAGUE.email }]);
    // And an e-mail queued now is not even queued for him.
    const queued = await lastOutboxId();
    await staffReply('Після звільнення Івана');
    expect(await mailsSince('staff_reply', queued)).toEqual([COLLEAGUE.email, AUTHOR.email].sort());
    // Петро is taken out of copy by the author.
    await setCopies('author', []).expect(200);
    expect(await mayGet('staff_reply', COLLEAGUE.email, id)).toContain('not the participant');
    const before = await lastOutboxId();
    await patch(staff, `/api/staff/tickets/${trackingId}`, { status: 'resolved' }).expect(200);
    expect(await mailsSince('ticket_closed', before)).toEqual([AUTHOR.email]);
    const removals: { details: { email: string } }[] = await t.db.query(`SELECT details FROM audit_log WHERE ticket_id = $1 AND action = 'ticket.copy_removed'`, [id]);
    // Іван left the organisation before: his removal is still recorded with his address.
    expect(removals.map((r) => r.details.email).sort()).toEqual([COLLEAGUE.email, LEAVER.email].sort());
  });

  it('R-MAIL-7: an e-mail reply from a colleague in copy joins under their name; from a removed one it opens a new request', async () => {
    await setCopies('author', [COLLEAGUE.email]).expect(200);
    const joined = await receive(`Petro <${COLLEAGUE.email}>`, `Re: [#${trackingId}] Запит з копією`, 'Відповідь колеги листом');
    expect(joined).toMatchObject({ status: 'processed', ticketId: await ticketId() });
    const [message]: { author_name: string; author_email: string }[] = await t.db.query(`SELECT author_name, author_email FROM messages WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1`, [await ticketId()]);
    expect(message).toEqual({ author_name: COLLEAGUE.name, author_email: COLLEAGUE.email });

    await setCopies('author', []).expect(200);
    const stranger = await receive(`Petro <${COLLEAGUE.email}>`, `Re: [#${trackingId}] Запит з копією`, 'Ще одна відповідь колеги');
    expect(stranger.status).toBe('processed');
    expect(stranger.ticketId).not.toBe(await ticketId());
    // Someone never in copy, too.
    const rival = await receive(RIVAL.email, `Re: [#${trackingId}] Запит з копією`, 'Чужий лист');
    expect(rival.ticketId).not.toBe(await ticketId());
  });

  describe('issue 18: an address outside the organisation, approved by an admin', () => {
    let agent: StaffTestSession;
    const pending = (who: StaffTestSession, language = 'uk') => who.http.get('/api/staff/copies/pending').set('Accept-Language', language);
    const copyId = async (email: string) => ((await t.db.query(`SELECT id FROM ticket_copies WHERE email = $1`, [email]))[0]?.id as string | undefined) ?? null;
    const messagesFrom = async (email: string) =>
      (await t.db.query(`SELECT author_name FROM messages WHERE ticket_id = $1 AND author_email = $2`, [await ticketId(), email])).map((r: { author_name: string }) => r.author_name);

    beforeAll(async () => {
      await post(staff, '/api/staff/accounts', { ...AGENT, role: 'agent' }).expect(201);
      agent = await signInStaff(t, AGENT);
    });

    it('stores any other valid address as pending, shows it so to the author, and audits it; the pending one gets no e-mail and its reply does not join', async () => {
      const { body } = await setCopies('author', [COLLEAGUE.email, 'Anna.Audit@Auditor.TEST', RIVAL.email, AUTHOR.email]).expect(200);
      expect(body.colleagues.filter((c: { inCopy: boolean }) => c.inCopy).map((c: { email: string }) => c.email)).toEqual([COLLEAGUE.email]);
      // A rival company's contact is an outsider too: an admin decides. The author's own address is no copy.
      expect(body.others).toEqual([
        { email: OUTSIDER, state: 'pending' },
        { email: RIVAL.email, state: 'pending' },
      ]);
      expect((await getCopies('author').expect(200)).body.others).toEqual(body.others);
      const added: { details: { email: string; state: string } }[] = await t.db.query(
        `SELECT details FROM audit_log WHERE ticket_id = $1 AND action = 'ticket.copy_added' AND details->>'state' = 'pending' ORDER BY id`,
        [await ticketId()],
      );
      expect(added.map((a) => a.details.email).sort()).toEqual([OUTSIDER, RIVAL.email]);

      const before = await lastOutboxId();
      await staffReply('Відповідь, поки адреса чекає');
      expect(await mailsSince('staff_reply', before)).toEqual([AUTHOR.email, COLLEAGUE.email].sort());
      expect(await mayGet('staff_reply', OUTSIDER, await ticketId())).toContain('not the participant');

      const reply = await receive(`Anna <${OUTSIDER}>`, `Re: [#${trackingId}] Запит з копією`, 'Лист від сторонньої адреси');
      expect(reply.ticketId).not.toBe(await ticketId());
      expect(await messagesFrom(OUTSIDER)).toEqual([]);
    });

    it('lists the pending copies to admins only (a non-admin gets 403), in the reader\'s language', async () => {
      await pending(agent).expect(403);
      await post(agent, `/api/staff/copies/${await copyId(OUTSIDER)}/approve`).expect(403);
      await post(agent, `/api/staff/copies/${await copyId(OUTSIDER)}/refuse`).expect(403);
      expect((await t.db.query(`SELECT state FROM ticket_copies WHERE email = $1`, [OUTSIDER]))[0].state).toBe('pending');

      const uk = await pending(staff).expect(200);
      // Both were added at once: their order is not the test's business.
      expect(uk.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ email: OUTSIDER, addedBy: AUTHOR.email, trackingId, subject: 'Запит з копією', requesterName: AUTHOR.name, organisation: { id: corpA, name: 'Копія А' } }),
          expect.objectContaining({ email: RIVAL.email, trackingId }),
        ]),
      );
      expect(uk.body).toHaveLength(2);
      expect((await pending(staff, 'en').expect(200)).body[0].organisation.name).toBe('Copy A');
    });

    it('approved: the address gets the e-mails and its reply joins; refused: the copy is removed; each decision audited, and a second one is 404', async () => {
      const outsider = (await copyId(OUTSIDER))!;
      const rival = (await copyId(RIVAL.email))!;
      expect((await post(staff, `/api/staff/copies/${outsider}/approve`).expect(200)).body).toEqual({ id: outsider, state: 'approved' });
      expect((await post(staff, `/api/staff/copies/${rival}/refuse`).expect(200)).body).toEqual({ id: rival, state: 'refused' });
      expect((await getCopies('author').expect(200)).body.others).toEqual([{ email: OUTSIDER, state: 'approved' }]);
      expect((await pending(staff).expect(200)).body).toEqual([]);
      const again = await post(staff, `/api/staff/copies/${outsider}/approve`).set('Accept-Language', 'en').expect(404);
      expect(again.body).toMatchObject({ code: 'copy_not_pending', message: expect.stringContaining('not waiting for a decision') });
      await post(staff, `/api/staff/copies/${rival}/refuse`).expect(404);
      await post(staff, '/api/staff/copies/not-a-uuid/approve').expect(404);

      const decisions: { action: string; actor_type: string; details: { email: string } }[] = await t.db.query(
        `SELECT action, actor_type, details FROM audit_log WHERE ticket_id = $1 AND action IN ('ticket.copy_approved', 'ticket.copy_refused') ORDER BY id`,
        [await ticketId()],
      );
      expect(decisions.map((d) => [d.action, d.actor_type, d.details.email])).toEqual([
        ['ticket.copy_approved', 'staff', OUTSIDER],
        ['ticket.copy_refused', 'staff', RIVAL.email],
      ]);

      const before = await lastOutboxId();
      await staffReply('Відповідь після схвалення');
      expect(await mailsSince('staff_reply', before)).toEqual([OUTSIDER, AUTHOR.email, COLLEAGUE.email].sort());
      expect(await mayGet('staff_reply', RIVAL.email, await ticketId())).toContain('not the participant');
      const joined = await receive(`Anna <${OUTSIDER}>`, `Re: [#${trackingId}] Запит з копією`, 'Відповідь схваленої адреси');
      expect(joined).toMatchObject({ status: 'processed', ticketId: await ticketId() });
      expect(await messagesFrom(OUTSIDER)).toEqual(['Anna']);
      const refused = await receive(RIVAL.email, `Re: [#${trackingId}] Запит з копією`, 'Лист відхиленої адреси');
      expect(refused.ticketId).not.toBe(await ticketId());

      // The author may still take an approved address out, and it stops at once.
      await setCopies('author', [COLLEAGUE.email]).expect(200);
      expect(await mayGet('staff_reply', OUTSIDER, await ticketId())).toContain('not the participant');
    });
  });
});
