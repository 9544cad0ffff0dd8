import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { MailInRunner } from '../../apps/api/src/mail-in/mail-in.runner';
import type { StaffTestSession } from '../../apps/api/src/testing/staff-session';
import type { TestApp } from '../../apps/api/src/testing/test-app';
import { DovecotServer, startDovecot } from '../support/dovecot';
import { eventually, SmtpCapture } from '../support/smtp-capture';
import { createMailTestApp, imapInbox, signInAdmin } from './support/mail-app';
import { DutyEngineer } from './support/staff-actions';

const SUPPORT = 'support@oree.com.ua';
// Domains other than the default identity's: their e-mails' Message-IDs are of these.
const SALES = 'sales@prodazhi.oree.com.ua';
const BILLING = 'billing@rakhunky.oree.com.ua';

jest.setTimeout(60_000);

/**
 * Issue 16 ("several mailboxes") over a real Dovecot and real SMTP servers:
 * the environment's mailbox stays the default one, and mailboxes added by an
 * admin (IMAP with its own SMTP account, a maildir on the default transport)
 * are read at the same time; each opens requests in its category, and what is
 * sent about a request goes out from the mailbox it came in through. A
 * mailbox that cannot log in fails alone, in /api/health/ready.
 */
describe('issue 16: several mailboxes, each with its category and sending identity', () => {
  let dovecot: DovecotServer;
  let smtp: SmtpCapture;
  let salesSmtp: SmtpCapture;
  let t: TestApp;
  let admin: StaffTestSession;
  let engineer: DutyEngineer;
  let billingDir: string;
  let salesCategory: number;
  let billingCategory: number;
  let salesId = '';
  let billingId = '';
  let seq = 0;

  const compose = (options: Mail.Options): Promise<Buffer> => new MailComposer({ messageId: `<mb-${Date.now()}-${++seq}@client.test>`, ...options }).compile().build();
  const appendTo = async (user: string, options: Mail.Options) => {
    const imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user, pass: `${user}-pass` }, logger: false });
    await imap.connect();
    await imap.append('INBOX', await compose(options));
    await imap.logout();
  };
  const ticketOf = (email: string) =>
    eventually(`the request of ${email}`, async () => (await t.db.query(`SELECT id, tracking_id, category_id, mailbox_id FROM tickets WHERE requester_email = $1`, [email]))[0]);
  const post = (path: string, body: object) => admin.http.post(path).set('X-CSRF-Token', admin.csrf).send(body);

  beforeAll(async () => {
    dovecot = await startDovecot({ users: ['support', 'sales', 'broken'].map((user) => ({ user, password: `${user}-pass` })) });
    smtp = await new SmtpCapture().start();
    salesSmtp = await new SmtpCapture().start();
    billingDir = await mkdtemp(join(tmpdir(), 'pidtrymka-billing-'));
    t = await createMailTestApp(smtp.port, { MAIL_FROM_ADDRESS: SUPPORT, ...imapInbox(dovecot, 'support', 'support-pass') });
    admin = await signInAdmin(t);
    engineer = await DutyEngineer.signIn(t);
    [{ id: salesCategory }] = await t.db.query(`INSERT INTO categories (name_uk, name_en, position) VALUES ('Продажі', 'Sales', 5) RETURNING id`);
    [{ id: billingCategory }] = await t.db.query(`INSERT INTO categories (name_uk, name_en, position) VALUES ('Рахунки', 'Billing', 6) RETURNING id`);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await salesSmtp?.stop();
    await dovecot?.stop();
    await rm(billingDir, { recursive: true, force: true });
  }, 60_000);

  it('admins add mailboxes; passwords are sealed at rest and never returned, only "set"', async () => {
    const sales = await post('/api/staff/mailboxes', {
      name: 'Продажі',
      kind: 'imap',
      settings: { host: dovecot.host, port: dovecot.port, tls: false, user: 'sales' },
      password: 'sales-pass',
      categoryId: salesCategory,
      fromName: 'Відділ продажів',
      fromAddress: SALES,
      smtp: { host: '127.0.0.1', port: salesSmtp.port, secure: false },
    });
    expect(sales.body).toMatchObject({ name: 'Продажі' });
    expect(sales.status).toBe(201);
    salesId = sales.body.id;
    expect(sales.body).toMatchObject({ passwordSet: true, smtpPasswordSet: false, authKind: 'password', categoryId: salesCategory });
    expect(JSON.stringify(sales.body)).not.toContain('sales-pass');
    const billing = await post('/api/staff/mailboxes', { name: 'Рахунки', kind: 'maildir', settings: { dir: billingDir }, categoryId: billingCategory, fromName: 'Бухгалтерія', fromAddress: BILLING }).expect(201);
    billingId = billing.body.id;
    const [stored] = await t.db.query(`SELECT password FROM mailboxes WHERE id = $1`, [salesId]);
    expect(stored.password).toMatch(/^v1:/);
    expect(stored.password).not.toContain('sales-pass');
    // Incomplete or taken: a 4xx in the caller's language, never a 500.
    await post('/api/staff/mailboxes', { name: 'Без сервера', kind: 'imap', fromAddress: 'x@oree.com.ua' }).expect(400);
    const taken = await post('/api/staff/mailboxes', { name: 'Продажі', kind: 'maildir', fromAddress: 'y@oree.com.ua' }).set('Accept-Language', 'en').expect(409);
    expect(taken.body.message).toBe('A mailbox with this name already exists.');
    await admin.http.get('/api/staff/mailboxes/00000000-0000-0000-0000-000000000000').expect(404);
    // Audited with the fields changed, a secret only by name.
    const audit = await t.db.query(`SELECT actor_name, details FROM audit_log WHERE action = 'mailbox.created' ORDER BY id`);
    expect(audit.map((row: { details: { name: string } }) => row.details.name)).toEqual(['Продажі', 'Рахунки']);
    expect(audit[0].details.changed).toContain('password');
    expect(JSON.stringify(audit)).not.toContain('sales-pass');
    await eventually('both mailboxes read', () => t.app.get(MailInRunner).runningMailboxes().length === 2);
  });

  it('mail to each mailbox opens a request in its category, and the confirmation goes out from that mailbox', async () => {
    await appendTo('support', { from: 'Олена <olena@client.test>', to: SUPPORT, subject: 'Загальне питання', text: 'Доброго дня' });
    await appendTo('sales', { from: 'Петро <petro@client.test>', to: SALES, subject: 'Комерційна пропозиція', text: 'Цікавить ціна' });
    await mkdir(join(billingDir, 'new'), { recursive: true });
    await writeFile(join(billingDir, 'new', '1.M1.test'), await compose({ from: 'Ірина <iryna@client.test>', to: BILLING, subject: 'Рахунок', text: 'Надішліть рахунок' }));

    const general = await ticketOf('olena@client.test');
    const sales = await ticketOf('petro@client.test');
    const billing = await ticketOf('iryna@client.test');
    const [{ id: defaultCategory }] = await t.db.query(`SELECT id FROM categories WHERE is_default`);
    expect(general).toMatchObject({ category_id: defaultCategory, mailbox_id: null });
    expect(sales).toMatchObject({ category_id: salesCategory, mailbox_id: salesId });
    expect(billing).toMatchObject({ category_id: billingCategory, mailbox_id: billingId });

    const [toOlena] = await eventually('the default confirmation', () => smtp.to('olena@client.test').length && smtp.to('olena@client.test'));
    expect(toOlena.from).toBe(SUPPORT);
    const [toPetro] = await eventually("the sales mailbox's confirmation", () => salesSmtp.to('petro@client.test').length && salesSmtp.to('petro@client.test'));
    expect(toPetro.from).toBe(SALES);
    expect(toPetro.parsed.from?.value).toEqual([{ name: 'Відділ продажів', address: SALES }]);
    expect(smtp.to('petro@client.test')).toEqual([]);
    // No SMTP account of its own: the default transport, with the mailbox's identity.
    const [toIryna] = await eventually("the billing mailbox's confirmation", () => smtp.to('iryna@client.test').length && smtp.to('iryna@client.test'));
    expect(toIryna.from).toBe(BILLING);
    expect(toIryna.parsed.from?.value).toEqual([{ name: 'Бухгалтерія', address: BILLING }]);
    // Each Message-ID is of the domain its e-mail comes from.
    expect(toOlena.parsed.messageId).toMatch(/@oree\.com\.ua>$/);
    expect(toPetro.parsed.messageId).toMatch(/@prodazhi\.oree\.com\.ua>$/);
    expect(toIryna.parsed.messageId).toMatch(/@rakhunky\.oree\.com\.ua>$/);
    const [inbound] = await t.db.query(`SELECT mailbox_id FROM inbound_messages WHERE sender = 'petro@client.test'`);
    expect(inbound.mailbox_id).toBe(salesId);
  });

  it("a staff reply goes out from the request's mailbox, threaded by Message-IDs of its domain, and the participant's answer to it joins the request", async () => {
    const sales = await ticketOf('petro@client.test');
    await engineer.reply(sales.tracking_id, 'Ціна в додатку');
    const reply = await eventually('the reply', () => salesSmtp.to('petro@client.test')[1]);
    expect(reply.from).toBe(SALES);
    expect(reply.parsed.subject).toContain(`[#${sales.tracking_id}]`);
    // Threaded under the confirmation, by the Message-IDs of the mailbox's domain it went out with.
    const confirmation = salesSmtp.to('petro@client.test')[0];
    expect(reply.parsed.messageId).toMatch(/@prodazhi\.oree\.com\.ua>$/);
    expect(reply.parsed.inReplyTo).toBe(confirmation.parsed.messageId);
    expect([reply.parsed.references].flat()).toEqual([confirmation.parsed.messageId]);
    await appendTo('sales', { from: 'Петро <petro@client.test>', to: SALES, subject: `Re: ${reply.parsed.subject}`, text: 'Дякую', inReplyTo: reply.parsed.messageId });
    await eventually('the answer joined', async () => (await t.db.query(`SELECT 1 FROM messages WHERE ticket_id = $1 AND body = 'Дякую'`, [sales.id])).length);
    // An answer without the [#ID] in its subject joins by that Message-ID alone (R-MAIL-5).
    await appendTo('sales', { from: 'Петро <petro@client.test>', to: SALES, subject: 'Ще одне питання', text: 'І ще', inReplyTo: reply.parsed.messageId, references: [confirmation.parsed.messageId!, reply.parsed.messageId!] });
    await eventually('the untagged answer joined', async () => (await t.db.query(`SELECT 1 FROM messages WHERE ticket_id = $1 AND body = 'І ще'`, [sales.id])).length);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM tickets WHERE requester_email = 'petro@client.test'`))[0].n).toBe(1);
  });

  it('mail from one of our mailboxes is a loop, not a request', async () => {
    await appendTo('support', { from: `Відділ продажів <${SALES}>`, to: SUPPORT, subject: 'Питання від колег', text: 'loop' });
    const [row] = await eventually('the loop kept', () => t.db.query(`SELECT status, reason FROM inbound_messages WHERE sender = $1`, [SALES]).then((rows) => rows.length && rows));
    expect(row).toMatchObject({ status: 'ignored', reason: 'loop' });
  });

  it('a mailbox that cannot log in fails alone: shown in /api/health/ready and to admins, the others go on', async () => {
    const broken = await post('/api/staff/mailboxes', {
      name: 'Зламана',
      kind: 'imap',
      settings: { host: dovecot.host, port: dovecot.port, tls: false, user: 'broken' },
      password: 'wrong-pass',
      fromAddress: 'broken@oree.com.ua',
    }).expect(201);
    const ready = await eventually('readiness to name the mailbox', async () => {
      const response = await t.http.get('/api/health/ready');
      return response.status === 503 && response.body.error?.['mailbox:Зламана'] && response.body;
    });
    expect(ready.error['mailbox:Зламана']).toMatchObject({ status: 'down', state: 'disconnected' });
    expect(ready.info['mailbox:Продажі']).toMatchObject({ status: 'up' });
    const listed = await admin.http.get('/api/staff/mailboxes').expect(200);
    expect(listed.body.find((m: { id: string }) => m.id === broken.body.id).status).toMatchObject({ state: 'disconnected', error: expect.stringContaining('authentication failed') });

    await writeFile(join(billingDir, 'new', '2.M2.test'), await compose({ from: 'Марко <marko@client.test>', to: BILLING, subject: 'Ще рахунок', text: 'Ще один' }));
    await appendTo('sales', { from: 'Оксана <oksana@client.test>', to: SALES, subject: 'Ще питання', text: 'Питання' });
    expect(await ticketOf('marko@client.test')).toMatchObject({ mailbox_id: billingId });
    expect(await ticketOf('oksana@client.test')).toMatchObject({ mailbox_id: salesId });

    // Fixed by an admin: picked up at once, readiness is green again.
    await admin.http.patch(`/api/staff/mailboxes/${broken.body.id}`).set('X-CSRF-Token', admin.csrf).send({ password: 'broken-pass' }).expect(200);
    await eventually('readiness green again', async () => (await t.http.get('/api/health/ready')).status === 200);
    await admin.http.delete(`/api/staff/mailboxes/${broken.body.id}`).set('X-CSRF-Token', admin.csrf).expect(204);
    await eventually('the deleted mailbox stopped', () => !t.app.get(MailInRunner).runningMailboxes().includes(broken.body.id));
  });
});
