import request from 'supertest';
import { DataSource } from 'typeorm';
import { MailInService } from '../mail-in/mail-in.service';
import { post, signInStaff, StaffTestSession } from '../testing/staff-session';
import { createTestApp, TestApp } from '../testing/test-app';
import { TicketWriter } from './ticket-writer.service';
import { TicketEntity } from './ticket.entity';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
// An accountant serving two competing companies: the one participant whose requests may be merged across them.
const AUTHOR = { name: 'Оксана Бухгалтер', email: 'oksana@accounting.test' };
const ALPHA = { name: 'Альфа Колега', email: 'colleague@alpha.test' };
const BETA = { name: 'Бета Колега', email: 'colleague@beta.test' };
// A contact of both companies.
const BOTH = { name: 'Спільний Аудитор', email: 'auditor@audit.test' };

interface CopyAudit {
  action: string;
  details: { email: string; from: string; reason?: string };
}

/**
 * Issue 18, "Colleagues in copy" across merges: a merge takes the merged-away
 * request's colleagues in copy along only where each may see the request it
 * joins by the participant rule; the rest are dropped, and both are audited
 * there. A merge never opens one company's request to another's people.
 */
describe('issue 18: colleagues in copy across merges', () => {
  let t: TestApp;
  let staff: StaffTestSession;
  let alpha: number;
  let beta: number;
  let nextIp = 1;
  const http = () => request(t.app.getHttpServer());

  async function open(subject: string, organisationId: number, visibility: 'organisation' | 'private', copies: string[]): Promise<{ id: string; trackingId: string }> {
    const { body } = await http().post('/api/tickets').set('X-Forwarded-For', `198.51.100.${nextIp++}`).field({ name: AUTHOR.name, email: AUTHOR.email, subject, message: `${subject}: текст` }).expect(201);
    await t.db.query(`UPDATE tickets SET organisation_id = $2, visibility = $3 WHERE tracking_id = $1`, [body.trackingId, organisationId, visibility]);
    const [{ id }]: { id: string }[] = await t.db.query(`SELECT id FROM tickets WHERE tracking_id = $1`, [body.trackingId]);
    // As the author's PUT …/copies leaves them (request-copies.integration-spec covers that path).
    await t.db.query(`INSERT INTO ticket_copies (ticket_id, contact_id, added_by) SELECT $1, c.id, $3 FROM contacts c WHERE lower(c.email) = ANY ($2::text[])`, [id, copies, AUTHOR.email]);
    return { id, trackingId: body.trackingId };
  }
  const merge = (from: string, into: string) => post(staff, `/api/staff/tickets/${from}/merge`, { intoTrackingId: into }).expect(201);
  const copiesOf = async (id: string): Promise<string[]> =>
    (await t.db.query(`SELECT lower(c.email) AS email FROM ticket_copies tc JOIN contacts c ON c.id = tc.contact_id WHERE tc.ticket_id = $1 ORDER BY 1`, [id])).map((r: { email: string }) => r.email);
  const copyAudits = async (id: string): Promise<CopyAudit[]> =>
    t.db.query(`SELECT action, details FROM audit_log WHERE ticket_id = $1 AND action IN ('ticket.copy_carried', 'ticket.copy_dropped') ORDER BY details->>'email'`, [id]);
  const receive = (from: string, subject: string, body: string) =>
    t.app.get(MailInService).receive(
      Buffer.from(
        [`From: ${from}`, 'To: support@localhost', `Subject: ${subject}`, `Message-ID: <${Math.random().toString(36).slice(2)}@client.test>`, 'Date: Sat, 05 Dec 2026 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'),
      ),
      'test',
    );
  const messagesFrom = async (ticketId: string, email: string): Promise<number> =>
    Number((await t.db.query(`SELECT count(*) AS n FROM messages WHERE ticket_id = $1 AND lower(author_email) = $2`, [ticketId, email]))[0].n);

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', TRUST_PROXY: 'true', MAIL_IN_BURST_LIMIT: '1000', RATE_LIMIT_SUBMISSIONS: '1000' });
    staff = await signInStaff(t, ADMIN);
    const create = (body: Record<string, unknown>) => post(staff, '/api/staff/organisations', body).expect(201).then((r) => r.body.id as number);
    alpha = await create({ nameUk: 'Альфа', emailDomains: ['alpha.test'], contacts: [AUTHOR, ALPHA, BOTH] });
    beta = await create({ nameUk: 'Бета', emailDomains: ['beta.test'], contacts: [AUTHOR, BETA, BOTH] });
  });
  afterAll(() => t?.close());

  it("into another company's shared request: only a contact of that company comes along; the other company's colleague is dropped and cannot write into it", async () => {
    const a = await open('Альфа ділиться', alpha, 'organisation', [ALPHA.email, BOTH.email]);
    const b = await open('Бета ділиться', beta, 'organisation', [BETA.email]);
    await merge(a.trackingId, b.trackingId);

    expect(await copiesOf(b.id)).toEqual([BOTH.email, BETA.email]);
    // The merged-away request keeps none: no copy of it is a way into the other one.
    expect(await copiesOf(a.id)).toEqual([]);
    expect(await copyAudits(b.id)).toEqual([
      { action: 'ticket.copy_carried', details: expect.objectContaining({ email: BOTH.email, from: a.trackingId }) },
      { action: 'ticket.copy_dropped', details: expect.objectContaining({ email: ALPHA.email, from: a.trackingId, reason: 'no_access' }) },
    ]);

    // Alpha's colleague answers an e-mail of the old request: it does not join Beta's.
    const answer = await receive(ALPHA.email, `Re: [#${a.trackingId}] Альфа ділиться`, 'Відповідь колеги Альфи');
    expect(answer.ticketId).not.toBe(b.id);
    expect(await messagesFrom(b.id, ALPHA.email)).toBe(0);
    // The carried one's does, through the old tracking ID.
    const carried = await receive(BOTH.email, `Re: [#${a.trackingId}] Альфа ділиться`, 'Відповідь аудитора');
    expect(carried).toMatchObject({ status: 'processed', ticketId: b.id });
  });

  it("into another company's private request: no one comes along, not even a contact of both", async () => {
    const a = await open('Альфа приватно', alpha, 'private', [ALPHA.email, BOTH.email]);
    const b = await open('Бета приватно', beta, 'private', []);
    await merge(a.trackingId, b.trackingId);

    expect(await copiesOf(b.id)).toEqual([]);
    expect((await copyAudits(b.id)).map((x) => [x.action, x.details.email, x.details.reason])).toEqual([
      ['ticket.copy_dropped', BOTH.email, 'no_access'],
      ['ticket.copy_dropped', ALPHA.email, 'no_access'],
    ]);
  });

  it('within one company: a private request’s copy joins a shared one, but not a private one', async () => {
    const a = await open('Приватний у спільний', alpha, 'private', [ALPHA.email]);
    const shared = await open('Спільний', alpha, 'organisation', []);
    await merge(a.trackingId, shared.trackingId);
    expect(await copiesOf(shared.id)).toEqual([ALPHA.email]);
    expect((await copyAudits(shared.id)).map((x) => x.action)).toEqual(['ticket.copy_carried']);

    const c = await open('Спільний у приватний', alpha, 'organisation', [ALPHA.email]);
    const closed = await open('Приватний', alpha, 'private', []);
    await merge(c.trackingId, closed.trackingId);
    expect(await copiesOf(closed.id)).toEqual([]);
    expect((await copyAudits(closed.id)).map((x) => x.action)).toEqual(['ticket.copy_dropped']);
  });

  it('an outside address, approved or pending, is never carried: an admin approved it for the other request only', async () => {
    const a = await open('Альфа з аудитором ззовні', alpha, 'organisation', [ALPHA.email]);
    const b = await open('Альфа друга', alpha, 'organisation', []);
    await t.db.query(`INSERT INTO ticket_copies (ticket_id, email, state, added_by) VALUES ($1, 'approved@outside.test', 'approved', $2), ($1, 'pending@outside.test', 'pending', $2)`, [a.id, AUTHOR.email]);
    await merge(a.trackingId, b.trackingId);

    expect(await t.db.query(`SELECT email FROM ticket_copies WHERE ticket_id = ANY ($1::uuid[]) AND email IS NOT NULL`, [[a.id, b.id]])).toEqual([]);
    expect((await copyAudits(b.id)).map((x) => [x.action, x.details.email, x.details.reason ?? null])).toEqual([
      ['ticket.copy_dropped', 'approved@outside.test', 'outside'],
      ['ticket.copy_carried', ALPHA.email, null],
      ['ticket.copy_dropped', 'pending@outside.test', 'outside'],
    ]);
    // The address approved on the old request no longer answers into the one it joined.
    const answer = await receive('approved@outside.test', `Re: [#${a.trackingId}] Альфа з аудитором ззовні`, 'Відповідь ззовні');
    expect(answer.ticketId).not.toBe(b.id);
    expect(await messagesFrom(b.id, 'approved@outside.test')).toBe(0);
  });

  it('a copy left on a request merged before this rule, or a merge racing a reply, never lets a colleague write where they may not', async () => {
    const a = await open('Старе злиття', alpha, 'organisation', []);
    const b = await open('Куди злито', beta, 'organisation', []);
    await merge(a.trackingId, b.trackingId);
    // A copy as merges before issue 18's carry rule left it on the merged-away request.
    await t.db.query(`INSERT INTO ticket_copies (ticket_id, contact_id, added_by) SELECT $1, id, $2 FROM contacts WHERE lower(email) = $3`, [a.id, AUTHOR.email, ALPHA.email]);
    const answer = await receive(ALPHA.email, `Re: [#${a.trackingId}] Старе злиття`, 'Через старий номер');
    expect(answer.ticketId).not.toBe(b.id);

    // The writer was handed the old request (let in there) and finds it merged by the time it locks.
    const given = await t.app.get(DataSource).getRepository(TicketEntity).findOneByOrFail({ id: a.id });
    const write = t.app.get(DataSource).transaction((manager) =>
      t.app.get(TicketWriter).appendReply(manager, given, { body: 'Перегони', channel: 'web', files: [], author: { name: ALPHA.name, email: ALPHA.email } }),
    );
    await expect(write).rejects.toMatchObject({ status: 409 });
    expect(await messagesFrom(b.id, ALPHA.email)).toBe(0);
  });
});
