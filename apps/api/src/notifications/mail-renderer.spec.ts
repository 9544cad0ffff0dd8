import { unsealedSecrets } from '../testing/fixtures';
import MarkdownIt from 'markdown-it';
import type { AppConfig } from '../config/app-config';
import { unlinkable } from './mail-context';
import { MailRenderer } from './mail-renderer';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';

const renderer = new MailRenderer({ publicUrl: 'https://support.oree.com.ua' } as AppConfig, unsealedSecrets);
const recipient = 'test_partner@oree.com.ua';
const ticket = { trackingId: 'NQV-5ND-HWAE', number: 79, subject: 'Проблема з підписом заявки' };

const samples: { [T in OutboxTemplate]: OutboxPayloads[T] } = {
  ticket_created: { ...ticket, name: 'Тестовий контрагент', message: 'Рядок 1\nРядок 2' },
  ticket_created_brief: { trackingId: ticket.trackingId, number: ticket.number },
  tracking_reminder: { name: 'Тестовий контрагент', tickets: [{ ...ticket, status: 'replied', createdAt: '2021-04-29T07:45:56Z' }] },
  participant_sign_in: { token: 'k3J9-x_Qm2LrT0bYvWq8sNf4HcPz1uAeDg7oIi5Zt6E', minutes: 15 },
  staff_reply: { ...ticket, name: 'Тестовий контрагент', message: 'Перевірте підпис', staffName: 'Тітаренко Петро Миколайович', messageId: '5' },
  ticket_closed: { ...ticket, name: 'Тестовий контрагент', closedBy: 'staff' },
  staff_new_ticket: { ...ticket, requesterName: 'Тестовий контрагент', requesterEmail: recipient, message: 'Текст', category: 'Звичайне звернення' },
  staff_participant_reply: { ...ticket, requesterName: 'Тестовий контрагент', message: 'Текст' },
  staff_assigned: { ...ticket, assignedBy: 'Адміністратор' },
  staff_sla_warning: { ...ticket, clock: 'Перша відповідь', due: '19/01/2026 12:00' },
  staff_sla_breached: { ...ticket, clock: 'Вирішення', due: '19/01/2026 12:00' },
};

