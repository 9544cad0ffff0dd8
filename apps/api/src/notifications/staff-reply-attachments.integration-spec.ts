import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { SmtpCapture } from '../../../../tests/support/smtp-capture';
import { fileSamples } from '../testing/file-samples';
import { createTestApp, TestApp } from '../testing/test-app';
import { OutboxWorker } from './outbox.worker';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1', name: 'Адміністраторка' };
const CAP = 3000;

jest.setTimeout(60_000);

interface Session {
  http: TestAgent;
  csrf: string;
}

/**
 * Issue 17 ("mail that staff and participants expect"), R-MAIL-2: a staff reply's files go with its
 * e-mail to the participant, read from the store when the e-mail is sent (the outbox row names them by
 * id), within MAIL_MAX_ATTACHMENTS_BYTES; above it the e-mail lists them by name and size with the link.
 * Delivered through the real `smtp` transport to a real SMTP server and read back with mailparser.
 */
describe('a staff reply e-mails its attachments (issue 17, R-MAIL-2)', () => {
  let t: TestApp;
  let admin: Session;
  const smtp = new SmtpCapture();

  const submit = async (email: string): Promise<string> =>
    (await t.http.post('/api/tickets').send({ name: 'Олена Учасниця', email, subject: 'Договір', message: 'Надішліть, будь ласка, договір.', categoryId: 1 }).expect(201)).body.trackingId;
  const newest = async (trackingId: string): Promise<string> => (await admin.http.get(`/api/staff/tickets/${trackingId}`).expect(200)).body.messages.at(-1).id;
  const reply = async (trackingId: string, files: { name: string; content: Buffer }[]) => {
    const form = admin.http.post(`/api/staff/tickets/${trackingId}/messages`).set('X-CSRF-Token', admin.csrf).field('body', 'Договір у вкладенні.').field('lastSeenMessageId', await newest(trackingId));
    for (const file of files) form.attach('attachments', file.content, file.name);
    return (await form.expect(201)).body;
  };
  const sendAll = async () => {
    while ((await t.app.get(OutboxWorker).deliverDue()) > 0);
  };
  const replyMail = (email: string) => smtp.to(email).find((mail) => /Нова відповідь на/.test(mail.parsed.subject ?? ''));

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_NAME: ADMIN.name,
      SCHEDULER_ENABLED: 'false',
      OUTBOX_WORKER_ENABLED: 'false',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_MAX_ATTACHMENTS_BYTES: String(CAP),
    });
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
    admin = { http, csrf: body.csrfToken };
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it('attaches the files, byte for byte, read at send time from the ids the outbox row names', async () => {
    const email = 'attach-1@participant.test';
    const trackingId = await submit(email);
    const text = Buffer.from('Рядок договору\n');
    const sent = await reply(trackingId, [
      { name: 'dogovir.pdf', content: fileSamples.pdf },
      { name: 'notes.txt', content: text },
    ]);
    const [row] = await t.db.query(`SELECT o.payload FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.tracking_id = $1 AND o.template = 'staff_reply'`, [trackingId]);
    // By id, name and size only: no bytes are copied into the outbox.
    expect(row.payload.attachments).toEqual(sent.message.attachments.map((a: { id: string; filename: string; size: number }) => ({ id: a.id, filename: a.filename, size: a.size })));
    expect(JSON.stringify(row.payload)).not.toContain(fileSamples.pdf.toString('base64').slice(0, 20));

    await sendAll();
    const mail = replyMail(email)!;
    expect(mail).toBeDefined();
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString('hex')])).toEqual([
      ['dogovir.pdf', 'application/pdf', fileSamples.pdf.toString('hex')],
      ['notes.txt', 'text/plain', text.toString('hex')],
    ]);
    // Attached, so not listed as "too large".
    expect(mail.parsed.text).not.toMatch(/завеликі/);
  });

  it(`above MAIL_MAX_ATTACHMENTS_BYTES (${CAP}) lists the files by name and size with the request's link, attaching none`, async () => {
    const email = 'attach-2@participant.test';
    const trackingId = await submit(email);
    await reply(trackingId, [
      { name: 'big-1.txt', content: Buffer.alloc(2000, 'a') },
      { name: 'big-2.txt', content: Buffer.alloc(1500, 'b') },
    ]);
    await sendAll();
    const mail = replyMail(email)!;
    expect(mail.parsed.attachments).toEqual([]);
    const text = mail.parsed.text ?? '';
    expect(text).toContain('До відповіді додано файли, завеликі для цього листа');
    expect(text).toMatch(/big-1\.\u200b?txt \(2 КБ\)/);
    expect(text).toMatch(/big-2\.\u200b?txt \(1,5 КБ\)/);
    expect(text).toContain(`/ticket?track=${trackingId}&e=${encodeURIComponent(email)}`);
    expect(mail.parsed.html).toContain('<li>big-1.');
  });

  it('a file gone from the store by send time is listed rather than silently missing; a reply in English lists in English', async () => {
    const email = 'attach-3@participant.test';
    const { body } = await t.http
      .post('/api/tickets')
      .set('Accept-Language', 'en')
      .send({ name: 'Olena', email, subject: 'Contract', message: 'Please send the contract.', categoryId: 1 })
      .expect(201);
    const trackingId: string = body.trackingId;
    await t.db.query(`UPDATE tickets SET locale = 'en' WHERE tracking_id = $1`, [trackingId]);
    const sent = await reply(trackingId, [{ name: 'small.txt', content: Buffer.from('small') }]);
    await t.db.query(`DELETE FROM attachment_contents WHERE storage_key = (SELECT storage_key FROM attachments WHERE id = $1)`, [sent.message.attachments[0].id]);
    await sendAll();
    const mail = smtp.to(email).find((m) => /New reply to/.test(m.parsed.subject ?? ''))!;
    expect(mail.parsed.attachments).toEqual([]);
    expect(mail.parsed.text).toContain('The reply has files too large for this e-mail');
    expect(mail.parsed.text).toMatch(/small\.\u200b?txt \(5 B\)/);
  });
});
