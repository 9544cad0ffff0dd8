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
    await getCopies('colleague').expect(404);
    await getCopies('rival').expect(404);
    await http().get(`/api/participant/requests/${trackingId}/copies`).expect(401);
  });

  it('lets only the author add and remove colleagues, refuses an address that is no active contact (400, uk/en), and audits each change', async () => {
    await setCopies('colleague', [COLLEAGUE.email]).expect(404);
    const uk = await setCopies('author', [COLLEAGUE.email, RIVAL.email]).expect(400);
    expect(uk.body).toMatchObject({ code: 'copy_not_a_colleague', message: expect.stringContaining('не є контактом') });
    const en = await setCopies('author', ['someone@copy-a.test'], 'en').expect(400);
    expect(en.body.message).toContain('is not a contact');
    // A refusal changes nothing.
    expect((await getCopies('author').expect(200)).body.colleagues.every((c: { inCopy: boolean }) => !c.inCopy)).toBe(true);
    // Without the CSRF token, nothing either.
    await http().put(`/api/participant/requests/${trackingId}/copies`).set('Cookie', sessions.author.cookie).send({ emails: [COLLEAGUE.email] }).expect(403);

    const both = await setCopies('author', [COLLEAGUE.email.toUpperCase(), LEAVER.email]).expect(200);
    expect(both.body.colleagues.every((c: { inCopy: boolean }) => c.inCopy)).toBe(true);
    await setCopies('author', [COLLEAGUE.email, LEAVER.email]).expect(200);
    const audits: { action: string; details: { email: string } }[] = await t.db.query(
      `SELECT action, details FROM audit_log WHERE ticket_id = $1 AND action LIKE 'ticket.copy_%' ORDER BY id`,
      [await ticketId()],
    );
    expect(audits.map((a) => [a.action, a.details.email])).toEqual([
      ['ticket.copy_added', expect.any(String)],
      ['ticket.copy_added', expect.any(String)],
    ]);
    expect(audits.map((a) => a.details.email).sort()).toEqual([LEAVER.email, COLLEAGUE.email].sort());
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
});
