import { unsealedSecrets } from '../testing/fixtures';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '@pidtrymka/contracts';
import type { AppConfig } from '../config/app-config';
import { MailRenderer } from './mail-renderer';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';

/**
 * Issue 13: every e-mail the code can produce, as it reads today, kept in files beside this spec
 * (mail-fixtures/<case>.<locale>.txt). Moving the texts (to template files, a layout, partials) must
 * leave every byte of subject, text and HTML as it was. `UPDATE_MAIL_FIXTURES=1` writes the files
 * anew, for a change that means to alter an e-mail; the diff then shows what changed.
 */
const FIXTURES = join(__dirname, 'mail-fixtures');
const UPDATE = process.env.UPDATE_MAIL_FIXTURES === '1';

const renderer = new MailRenderer({ publicUrl: 'https://support.example.org' } as AppConfig, unsealedSecrets);
const recipient = 'participant@example.org';

/** Everything a participant may type that must reach the reader as written: markup, Handlebars, links, unicode, odd blanks. */
const hostile = {
  name: `<script>alert("x")</script> O'Brien & Co {{name}} «Ім'я» 👩‍💻`,
  subject: `Re: <b>bold</b> <link rel="stylesheet" href="/etc/passwd"> {{subject}} {{{link}}} \u202eevil\u202c 𝕌𝕟𝕚𝕔𝕠𝕕𝕖 & "quotes" = \`tick\``,
  message: [
    '  indented line\twith a tab and  two blanks',
    '<img src=x onerror=alert(1)> <a href="https://evil.example/login">click</a>',
    '{{#each tickets}}{{link}}{{/each}} {{> layout}} {{{message}}}',
    '',
    'https://evil.example/pay www.evil.example evil@evil.example ftp://files.evil.example/a',
    'Ґанок, ї, é (combining e\u0301), zero\u200bwidth, emoji 🇺🇦, RTL שלום',
    '&amp; &lt;already escaped&gt; &#x3D;',
    // A template engine that inlines the style sheets a rendered e-mail links to must not read these files into it.
    '<link rel="stylesheet" href="/etc/passwd"> <link rel=\'stylesheet\' href=\'../../../../../../../../etc/passwd\'/>',
    'last line\r',
    'after a CRLF',
    '',
  ].join('\n'),
};

const ticket = { trackingId: 'NQV-5ND-HWAE', number: 79, subject: 'Проблема з підписом заявки' };
const name = 'Тестовий контрагент';
const message = 'Доброго дня, назва компанії: ПП "ХВИЛЯ"\nНомер телефону: 0999999999\nПід час підписання видає помилку невалідний сертифікат.';

type Case = { [T in OutboxTemplate]: { name: string; template: T; payload: OutboxPayloads[T] } }[OutboxTemplate];
const mail = <T extends OutboxTemplate>(caseName: string, template: T, payload: OutboxPayloads[T]): Case => ({ name: caseName, template, payload }) as Case;

/**
 * Each template with the variants its callers produce: ticket-writer (site and e-mail requests, with
 * text or — e-mailed files only — without), the outbox's capped confirmation, the reminder of
 * tickets.service, staff-tickets' reply and close, auto-close, staff-notifier's three notices (the
 * participant-reply notice also in the payload of rows queued before 12.8, without the address).
 * No e-mail carries or lists attachments: a request's or reply's files change only its text.
 */