describe('MailRenderer', () => {
  it.each(Object.keys(samples).flatMap((template) => [[template, 'uk'], [template, 'en']]) as [OutboxTemplate, 'uk' | 'en'][])(
    'renders %s in %s with a subject, a text and an HTML part',
    (template, locale) => {
      const mail = renderer.render(template, locale, recipient, samples[template]);
      expect(mail.subject).not.toMatch(/[\r\n]|\{\{/);
      expect(mail.text).not.toContain('{{');
      expect(mail.html).not.toContain('{{');
    },
  );

  it('R-CLOSE-1: the closure e-mail of the manual (2.4), word for word', () => {
    const mail = renderer.render('ticket_closed', 'uk', recipient, samples.ticket_closed);
    expect(mail.subject).toBe('[#NQV-5ND-HWAE] запит закрито/вирішено');
    expect(mail.text).toBe(
      'Доброго дня, Тестовий контрагент,\n\n' +
        'Ваш запит на техпідтримку "Проблема з підписом заявки" оновлено до статусу Закрито/Вирішено.\n\n' +
        'Ідентифікатор відстеження запиту: NQV-5ND-HWAE\n\n' +
        'Ви можете переглянути статус свого запиту тут:\n' +
        'https://support.oree.com.ua/ticket?track=NQV-5ND-HWAE&e=test_partner%40oree.com.ua\n\n' +
        'З повагою, черговий техпідтримки.\n',
    );
  });

  it('R-VIEW-4: lists each request with its status label, date as the manual prints it, and link', () => {
    const mail = renderer.render('tracking_reminder', 'uk', recipient, samples.tracking_reminder);
    expect(mail.text).toContain('№ 79 "Проблема з підписом заявки" (Відповідь надіслано, 29/04/2021 10:45:56)');
    expect(mail.text).toContain('https://support.oree.com.ua/ticket?track=NQV-5ND-HWAE&e=test_partner%40oree.com.ua');
  });

  it('escapes what participants wrote in HTML and keeps their line breaks', () => {
    const mail = renderer.render('ticket_created', 'uk', recipient, { ...samples.ticket_created, name: '<b>X</b>', message: '<img src=x onerror=alert(1)>\nдругий' });
    expect(mail.html).toContain('&lt;b&gt;X&lt;/b&gt;');
    expect(mail.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;<br>\nдругий');
    expect(mail.html).not.toContain('<img');
  });
});

/** A mail client's autolinker, as markdown-it's linkify-it finds links in text: schemes, `www.`, known domains, addresses. */
const clientLinks = (text: string) => (new MarkdownIt({ linkify: true }).linkify.match(text) ?? []).map((m) => m.url);
/** The text of an HTML part as a client reads it before autolinking. */
const htmlText = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
const PHISHING = ['https://oree-support.com/login?next=1', 'http://bit.ly/x', 'www.oree-login.com', 'oree-bank.com.ua/pay', 'boss@oree-login.com', 'ftp://files.evil.net/a'];
const OUR_LINKS = /^(https:\/\/support\.oree\.com\.ua\/|mailto:test_partner@oree\.com\.ua$)/;

describe('12.7 a participant\'s words never become a link in our e-mails', () => {
  it.each(PHISHING)('%s in the request\'s text, subject and name reads the same, and no client finds a link in it', (link) => {
    const mail = renderer.render('ticket_created', 'uk', recipient, { ...samples.ticket_created, name: `Увага ${link}`, subject: `Тема ${link}`, message: `Увійдіть тут: ${link}\nдякую` });
    // Our own only: the request's link, written by us.
    expect(mail.html.match(/<a\b[^>]*>/g)).toEqual([expect.stringMatching(/^<a href="https:\/\/support\.oree\.com\.ua\/ticket\?track/)]);
    // The subject line is kept as written: clients do not link it, and people and mail-in match on it.
    expect(mail.subject).toBe(`[#NQV-5ND-HWAE] Запит отримано: Тема ${link}`);
    for (const part of [mail.text, htmlText(mail.html)]) {
      expect(clientLinks(part).filter((url) => !OUR_LINKS.test(url))).toEqual([]);
      // A person still reads the words as written.
      expect(part.replace(/\u200b/g, '')).toContain(link);
    }
  });

  it.each(Object.keys(samples) as OutboxTemplate[])('%s: no field a participant writes becomes a link, in uk and en', (template) => {
    const payload = JSON.parse(JSON.stringify(samples[template]));
    const poison = (value: unknown): unknown =>
      typeof value === 'string' && !/^(NQV-5ND-HWAE|\d+|staff|system|replied|2021-.*)$/.test(value) && value !== recipient ? `${value} https://evil.com/a www.evil.com evil@evil.com` : value;
    for (const [key, value] of Object.entries(payload)) payload[key] = Array.isArray(value) ? value.map((item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, k === 'subject' ? poison(v) : v]))) : poison(value);
    // Staff write these: their links are theirs to give.
    // The SLA alerts' clock and due time are ours (issue 19).
    const staffWritten: Partial<Record<OutboxTemplate, string[]>> = {
      staff_reply: ['message', 'staffName'],
      staff_assigned: ['assignedBy'],
      staff_new_ticket: ['category'],
      staff_sla_warning: ['clock', 'due'],
      staff_sla_breached: ['clock', 'due'],
      // Issue 18: the sign-in link's token is ours too.
      participant_sign_in: ['token'],
    };
    for (const key of staffWritten[template] ?? []) payload[key] = (samples[template] as Record<string, unknown>)[key];
    for (const locale of ['uk', 'en'] as const) {
      const mail = renderer.render(template, locale, recipient, payload);
      for (const part of [mail.text, htmlText(mail.html)]) {
        expect(clientLinks(part).filter((url) => !OUR_LINKS.test(url))).toEqual([]);
      }
    }
  });

  it('the confirmation past the cap repeats nothing the sender wrote, and gives the request\'s link', () => {
    for (const locale of ['uk', 'en'] as const) {
      const mail = renderer.render('ticket_created_brief', locale, recipient, samples.ticket_created_brief);
      expect(mail.subject).toBe(locale === 'uk' ? '[#NQV-5ND-HWAE] Запит зареєстровано' : '[#NQV-5ND-HWAE] Request registered');
      expect(mail.text).toContain('https://support.oree.com.ua/ticket?track=NQV-5ND-HWAE&e=test_partner%40oree.com.ua');
      expect(mail.text).not.toContain(ticket.subject);
    }
  });

  it('leaves ordinary words alone', () => {
    const text = 'ПП "ХВИЛЯ", 0999999999. Версія 1.2, файл: test1.docx.p7s? Re: відповідь.';
    expect(unlinkable(text)).toBe(text.replace('test1.docx.p7s?', 'test1.\u200bdocx.\u200bp7s?'));
  });

  it.each([
    ['blanks', ' '.repeat(1_000_000)],
    ['one letter', 'a'.repeat(1_000_000)],
    ['dots', '.'.repeat(1_000_000)],
    ['a domain', 'a.'.repeat(500_000)],
    ['schemes', 'http://'.repeat(150_000)],
  ])('runs in linear time on 1 MB of %s', (_, input) => {
    const started = performance.now();
    unlinkable(input);
    // Linear work on 1 MB takes milliseconds; a quadratic pass would take minutes. The margin is for a busy machine's pauses.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
