import { freePort } from '../../../../tests/support/free-port.js';
import { SmtpCapture } from '../../../../tests/support/smtp-capture';
import { MailInService } from './mail-in.service';
import { OutboxWorker } from '../notifications/outbox.worker';
import { manualParticipant as participant } from '../testing/fixtures';
import { signInStaff, StaffTestSession } from '../testing/staff-session';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1', name: 'Адміністратор' };
const AGENT = { email: 'agent@oree.test', password: 'agent-password-1', name: 'Агент' };

jest.setTimeout(60_000);

/** A raw e-mail as a mail server hands it over. */
function eml(options: { from?: string; subject: string; id: string; body?: string; html?: string }): Buffer {
  const headers = [
    ...(options.from ? [`From: ${options.from}`] : []),
    'To: support@localhost',
    `Subject: ${options.subject}`,
    `Message-ID: <${options.id}>`,
    'Date: Fri, 27 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
  ];
  if (options.html) return Buffer.from([...headers, 'Content-Type: text/html; charset=utf-8', '', options.html, ''].join('\r\n'));
  return Buffer.from([...headers, 'Content-Type: text/plain; charset=utf-8', '', options.body ?? 'Текст листа', ''].join('\r\n'));
}

/** R-MAIL-6 and the outbox, for admins: /api/staff/mail/… on the real app and PostgreSQL, a real SMTP server for the retry. */
describe('staff API: quarantined and failed e-mails', () => {
  let t: TestApp;
  let admin: StaffTestSession;
  let agent: StaffTestSession;
  let smtpPort: number;
  const smtp = new SmtpCapture();

  const receive = (raw: Buffer) => t.app.get(MailInService).receive(raw, 'test');
  const statusOf = async (id: string) => (await t.db.query(`SELECT status, reason, reason_params, ticket_id FROM inbound_messages WHERE id = $1`, [id]))[0];
  const auditOf = (action: string) => t.db.query(`SELECT actor_name AS "actorName", details FROM audit_log WHERE action = $1 ORDER BY id`, [action]);

  beforeAll(async () => {
    // Nothing listens on this port until the retry test starts an SMTP server there: every delivery fails until then.
    smtpPort = await freePort();
    t = await createTestApp({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_NAME: ADMIN.name,
      SCHEDULER_ENABLED: 'false',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      OUTBOX_MAX_ATTEMPTS: '1',
    });
    admin = await signInStaff(t, ADMIN);
    await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...AGENT, role: 'agent' }).expect(201);
    agent = await signInStaff(t, AGENT);
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it('admins only: an agent gets 403, no session 401, no CSRF token 403', async () => {
    for (const path of ['/api/staff/mail/counts', '/api/staff/mail/quarantine', '/api/staff/mail/quarantine/1', '/api/staff/mail/failed']) {
      const { body } = await agent.http.get(path).set('Accept-Language', 'en').expect(403);
      expect(body).toMatchObject({ code: 'staff_forbidden', message: expect.stringMatching(/admin/i) });
      await t.http.get(path).expect(401);
    }
    for (const path of ['/api/staff/mail/quarantine/replay-all', '/api/staff/mail/quarantine/1/replay', '/api/staff/mail/quarantine/1/dismiss', '/api/staff/mail/failed/retry-all', '/api/staff/mail/failed/1/retry']) {
      await agent.http.post(path).set('X-CSRF-Token', agent.csrf).expect(403);
      const { body } = await admin.http.post(path).expect(403);
      expect(body.code).toBe('csrf_invalid');
    }
    expect(await auditOf('mail.replayed')).toEqual([]);
  });

  describe('quarantine (R-MAIL-6)', () => {
    let refusedId: string;
    let unsenderId: string;
    let htmlId: string;

    beforeAll(async () => {
      // A transient failure: the database refuses these subjects for a while.
      await t.db.query(`ALTER TABLE tickets ADD CONSTRAINT test_refuse CHECK (subject NOT LIKE 'Відкладений%')`);
      refusedId = (await receive(eml({ from: 'Учасник <later@client.test>', subject: 'Відкладений лист', id: 'q1@client.test', body: 'Спробуйте пізніше' }))).inboundId;
      unsenderId = (await receive(eml({ subject: 'Без відправника', id: 'q2@client.test' }))).inboundId;
      htmlId = (
        await receive(
          eml({
            from: 'html@client.test',
            subject: '=?UTF-8?B?0JLRltC00LrQu9Cw0LTQtdC90LjQuSBIVE1M?=',
            id: 'q3@client.test',
            html: '<p>Привіт <b>світ</b></p><script>alert(1)</script><img src="https://tracker.test/x.png">',
          }),
        )
      ).inboundId;
      for (const id of [refusedId, unsenderId, htmlId]) expect((await statusOf(id)).status).toBe('quarantined');
    });

    it('lists them newest first, paged, with sender, subject, reason and date; counts them', async () => {
      const first = await admin.http.get('/api/staff/mail/quarantine').query({ limit: 2 }).expect(200);
      expect(first.body.total).toBe(3);
      expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([htmlId, unsenderId]);
      expect(first.body.items[0]).toMatchObject({ from: 'html@client.test', subject: 'Відкладений HTML', reason: expect.stringContaining('test_refuse'), origin: 'test', size: expect.any(Number) });
      // Issue 17: stored as a code, shown in the reader's language (Ukrainian by default).
      expect(first.body.items[1]).toMatchObject({ from: null, reason: 'У листі немає адреси відправника.', reasonCode: 'no-sender', reasonParams: {} });
      const en = await admin.http.get('/api/staff/mail/quarantine').set('Accept-Language', 'en').query({ limit: 2 }).expect(200);
      expect(en.body.items[1]).toMatchObject({ reason: 'The message has no sender address.', reasonCode: 'no-sender' });
      expect(en.body.items[0]).toMatchObject({ reasonCode: 'processing-failed', reason: expect.stringMatching(/^The message could not be processed: .*test_refuse/) });
      expect(new Date(first.body.items[0].receivedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const second = await admin.http.get('/api/staff/mail/quarantine').query({ limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect(second.body).toMatchObject({ items: [{ id: refusedId, from: 'later@client.test', subject: 'Відкладений лист' }], nextCursor: null });
      const counts = await admin.http.get('/api/staff/mail/counts').expect(200);
      expect(counts.body.quarantined).toBe(3);

      const bad = await admin.http.get('/api/staff/mail/quarantine').query({ cursor: 'abc' }).set('Accept-Language', 'en').expect(400);
      expect(bad.body).toMatchObject({ code: 'invalid_cursor', message: 'Invalid page position.' });
      await admin.http.get('/api/staff/mail/quarantine').query({ limit: 1000 }).expect(400);
    });

    it('shows one safely: decoded headers, HTML only as text, and the raw message as a download', async () => {
      const { body, headers } = await admin.http.get(`/api/staff/mail/quarantine/${htmlId}`).expect(200);
      expect(headers['content-type']).toMatch(/^application\/json/);
      expect(body).toMatchObject({ id: htmlId, messageId: 'q3@client.test', parseError: null, textTruncated: false });
      expect(body.headers).toEqual(expect.arrayContaining([{ name: 'subject', value: 'Відкладений HTML' }, { name: 'from', value: 'html@client.test' }]));
      expect(body.text).toContain('Привіт');
      expect(body.text).toMatch(/світ/i);
      expect(body.text).not.toMatch(/<script|<img|<b>/);

      const raw = await admin.http.get(`/api/staff/mail/quarantine/${htmlId}/raw`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(raw.headers['content-disposition']).toMatch(/^attachment; filename="inbound-\d+\.eml"/);
      expect(raw.headers['content-security-policy']).toContain('sandbox');
      expect((raw.body as Buffer).toString('utf8')).toContain('Message-ID: <q3@client.test>');

      const missing = await admin.http.get('/api/staff/mail/quarantine/999999').set('Accept-Language', 'en').expect(404);
      expect(missing.body).toMatchObject({ code: 'quarantined_email_not_found', message: expect.stringContaining('quarantine') });
      const uk = await admin.http.get('/api/staff/mail/quarantine/not-a-number').expect(404);
      expect(uk.body.message).toContain('карантині');
    });

    it('replaying one, once the cause is gone, creates the request; it is then no longer in quarantine', async () => {
      await t.db.query(`ALTER TABLE tickets DROP CONSTRAINT test_refuse`);
      const { body } = await admin.http.post(`/api/staff/mail/quarantine/${refusedId}/replay`).set('X-CSRF-Token', admin.csrf).expect(200);
      expect(body.results).toEqual([{ id: refusedId, status: 'processed', ticket: { trackingId: expect.stringMatching(/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{4}$/) }, reason: null }]);
      const [ticket] = await t.db.query(`SELECT tracking_id, subject, requester_email, channel FROM tickets WHERE requester_email = 'later@client.test'`);
      expect(ticket).toMatchObject({ tracking_id: body.results[0].ticket.trackingId, subject: 'Відкладений лист', channel: 'email' });
      // The participant's confirmation is queued like for any e-mailed request (R-MAIL-3).
      expect(await t.db.query(`SELECT template FROM outbox WHERE recipient = 'later@client.test'`)).toEqual([{ template: 'ticket_created' }]);
      const view = await admin.http.get(`/api/staff/tickets/${ticket.tracking_id}`).expect(200);
      expect(view.body.messages[0].body).toBe('Спробуйте пізніше');

      await admin.http.post(`/api/staff/mail/quarantine/${refusedId}/replay`).set('X-CSRF-Token', admin.csrf).expect(404);
      const list = await admin.http.get('/api/staff/mail/quarantine').expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(refusedId);
      expect(await auditOf('mail.replayed')).toEqual([
        { actorName: ADMIN.name, details: expect.objectContaining({ all: false, results: [{ id: refusedId, status: 'processed', trackingId: ticket.tracking_id }] }) },
      ]);
    });

    it('replay-all processes what it can and keeps the rest in quarantine with its reason', async () => {
      const { body } = await admin.http.post('/api/staff/mail/quarantine/replay-all').set('X-CSRF-Token', admin.csrf).expect(200);
      const byId = Object.fromEntries(body.results.map((r: { id: string }) => [r.id, r]));
      expect(byId[htmlId]).toMatchObject({ status: 'processed', ticket: { trackingId: expect.any(String) } });
      expect(byId[unsenderId]).toEqual({ id: unsenderId, status: 'quarantined', ticket: null, reason: 'У листі немає адреси відправника.' });
      expect((await admin.http.get('/api/staff/mail/counts').expect(200)).body.quarantined).toBe(1);
    });

    it('dismissing takes a message out of quarantine without processing it, and keeps it (as ignored)', async () => {
      await agent.http.post(`/api/staff/mail/quarantine/${unsenderId}/dismiss`).set('X-CSRF-Token', agent.csrf).expect(403);
      await admin.http.post(`/api/staff/mail/quarantine/${unsenderId}/dismiss`).set('X-CSRF-Token', admin.csrf).expect(204);
      expect(await statusOf(unsenderId)).toMatchObject({ status: 'ignored', reason: 'dismissed', reason_params: { name: ADMIN.name, email: ADMIN.email }, ticket_id: null });
      const [{ size }] = await t.db.query(`SELECT octet_length(raw) AS size FROM inbound_messages WHERE id = $1`, [unsenderId]);
      expect(size).toBeGreaterThan(0);
      await admin.http.post(`/api/staff/mail/quarantine/${unsenderId}/dismiss`).set('X-CSRF-Token', admin.csrf).expect(404);
      expect((await admin.http.get('/api/staff/mail/quarantine').expect(200)).body).toEqual({ items: [], nextCursor: null, total: 0 });
      // 12.4: still listed for admins, as ignored with who dismissed it, and can be released later.
      const kept = await admin.http.get('/api/staff/mail/kept').query({ reason: 'dismissed' }).expect(200);
      expect(kept.body.items).toEqual([expect.objectContaining({ id: unsenderId, status: 'ignored', reason: `Прибрано з карантину: ${ADMIN.name} <${ADMIN.email}>.` })]);
      expect(await auditOf('mail.dismissed')).toEqual([{ actorName: ADMIN.name, details: expect.objectContaining({ inboundId: unsenderId }) }]);
    });
  });

  describe('failed outgoing e-mails', () => {
    let trackingId: string;

    beforeAll(async () => {
      const { body } = await t.http.post('/api/tickets').send({ ...participant, email: 'failed@client.test' }).expect(201);
      trackingId = body.trackingId;
      // The SMTP server is down and one attempt is all an e-mail gets: the worker gives up on every queued e-mail.
      await t.app.get(OutboxWorker).deliverDue();
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM outbox WHERE status <> 'failed'`);
      expect(count).toBe(0);
    });

    it('lists them newest first with recipient, template, subject, error and attempts', async () => {
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM outbox`);
      const all = await admin.http.get('/api/staff/mail/failed').query({ limit: 100 }).expect(200);
      expect(all.body.total).toBe(count);
      const mine = all.body.items.find((i: { recipient: string }) => i.recipient === 'failed@client.test');
      expect(mine).toMatchObject({
        template: 'ticket_created',
        subject: `[#${trackingId}] Запит отримано: ${participant.subject}`,
        locale: 'uk',
        error: expect.stringMatching(/ECONNREFUSED|connect/i),
        attempts: 1,
        ticket: { trackingId },
      });
      const ids = all.body.items.map((i: { id: string }) => Number(i.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));

      const first = await admin.http.get('/api/staff/mail/failed').query({ limit: 1 }).expect(200);
      const second = await admin.http.get('/api/staff/mail/failed').query({ limit: 1, cursor: first.body.nextCursor }).expect(200);
      expect([first.body.items[0].id, second.body.items[0].id]).toEqual([String(ids[0]), String(ids[1])]);
      expect((await admin.http.get('/api/staff/mail/counts').expect(200)).body.failed).toBe(count);
    });

    it('retrying one puts it back in the queue with fresh attempts, and the worker sends it', async () => {
      await smtp.start(smtpPort);
      const [row] = await t.db.query(`SELECT id::text AS id FROM outbox WHERE recipient = 'failed@client.test'`);
      const { body } = await admin.http.post(`/api/staff/mail/failed/${row.id}/retry`).set('X-CSRF-Token', admin.csrf).expect(200);
      expect(body).toEqual({ retried: [row.id] });
      expect((await t.db.query(`SELECT status, attempts FROM outbox WHERE id = $1`, [row.id]))[0]).toEqual({ status: 'pending', attempts: 0 });
      // Only the one retried: the others stay failed.
      expect((await t.db.query(`SELECT count(*)::int AS count FROM outbox WHERE status = 'pending'`))[0].count).toBe(1);

      await t.app.get(OutboxWorker).deliverDue();
      expect((await t.db.query(`SELECT status FROM outbox WHERE id = $1`, [row.id]))[0].status).toBe('sent');
      expect(smtp.received.map((mail) => mail.to)).toEqual([['failed@client.test']]);
      expect(smtp.received[0].parsed.subject).toBe(`[#${trackingId}] Запит отримано: ${participant.subject}`);

      const again = await admin.http.post(`/api/staff/mail/failed/${row.id}/retry`).set('X-CSRF-Token', admin.csrf).set('Accept-Language', 'en').expect(404);
      expect(again.body).toMatchObject({ code: 'failed_email_not_found', message: expect.stringContaining('failed e-mail') });
      expect(await auditOf('mail.retried')).toEqual([{ actorName: ADMIN.name, details: expect.objectContaining({ all: false, outboxIds: [row.id] }) }]);
    });

    it('retry-all puts every failed e-mail back, and they are sent', async () => {
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM outbox WHERE status = 'failed'`);
      expect(count).toBeGreaterThan(0);
      const { body } = await admin.http.post('/api/staff/mail/failed/retry-all').set('X-CSRF-Token', admin.csrf).expect(200);
      expect(body.retried).toHaveLength(count);
      await t.app.get(OutboxWorker).deliverDue();
      expect(await t.db.query(`SELECT DISTINCT status FROM outbox`)).toEqual([{ status: 'sent' }]);
      expect((await admin.http.get('/api/staff/mail/failed').expect(200)).body).toEqual({ items: [], nextCursor: null, total: 0 });
      expect((await admin.http.post('/api/staff/mail/failed/retry-all').set('X-CSRF-Token', admin.csrf).expect(200)).body).toEqual({ retried: [] });
    });
  });

  describe('15.4 the whole message one click away (R-MAIL-4)', () => {
    const reply = 'Направляю вам підписаний файл у вкладенні.\r\n\r\n29.04.2021 10:55, Технічна підтримка пише:\r\n> Доброго дня, Тестовий контрагент,\r\n> надішліть файл.\r\n';
    let trackingId: string;
    let messageId: string;
    let raw: Buffer;

    beforeAll(async () => {
      raw = eml({ from: 'Олена <olena@client.test>', subject: 'Підпис', id: 'whole1@client.test', body: reply });
      const result = await receive(raw);
      const [row] = await t.db.query(`SELECT t.tracking_id, m.id::text AS message_id FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE t.id = $1`, [result.ticketId]);
      trackingId = row.tracking_id;
      messageId = row.message_id;
    });

    it('keeps the whole text beside the participant\'s words and shows both to staff', async () => {
      const { body } = await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200);
      expect(body.messages[0]).toMatchObject({
        body: 'Направляю вам підписаний файл у вкладенні.',
        fullBody: expect.stringContaining('> Доброго дня, Тестовий контрагент,'),
        channel: 'email',
      });
      expect(body.messages[0].fullBody).toContain('29.04.2021 10:55, Технічна підтримка пише:');
    });

    it('gives admins the original e-mail as .eml, byte for byte; agents get 403', async () => {
      const original = await admin.http.get(`/api/staff/mail/messages/${messageId}/original`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(original.headers['content-type']).toMatch(/^message\/rfc822/);
      expect(original.headers['content-disposition']).toMatch(/^attachment; filename="inbound-\d+\.eml"/);
      expect(Buffer.compare(original.body as Buffer, raw)).toBe(0);
      const { body } = await agent.http.get(`/api/staff/mail/messages/${messageId}/original`).set('Accept-Language', 'en').expect(403);
      expect(body.code).toBe('staff_forbidden');
      await t.http.get(`/api/staff/mail/messages/${messageId}/original`).expect(401);
    });

    it('answers 404 with a message in uk and en for a message that did not come by e-mail', async () => {
      const [web] = await t.db.query(`SELECT m.id::text AS id FROM messages m WHERE m.channel <> 'email' LIMIT 1`);
      for (const id of [web?.id ?? '999999999', '999999999', 'not-a-number']) {
        const en = await admin.http.get(`/api/staff/mail/messages/${id}/original`).set('Accept-Language', 'en').expect(404);
        expect(en.body).toMatchObject({ code: 'original_email_not_found', message: expect.stringContaining('did not come by e-mail') });
      }
      const uk = await admin.http.get('/api/staff/mail/messages/999999999/original').expect(404);
      expect(uk.body.message).toContain('не електронною поштою');
    });
  });
});
