import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { MailInRunner } from '../../apps/api/src/mail-in/mail-in.runner';
import { MailInService } from '../../apps/api/src/mail-in/mail-in.service';
import type { TestApp } from '../../apps/api/src/testing/test-app';
import { manualParticipant as participant } from '../../apps/api/src/testing/fixtures';
import { DovecotServer, startDovecot } from '../support/dovecot';
import { eventually, SmtpCapture } from '../support/smtp-capture';
import { createMailTestApp, imapInbox } from './support/mail-app';
import { DutyEngineer } from './support/staff-actions';

const SUPPORT = 'support@oree.com.ua';
const STAFF_MESSAGE = 'Будь ласка перевірте ваш підпис за посиланням <https://czo.gov.ua/sign> та надішліть тестовий підписаний файл у відповідь на дане повідомлення.';
const p7s = Buffer.alloc(35_635, 0x30); // test1.docx.p7s, 34,8 KB as in the manual

/**
 * The manual's whole e-mail story (2.1–2.4) over a real Dovecot (mail in,
 * IMAP) and a real SMTP server (mail out): R-MAIL-1…8, R-CLOSE-1.
 */
jest.setTimeout(30_000);

describe('e-mail both ways (manual 2.1–2.4)', () => {
  let dovecot: DovecotServer;
  let smtp: SmtpCapture;
  let t: TestApp;
  let engineer: DutyEngineer;
  let imap: ImapFlow;
  let seq = 0;

  const compose = (options: Mail.Options): Promise<Buffer> =>
    new MailComposer({ to: `Технічна підтримка <${SUPPORT}>`, messageId: `<story-${Date.now()}-${++seq}@client.test>`, ...options }).compile().build();
  const send = async (options: Mail.Options): Promise<Buffer> => {
    const raw = await compose(options);
    await imap.append('INBOX', raw);
    return raw;
  };
  const fromParticipant = { name: participant.name, address: participant.email };
  const ticketsOf = (email: string) =>
    t.db.query(`SELECT id, tracking_id, subject, status, channel FROM tickets WHERE lower(requester_email) = lower($1) ORDER BY number`, [email]);
  const messagesOf = (ticketId: string) =>
    t.db.query(`SELECT m.id, m.author_type, m.body, m.channel, coalesce(json_agg(a.filename) FILTER (WHERE a.id IS NOT NULL), '[]') AS files
                FROM messages m LEFT JOIN attachments a ON a.message_id = m.id WHERE m.ticket_id = $1 AND NOT m.is_internal GROUP BY m.id ORDER BY m.id`, [ticketId]);
  const inboundCount = async () => Number((await t.db.query(`SELECT count(*) FROM inbound_messages`))[0].count);
  const settled = async (count: number) =>
    eventually(`${count} inbound messages decided`, async () => {
      const [row] = await t.db.query(`SELECT count(*) FILTER (WHERE status <> 'received') AS done FROM inbound_messages`);
      return Number(row.done) >= count;
    });
  const outboxSettled = () =>
    eventually('the outbox to be empty', async () => (await t.db.query(`SELECT 1 FROM outbox WHERE status IN ('pending', 'sending')`)).length === 0);

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'support', password: 'mailbox-pass' }] });
    smtp = await new SmtpCapture().start();
    t = await createMailTestApp(smtp.port, {
      MAIL_FROM_ADDRESS: SUPPORT,
      STAFF_NOTIFY_EMAIL: 'duty@oree.com.ua',
      ...imapInbox(dovecot, 'support', 'mailbox-pass'),
      // Long enough that every message below is taken on IDLE's word, not by polling.
      MAIL_IN_POLL_MS: '60000',
    });
    imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: 'support', pass: 'mailbox-pass' }, logger: false });
    await imap.connect();
    engineer = await DutyEngineer.signIn(t);
  }, 60_000);

  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await t?.close();
    await smtp?.stop();
    await dovecot?.stop();
  }, 60_000);

  let trackingId = '';
  let ticketId = '';
  let staffReplyMessageId = '';

  it('R-MAIL-3, R-MAIL-1: an e-mail to the mailbox becomes a request, and the participant gets its tracking ID and link', async () => {
    await send({ from: fromParticipant, subject: participant.subject, text: participant.message });
    const [ticket] = await eventually('the request', () => ticketsOf(participant.email).then((rows) => rows[0] && rows));
    ({ id: ticketId, tracking_id: trackingId } = ticket);
    expect(ticket).toMatchObject({ subject: participant.subject, status: 'new', channel: 'email' });
    expect(await messagesOf(ticketId)).toEqual([expect.objectContaining({ author_type: 'participant', body: participant.message, channel: 'email' })]);

    const [confirmation] = await eventually('the confirmation e-mail', () => smtp.to(participant.email).length && smtp.to(participant.email));
    expect(confirmation.parsed.subject).toBe(`[#${trackingId}] Запит отримано: ${participant.subject}`);
    expect(confirmation.parsed.text).toContain(`Ідентифікатор відстеження запиту: ${trackingId}`);
    expect(confirmation.parsed.text).toContain(`http://support.test/ticket?track=${trackingId}&e=test_partner%40oree.com.ua`);
    expect(confirmation.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(confirmation.parsed.headers.get('x-auto-response-suppress')).toBe('All');

    // The participant's message was flagged only after it was committed, and the mailbox position is kept.
    const [state] = await t.db.query(`SELECT value FROM mail_in_state`);
    expect(state.value).toMatchObject({ lastUid: 1 });
  });

  it('R-MAIL-2: a staff reply reaches the participant with exactly the manual\'s subject, sender and body', async () => {
    await engineer.reply(trackingId, STAFF_MESSAGE);
    const reply = await eventually('the staff reply e-mail', () => smtp.to(participant.email)[1]);
    expect(reply.parsed.subject).toBe(`[#${trackingId}] Нова відповідь на: Проблема з підписом заявки`);
    expect(reply.parsed.from?.value).toEqual([{ name: 'Технічна підтримка', address: SUPPORT }]);
    expect(reply.from).toBe(SUPPORT);
    expect(reply.parsed.text?.trim()).toBe(
      [
        'Доброго дня, Тестовий контрагент,',
        '',
        'Щойно було отримано відповідь від чергового техпідтримки на запит "Проблема з підписом заявки".',
        '',
        `Ідентифікатор відстеження запиту: ${trackingId}`,
        '',
        'Повідомлення:',
        `"${STAFF_MESSAGE}"`,
        '',
        'Відповідь можна переглянути за адресою:',
        `http://support.test/ticket?track=${trackingId}&e=test_partner%40oree.com.ua`,
        'Також повідомлення черговому техпідтримки можна надіслати у відповідь на цей лист.',
        '',
        "Увага! Обов'язково зберігайте ідентифікатор повідомлення у темі листа для уникнення дублювання запитів!",
        '',
        'З повагою, черговий техпідтримки.',
      ].join('\n'),
    );
    // The staff message is escaped in HTML, not rendered as markup; its address is a link, as the manual shows it (issue 17).
    expect(reply.parsed.html).toContain('&lt;<a href="https://czo.gov.ua/sign" rel="noopener noreferrer" target="_blank">https://czo.gov.ua/sign</a>&gt;');
    // Threaded after the confirmation, under a Message-ID of ours.
    const confirmation = smtp.to(participant.email)[0];
    expect(reply.parsed.inReplyTo).toBe(confirmation.parsed.messageId);
    expect(reply.parsed.messageId).toMatch(/^<p\d+\.[0-9a-f]{32}\.[0-9a-f]{24}@oree\.com\.ua>$/);
    staffReplyMessageId = reply.parsed.messageId!;
  });

  it('R-MAIL-4: the answer with [#ID] and a quoted block is appended without the quote and with its attachment', async () => {
    const staffEmail = smtp.to(participant.email)[1].parsed.text!;
    await send({
      from: fromParticipant,
      subject: `Re: [#${trackingId}] Нова відповідь на: Проблема з підписом заявки`,
      inReplyTo: staffReplyMessageId,
      text: `Направляю вам підписаний файл у вкладенні.\n\n29.04.2021 14:33, Технічна підтримка пише:\n\n${staffEmail}`,
      attachments: [{ filename: 'test1.docx.p7s', content: p7s }],
    });
    const messages = await eventually('the reply', () => messagesOf(ticketId).then((rows) => rows.length === 3 && rows));
    expect(messages[2]).toMatchObject({ author_type: 'participant', body: 'Направляю вам підписаний файл у вкладенні.', channel: 'email', files: ['test1.docx.p7s'] });
    const [{ status }] = await t.db.query(`SELECT status FROM tickets WHERE id = $1`, [ticketId]);
    expect(status).toBe('waiting_reply');
  });

  it('R-STAFF-2: staff are told by e-mail of a request made by e-mail (STAFF_NOTIFY_EMAIL)', async () => {
    await outboxSettled();
    const subjects = smtp.to('duty@oree.com.ua').map((mail) => mail.parsed.subject);
    expect(subjects).toEqual([`[#${trackingId}] Новий запит № 1: ${participant.subject}`]);
  });

  it('R-MAIL-5: without the tag but answering our e-mail (References), it joins the request', async () => {
    await send({ from: fromParticipant, subject: 'Ще одне питання', references: [staffReplyMessageId], text: 'І ще: чи потрібен новий ключ?' });
    const messages = await eventually('the joined reply', () => messagesOf(ticketId).then((rows) => rows.length === 4 && rows));
    expect(messages[3].body).toBe('І ще: чи потрібен новий ключ?');
    expect(await ticketsOf(participant.email)).toHaveLength(1);
  });

  it('R-MAIL-5: with neither tag nor reference, it is a new request', async () => {
    const before = smtp.to(participant.email).length;
    await send({ from: fromParticipant, subject: 'Нове питання', text: 'Окреме питання щодо реєстрації.' });
    const tickets = await eventually('a second request', () => ticketsOf(participant.email).then((rows) => rows.length === 2 && rows));
    expect(tickets[1]).toMatchObject({ subject: 'Нове питання', channel: 'email' });
    await eventually('its confirmation', () => smtp.to(participant.email).length === before + 1);
  });

  it('R-MAIL-7: the tag from a stranger makes a new request of theirs and leaves the participant\'s alone', async () => {
    const countBefore = (await messagesOf(ticketId)).length;
    await send({ from: 'Сторонній <stranger@evil.test>', subject: `Re: [#${trackingId}] Нова відповідь на: Проблема з підписом заявки`, references: [staffReplyMessageId], text: 'Впишусь у чужий запит' });
    const [theirs] = await eventually('the stranger\'s request', () => ticketsOf('stranger@evil.test').then((rows) => rows[0] && rows));
    expect(theirs.tracking_id).not.toBe(trackingId);
    expect(await messagesOf(ticketId)).toHaveLength(countBefore);
  });

  it('R-MAIL-8: an auto-reply and a bounce create no request and send no e-mail, and are kept', async () => {
    await outboxSettled();
    const decided = await inboundCount();
    const sentBefore = smtp.received.length;
    await send({ from: fromParticipant, subject: `Автоматична відповідь: [#${trackingId}] Нова відповідь`, headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Я у відпустці до 10.05.' });
    await send({
      from: 'Mail Delivery System <MAILER-DAEMON@mx.oree.com.ua>',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'This is the mail system at host mx.oree.com.ua. I\'m sorry to have to inform you that your message could not be delivered.',
    });
    await settled(decided + 2);
    // Different senders are processed in parallel: compare in a fixed order.
    const kept = await t.db.query(`SELECT status, reason, reason_params, ticket_id FROM (SELECT * FROM inbound_messages ORDER BY id DESC LIMIT 2) last ORDER BY reason`);
    expect(kept).toEqual([
      { status: 'ignored', reason: 'auto-reply', reason_params: { header: 'Auto-Submitted', value: 'auto-replied' }, ticket_id: null },
      { status: 'ignored', reason: 'bounce', reason_params: { kind: 'sender', sender: 'MAILER-DAEMON@mx.oree.com.ua' }, ticket_id: null },
    ]);
    expect(await messagesOf(ticketId)).toHaveLength(4);
    await outboxSettled();
    expect(smtp.received.length).toBe(sentBefore);
  });

  it('R-MAIL-6: the same message delivered twice is recorded and processed once', async () => {
    const decided = await inboundCount();
    const raw = await compose({ from: fromParticipant, subject: `Re: [#${trackingId}] двічі`, text: 'Цей лист прийде двічі.' });
    await imap.append('INBOX', raw);
    await imap.append('INBOX', raw);
    await settled(decided + 1);
    await eventually('both copies flagged', async () => {
      const lock = await imap.getMailboxLock('INBOX');
      try {
        const unseen = await imap.search({ seen: false });
        return Array.isArray(unseen) && unseen.length === 0;
      } finally {
        lock.release();
      }
    });
    expect(await inboundCount()).toBe(decided + 1);
    const bodies = (await messagesOf(ticketId)).map((m: { body: string }) => m.body);
    expect(bodies.filter((body: string) => body === 'Цей лист прийде двічі.')).toHaveLength(1);
  });

  it('R-MAIL-6: a process that dies between the commit and the IMAP flag duplicates nothing after its restart', async () => {
    const runner = t.app.get(MailInRunner);
    await runner.stop();
    const raw = await send({ from: fromParticipant, subject: `Re: [#${trackingId}] після збою`, text: 'Лист, що пережив збій.' });
    // What the dead process managed: the message committed, the mailbox neither flagged nor its position saved.
    await t.app.get(MailInService).receive(raw, 'imap');
    expect((await messagesOf(ticketId)).filter((m: { body: string }) => m.body === 'Лист, що пережив збій.')).toHaveLength(1);

    await runner.start();
    await eventually('the message flagged after the restart', async () => {
      const lock = await imap.getMailboxLock('INBOX');
      try {
        const unseen = await imap.search({ seen: false });
        return Array.isArray(unseen) && unseen.length === 0;
      } finally {
        lock.release();
      }
    });
    expect((await messagesOf(ticketId)).filter((m: { body: string }) => m.body === 'Лист, що пережив збій.')).toHaveLength(1);
  });

  it('R-CLOSE-1, R-CLOSE-2: closing sends the manual\'s e-mail; an e-mail reply then reopens the request', async () => {
    const before = smtp.to(participant.email).length;
    await engineer.close(trackingId);
    const closed = await eventually('the closure e-mail', () => smtp.to(participant.email)[before]);
    expect(closed.parsed.subject).toBe(`[#${trackingId}] запит закрито/вирішено`);
    expect(closed.parsed.text).toContain('Ваш запит на техпідтримку "Проблема з підписом заявки" оновлено до статусу Закрито/Вирішено.');
    await send({ from: fromParticipant, subject: `Re: [#${trackingId}] запит закрито/вирішено`, text: 'Проблема повернулась.' });
    await eventually('the request reopened', async () => (await t.db.query(`SELECT status FROM tickets WHERE id = $1`, [ticketId]))[0].status === 'waiting_reply');
  });

  it('an SMTP outage loses nothing: the e-mail is delivered once after the server returns', async () => {
    await outboxSettled();
    await smtp.stop();
    await engineer.reply(trackingId, 'Відповідь під час збою пошти.');
    const [row] = await eventually('a failed attempt', async () => {
      const rows = await t.db.query(`SELECT id, status, attempts, last_error FROM outbox WHERE payload->>'message' = 'Відповідь під час збою пошти.' AND attempts >= 1 AND status = 'pending'`);
      return rows.length && rows;
    });
    expect(row.last_error).toBeTruthy();
    await smtp.start();
    await eventually('the e-mail sent', async () => (await t.db.query(`SELECT status FROM outbox WHERE id = $1`, [row.id]))[0].status === 'sent', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const copies = smtp.to(participant.email).filter((mail) => mail.parsed.text?.includes('Відповідь під час збою пошти.'));
    expect(copies).toHaveLength(1);
  });

  it('legacy charsets: windows-1251 and koi8-u e-mails read correctly', async () => {
    const headers = (charset: string, subjectB64: string) =>
      `From: =?${charset}?B?${subjectB64}?= <charset@client.test>\r\nTo: ${SUPPORT}\r\nSubject: =?${charset}?B?${subjectB64}?=\r\nMessage-ID: <${charset}-${Date.now()}@client.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`;
    const text = 'Доброго дня, ґанок і їжак';
    const { encode } = await import('iconv-lite');
    for (const charset of ['windows-1251', 'koi8-u']) {
      const subject = encode(`Тема ${charset}`, charset).toString('base64');
      await imap.append('INBOX', Buffer.concat([Buffer.from(headers(charset, subject), 'latin1'), encode(text, charset), Buffer.from('\r\n')]));
    }
    const tickets = await eventually('both requests', () => ticketsOf('charset@client.test').then((rows) => rows.length === 2 && rows));
    expect(tickets.map((ticket: { subject: string }) => ticket.subject)).toEqual(['Тема windows-1251', 'Тема koi8-u']);
    for (const ticket of tickets) expect((await messagesOf(ticket.id))[0].body).toBe(text);
  });

  it('another client reading the mailbox first loses nothing (the channel goes by UID, not \\Seen)', async () => {
    const raw = await compose({ from: 'reader@client.test', subject: 'Прочитаний іншим клієнтом', text: 'Хтось уже відкрив цей лист.' });
    await imap.append('INBOX', raw, ['\\Seen']);
    await eventually('the request', () => ticketsOf('reader@client.test').then((rows) => rows.length === 1));
  });

  it('a dropped IMAP connection is reopened, and mail that arrived meanwhile is taken', async () => {
    await dovecot.doveadm('kick', 'support');
    // Our own test client was kicked too.
    imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: 'support', pass: 'mailbox-pass' }, logger: false });
    await imap.connect();
    await send({ from: 'after-kick@client.test', subject: 'Після розриву', text: 'Лист після розриву зʼєднання.' });
    await eventually('the request after the reconnect', () => ticketsOf('after-kick@client.test').then((rows) => rows.length === 1), 10_000);
  });

  it('sent e-mails parse back as what the participant sees (sanity of our own raw output)', async () => {
    const parsed = await simpleParser(smtp.to(participant.email)[0].raw);
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toContain(participant.email);
  });
});