const CASES: Case[] = [
  mail('ticket_created.plain', 'ticket_created', { ...ticket, name, message }),
  mail('ticket_created.hostile', 'ticket_created', { ...ticket, name: hostile.name, subject: hostile.subject, message: hostile.message }),
  mail('ticket_created.files-only', 'ticket_created', { ...ticket, name, message: '' }),
  mail('ticket_created.subject-with-line-breaks', 'ticket_created', { ...ticket, name, subject: 'Перший рядок\r\nBcc: victim@example.org\n\tдругий', message }),
  mail('ticket_created_brief.capped', 'ticket_created_brief', { trackingId: ticket.trackingId, number: ticket.number }),
  mail('tracking_reminder.one', 'tracking_reminder', { name, tickets: [{ ...ticket, status: 'replied', createdAt: '2021-04-29T07:45:56Z' }] }),
  mail('tracking_reminder.many', 'tracking_reminder', {
    name: hostile.name,
    tickets: [
      { ...ticket, status: 'new', createdAt: '2021-12-31T22:30:00Z' },
      { trackingId: 'ABC-DEF-GHIJ', number: 80, subject: hostile.subject, status: 'in_progress', createdAt: '2021-07-01T00:00:00.000Z' },
      { trackingId: 'KLM-NOP-QRST', number: 81, subject: 'Закрите', status: 'resolved', createdAt: '2022-03-27T01:30:00Z' },
      { trackingId: 'UVW-XYZ-ABCD', number: 82, subject: 'Статус з майбутнього', status: 'some_future_status', createdAt: '2023-01-01T12:00:00Z' },
    ],
  }),
  mail('participant_sign_in.link', 'participant_sign_in', { token: 'k3J9-x_Qm2LrT0bYvWq8sNf4HcPz1uAeDg7oIi5Zt6E', minutes: 15 }),
  mail('staff_reply.plain', 'staff_reply', { ...ticket, name, message: 'Перевірте підпис.\nДокументація: https://support.example.org/kb/1', staffName: 'Тітаренко Петро Миколайович', messageId: '5' }),
  mail('staff_reply.hostile', 'staff_reply', { ...ticket, name: hostile.name, subject: hostile.subject, message: '<b>Staff</b> wrote {{this}} & more\n\n  indented', staffName: '<i>Staff</i>', messageId: '6' }),
  mail('ticket_closed.by-staff', 'ticket_closed', { ...ticket, name, closedBy: 'staff' }),
  mail('ticket_closed.automatic-hostile', 'ticket_closed', { ...ticket, name: hostile.name, subject: hostile.subject, closedBy: 'system' }),
  mail('staff_new_ticket.plain', 'staff_new_ticket', { ...ticket, requesterName: name, requesterEmail: recipient, message, category: 'Звичайне звернення' }),
  mail('staff_new_ticket.hostile', 'staff_new_ticket', { ...ticket, requesterName: hostile.name, requesterEmail: recipient, subject: hostile.subject, message: hostile.message, category: 'R&D <тест> "лапки"' }),
  mail('staff_new_ticket.address-like-name', 'staff_new_ticket', { ...ticket, requesterName: '"ceo@corp-a.example" (CEO)', requesterEmail: 'evil@x.example', message: '', category: 'Звичайне звернення' }),
  mail('staff_participant_reply.plain', 'staff_participant_reply', { ...ticket, requesterName: name, requesterEmail: recipient, message }),
  mail('staff_participant_reply.hostile', 'staff_participant_reply', { ...ticket, requesterName: hostile.name, requesterEmail: recipient, subject: hostile.subject, message: hostile.message }),
  mail('staff_participant_reply.queued-before-12.8', 'staff_participant_reply', { ...ticket, requesterName: 'boss@corp-a.example', message }),
  mail('staff_assigned.plain', 'staff_assigned', { ...ticket, assignedBy: 'Адміністратор' }),
  mail('staff_assigned.hostile', 'staff_assigned', { ...ticket, subject: hostile.subject, assignedBy: '<i>Admin</i> & {{name}}' }),
  mail('staff_sla_warning.plain', 'staff_sla_warning', { ...ticket, clock: 'Перша відповідь', due: '19/01/2026 12:00' }),
  mail('staff_sla_breached.hostile', 'staff_sla_breached', { ...ticket, subject: hostile.subject, clock: 'Вирішення', due: '19/01/2026 12:00' }),
];
const LOCALES: Locale[] = ['uk', 'en'];

function serialize(rendered: { subject: string; text: string; html: string }): string {
  return `Subject: ${rendered.subject}\n\n======== text ========\n${rendered.text}\n======== html ========\n${rendered.html}`;
}

describe('issue 13: every e-mail reads as it did, byte for byte', () => {
  if (UPDATE) mkdirSync(FIXTURES, { recursive: true });

  it('covers every template the outbox sends, in every language', () => {
    const covered = new Set(CASES.map((c) => c.template));
    // A record, so that a template added to OutboxPayloads does not compile here until it is listed.
    const templates: Record<OutboxTemplate, true> = {
      ticket_created: true,
      ticket_created_brief: true,
      tracking_reminder: true,
      participant_sign_in: true,
      staff_reply: true,
      ticket_closed: true,
      staff_new_ticket: true,
      staff_participant_reply: true,
      staff_assigned: true,
      staff_sla_warning: true,
      staff_sla_breached: true,
    };
    expect([...covered].sort()).toEqual(Object.keys(templates).sort());
  });

  it.each(CASES.flatMap((c) => LOCALES.map((locale) => [`${c.name}.${locale}`, c, locale] as const)))('%s', (file, c, locale) => {
    const actual = serialize(renderer.render(c.template, locale, recipient, c.payload));
    const path = join(FIXTURES, `${file}.txt`);
    if (UPDATE) writeFileSync(path, actual);
    expect(actual).toBe(readFileSync(path, 'utf8'));
  });

  it('keeps no fixture of a case that is gone', () => {
    const expected = CASES.flatMap((c) => LOCALES.map((locale) => `${c.name}.${locale}.txt`)).sort();
    expect(readdirSync(FIXTURES).sort()).toEqual(expected);
  });
});
