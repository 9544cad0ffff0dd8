import { signInStaff, StaffTestSession } from '../testing/staff-session';
import { createTestApp, TestApp } from '../testing/test-app';
import { MailInService } from './mail-in.service';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1', name: 'Адміністраторка Пошти' };
const AGENT = { email: 'mail-agent@oree.test', password: 'agent-password-1', name: 'Агент' };

jest.setTimeout(60_000);

/** A raw e-mail as a mail server hands it over, with a text file attached. */
function eml(options: { from?: string; subject: string; id: string; headers?: string[] }): Buffer {
  return Buffer.from(
    [
      ...(options.from ? [`From: ${options.from}`] : []),
      'To: support@localhost',
      `Subject: ${options.subject}`,
      `Message-ID: <${options.id}>`,
      ...(options.headers ?? []),
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Доброго дня, не працює ключ КЕП.',
      '--b1',
      'Content-Type: text/plain; name="log.txt"',
      'Content-Disposition: attachment; filename="log.txt"',
      '',
      'error 42',
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

/**
 * Issue 17 ("mail that staff and participants expect"): why an e-mail was kept is stored as a code with
 * parameters and shown in the reader's language (R-MAIL-8: kept for staff to see, with the reason); a
 * quarantined e-mail without a usable sender becomes a request of the participant an admin names.
 */
describe('kept mail for staff: reasons in their language, sender-less e-mails made requests (issue 17)', () => {
  let t: TestApp;
  let admin: StaffTestSession;
  let agent: StaffTestSession;

  const receive = (raw: Buffer) => t.app.get(MailInService).receive(raw, 'test');
  const openRequest = (s: StaffTestSession, id: string, body: object, locale = 'uk') =>
    s.http.post(`/api/staff/mail/quarantine/${id}/open-request`).set('X-CSRF-Token', s.csrf).set('Accept-Language', locale).send(body);

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ADMIN_NAME: ADMIN.name, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', MAIL_IN_VERIFY: 'off' });
    admin = await signInStaff(t, ADMIN);
    await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...AGENT, role: 'agent' }).expect(201);
    agent = await signInStaff(t, AGENT);
  });
  afterAll(() => t?.close());

  it('R-MAIL-8: auto-replies and bounces are listed for admins with their reason, in Ukrainian or English, stored as codes', async () => {
    const auto = await receive(eml({ from: 'away@client.test', subject: 'Out of office', id: 'auto-1@client.test', headers: ['Auto-Submitted: auto-replied'] }));
    const bounce = await receive(eml({ from: 'MAILER-DAEMON@mx.client.test', subject: 'Undeliverable', id: 'bounce-1@client.test' }));
    expect([auto.status, bounce.status]).toEqual(['ignored', 'ignored']);
    expect(await t.db.query(`SELECT reason, reason_params FROM inbound_messages WHERE id = ANY($1::bigint[]) ORDER BY id`, [[auto.inboundId, bounce.inboundId]])).toEqual([
      { reason: 'auto-reply', reason_params: { header: 'Auto-Submitted', value: 'auto-replied' } },
      { reason: 'bounce', reason_params: { kind: 'sender', sender: 'MAILER-DAEMON@mx.client.test' } },
    ]);

    const uk = await admin.http.get('/api/staff/mail/kept').query({ status: 'ignored' }).expect(200);
    const ukById = Object.fromEntries(uk.body.items.map((i: { id: string; reason: string }) => [i.id, i.reason]));
    expect(ukById[auto.inboundId]).toBe('Автовідповідь або розсилка (заголовок Auto-Submitted: auto-replied).');
    expect(ukById[bounce.inboundId]).toBe('Повідомлення про недоставку: від MAILER-DAEMON@mx.client.test.');
    const en = await admin.http.get('/api/staff/mail/kept').set('Accept-Language', 'en').query({ reason: 'bounce' }).expect(200);
    expect(en.body.items).toEqual([
      expect.objectContaining({ id: bounce.inboundId, reason: 'A bounce: from MAILER-DAEMON@mx.client.test.', reasonCode: 'bounce', reasonParams: { kind: 'sender', sender: 'MAILER-DAEMON@mx.client.test' } }),
    ]);
    const one = await admin.http.get(`/api/staff/mail/kept/${auto.inboundId}`).set('Accept-Language', 'en').expect(200);
    expect(one.body.reason).toBe('An auto-reply or bulk mail (header Auto-Submitted: auto-replied).');
    // Admins only.
    await agent.http.get('/api/staff/mail/kept').expect(403);
  });

  describe('a quarantined e-mail without a sender, made a request by an admin', () => {
    let senderless: string;

    beforeAll(async () => {
      senderless = (await receive(eml({ subject: 'Ключ КЕП не працює', id: 'nosender-1@client.test' }))).inboundId;
      expect((await t.db.query(`SELECT status, reason FROM inbound_messages WHERE id = $1`, [senderless]))[0]).toEqual({ status: 'quarantined', reason: 'no-sender' });
    });

    it('is for admins only: an agent gets 403, no session 401', async () => {
      await openRequest(agent, senderless, { email: 'olena@participant.test' }).expect(403);
      await t.http.post(`/api/staff/mail/quarantine/${senderless}/open-request`).send({ email: 'olena@participant.test' }).expect(401);
    });

    it('refuses a missing or invalid address, and a name too long, with 400 in Ukrainian and English', async () => {
      const uk = await openRequest(admin, senderless, { email: 'not-an-address' }).expect(400);
      expect(uk.body.message).toMatch(/коректну електронну адресу/);
      const en = await openRequest(admin, senderless, { email: 'not-an-address' }, 'en').expect(400);
      expect(en.body.message).toMatch(/valid e-mail address/);
      await openRequest(admin, senderless, {}, 'en').expect(400);
      const long = await openRequest(admin, senderless, { email: 'olena@participant.test', name: 'Я'.repeat(51) }, 'en').expect(400);
      expect(long.body.message).toMatch(/at most 50 characters/);
      expect((await t.db.query(`SELECT status FROM inbound_messages WHERE id = $1`, [senderless]))[0].status).toBe('quarantined');
    });

    it('opens the request as the participant\'s, through the normal path: confirmation to them, attachment kept, audit naming the admin, e-mail marked released', async () => {
      const { body } = await openRequest(admin, senderless, { email: 'olena@participant.test', name: 'Олена Учасниця' }).expect(200);
      expect(body.results).toEqual([{ id: senderless, status: 'processed', ticket: { trackingId: expect.stringMatching(/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{4}$/) }, reason: null }]);
      const trackingId: string = body.results[0].ticket.trackingId;

      const [ticket] = await t.db.query(`SELECT id, requester_email, requester_name, subject, status, channel FROM tickets WHERE tracking_id = $1`, [trackingId]);
      expect(ticket).toMatchObject({ requester_email: 'olena@participant.test', requester_name: 'Олена Учасниця', subject: 'Ключ КЕП не працює', status: 'new', channel: 'email' });
      expect(await t.db.query(`SELECT filename FROM attachments WHERE ticket_id = $1`, [ticket.id])).toEqual([{ filename: 'log.txt' }]);
      // R-MAIL-1: the confirmation goes to the address the admin gave.
      expect(await t.db.query(`SELECT recipient FROM outbox WHERE ticket_id = $1 AND template = 'ticket_created'`, [ticket.id])).toEqual([{ recipient: 'olena@participant.test' }]);
      const audits = await t.db.query(`SELECT action, actor_name AS "actorName", details FROM audit_log WHERE ticket_id = $1 ORDER BY id`, [ticket.id]);
      expect(audits).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'ticket.created', details: expect.objectContaining({ inboundId: senderless, releasedBy: expect.objectContaining({ name: ADMIN.name }) }) }),
          expect.objectContaining({ action: 'mail.released_as_request', actorName: ADMIN.name, details: expect.objectContaining({ inboundId: senderless, email: 'olena@participant.test' }) }),
        ]),
      );
      const [row] = await t.db.query(`SELECT status, reason, sender, ticket_id, released_at, details FROM inbound_messages WHERE id = $1`, [senderless]);
      expect(row).toMatchObject({ status: 'processed', reason: null, sender: 'olena@participant.test', ticket_id: ticket.id, released_at: expect.any(Date) });
      expect(row.details.releasedAsRequest).toMatchObject({ staffName: ADMIN.name, email: 'olena@participant.test' });

      // Once only: it is no longer in quarantine.
      const again = await openRequest(admin, senderless, { email: 'olena@participant.test' }, 'en').expect(404);
      expect(again.body.message).toMatch(/no such e-mail in quarantine/);
    });

    it('a quarantined e-mail that has a sender is refused with 409 (a replay is what it needs)', async () => {
      const withSender = (await receive(eml({ from: 'ivan@client.test', subject: 'Інше', id: 'withsender-1@client.test' }))).inboundId;
      await t.db.query(`UPDATE inbound_messages SET status = 'quarantined', reason = 'processing-failed', reason_params = '{"error": "test"}' WHERE id = $1`, [withSender]);
      const { body } = await openRequest(admin, withSender, { email: 'olena@participant.test' }).expect(409);
      expect(body.message).toMatch(/є адреса відправника/);
      await openRequest(admin, '999999', { email: 'olena@participant.test' }).expect(404);
    });
  });

  it('the migration reads the reasons written as English prose back into codes and parameters', async () => {
    // As TypeORM loaded it (migrations are imported by nothing).
    const migration = t.db.migrations.find((m) => m.name === 'InboundReasonCodes1766940000001')!;
    const runner = t.db.createQueryRunner();
    try {
      await t.db.query(`DELETE FROM inbound_messages`);
      await migration.down(runner);
      const prose = [
        'no sender address',
        'sender address longer than 254 characters',
        'processing did not finish in 3 attempts (MAIL_IN_MAX_ATTEMPTS): the process stopped or failed while it handled this message',
        'loop: from our own address',
        'auto-reply: Precedence bulk',
        'auto-reply: subject',
        'bounce: delivery status notification',
        'bounce: from postmaster@client.test',
        'duplicate: the same text as inbound message 12 within 300 s',
        'burst: more than 5 new requests in 300 s from flood@client.test',
        'dismissed by Адмін Адміненко <admin@oree.test>',
        'sender not verified: DMARC fail for corp-a.test (policy reject)',
        'relation "x" does not exist',
      ];
      for (const [i, reason] of prose.entries()) {
        await t.db.query(`INSERT INTO inbound_messages (message_id, content_hash, raw, origin, status, reason) VALUES ($1, 'h', '\\x00', 'test', 'ignored', $2)`, [`m${i}@x`, reason]);
      }
      await migration.up(runner);
      const rows = await t.db.query(`SELECT reason, reason_params FROM inbound_messages ORDER BY id`);
      expect(rows).toEqual([
        { reason: 'no-sender', reason_params: {} },
        { reason: 'sender-too-long', reason_params: { max: 254 } },
        { reason: 'max-attempts', reason_params: { max: 3 } },
        { reason: 'loop', reason_params: {} },
        { reason: 'auto-reply', reason_params: { header: 'Precedence', value: 'bulk' } },
        { reason: 'auto-reply', reason_params: { header: 'Subject' } },
        { reason: 'bounce', reason_params: { kind: 'dsn' } },
        { reason: 'bounce', reason_params: { kind: 'sender', sender: 'postmaster@client.test' } },
        { reason: 'duplicate', reason_params: { of: '12', seconds: 300 } },
        { reason: 'burst', reason_params: { limit: 5, seconds: 300, sender: 'flood@client.test' } },
        { reason: 'dismissed', reason_params: { name: 'Адмін Адміненко', email: 'admin@oree.test' } },
        { reason: 'sender-unverified', reason_params: { detail: 'sender not verified: DMARC fail for corp-a.test (policy reject)' } },
        { reason: 'processing-failed', reason_params: { error: 'relation "x" does not exist' } },
      ]);
    } finally {
      await runner.release();
    }
  });
});
