import { unsealedSecrets } from '../testing/fixtures';
import type { Locale } from '@pidtrymka/contracts';
import type { AppConfig } from '../config/app-config';
import { MailRenderer } from './mail-renderer';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';
import { TEMPLATE_AUDIENCE } from './recipient-access';

/**
 * Issue 17.1: every e-mail a participant gets ends with the manual's sign-off (2.3, 2.4), and the
 * staff reply's e-mail, which the manual prints whole (1.6, 2.3), reads as printed, paragraph for
 * paragraph (the closed request's, 2.4, is checked word for word in mail-renderer.spec.ts). Rendered
 * here without SATISFACTION_EMAIL_INVITE: with it (the default), the closed e-mail's sign-off is followed
 * by issue 19's invitation to rate, which satisfaction-invite.spec.ts checks.
 */
const renderer = new MailRenderer({ publicUrl: 'https://support.oree.com.ua' } as AppConfig, unsealedSecrets);
const recipient = 'test_partner@oree.com.ua';
const ticket = { trackingId: 'NQV-5ND-HWAE', number: 79, subject: 'Проблема з підписом заявки' };
const name = 'Тестовий контрагент';
const staffMessage = 'Будь ласка перевірте ваш підпис за посиланням https://czo.gov.ua/sign та надішліть тестовий підписаний файл у відповідь на дане повідомлення.';
const link = 'https://support.oree.com.ua/ticket?track=NQV-5ND-HWAE&e=test_partner%40oree.com.ua';

/** The first test checks this list against TEMPLATE_AUDIENCE, so a new participant e-mail cannot be left out. */
type ParticipantTemplate = Extract<OutboxTemplate, 'ticket_created' | 'ticket_created_brief' | 'tracking_reminder' | 'participant_sign_in' | 'staff_reply' | 'ticket_closed'>;
const PARTICIPANT_PAYLOADS: { [T in ParticipantTemplate]: OutboxPayloads[T] } = {
  ticket_created: { ...ticket, name, message: 'Під час підписання видає помилку невалідний сертифікат.' },
  ticket_created_brief: { trackingId: ticket.trackingId, number: ticket.number },
  tracking_reminder: { name, tickets: [{ ...ticket, status: 'replied', createdAt: '2021-04-29T07:45:56Z' }] },
  participant_sign_in: { token: 'k3J9-x_Qm2LrT0bYvWq8sNf4HcPz1uAeDg7oIi5Zt6E', minutes: 15 },
  staff_reply: { ...ticket, name, message: staffMessage, staffName: 'Тітаренко Петро Миколайович', messageId: '5' },
  ticket_closed: { ...ticket, name, closedBy: 'staff' },
};
const SIGN_OFF: Record<Locale, string> = { uk: 'З повагою, черговий техпідтримки.', en: 'Kind regards, the support engineer on duty.' };

const render = <T extends ParticipantTemplate>(template: T, locale: Locale) => renderer.render(template, locale, recipient, PARTICIPANT_PAYLOADS[template] as OutboxPayloads[T]);
const paragraphs = (text: string) => text.trim().split(/\n{2,}/);

describe('issue 17.1: participants\' e-mails as the manual prints them (R-MAIL-2, R-CLOSE-1)', () => {
  it('lists every e-mail a participant gets', () => {
    const participant = Object.entries(TEMPLATE_AUDIENCE).filter(([, audience]) => audience === 'participant').map(([template]) => template);
    expect(Object.keys(PARTICIPANT_PAYLOADS).sort()).toEqual(participant.sort());
  });

  it.each((Object.keys(PARTICIPANT_PAYLOADS) as ParticipantTemplate[]).flatMap((template) => (['uk', 'en'] as const).map((locale) => [template, locale] as const)))(
    '%s (%s) ends with the sign-off, in both parts',
    (template, locale) => {
      const mail = render(template, locale);
      expect(paragraphs(mail.text).at(-1)).toBe(SIGN_OFF[locale]);
      expect(mail.html.trim().split('\n').at(-1)).toBe(`<p>${SIGN_OFF[locale]}</p>`);
    },
  );

  it('the staff reply\'s e-mail is the manual\'s (1.6, 2.3)', () => {
    const mail = render('staff_reply', 'uk');
    expect(mail.subject).toBe('[#NQV-5ND-HWAE] Нова відповідь на: Проблема з підписом заявки');
    expect(paragraphs(mail.text)).toEqual([
      'Доброго дня, Тестовий контрагент,',
      'Щойно було отримано відповідь від чергового техпідтримки на запит "Проблема з підписом заявки".',
      'Ідентифікатор відстеження запиту: NQV-5ND-HWAE',
      `Повідомлення:\n"${staffMessage}"`,
      `Відповідь можна переглянути за адресою:\n${link}\nТакож повідомлення черговому техпідтримки можна надіслати у відповідь на цей лист.`,
      'Увага! Обов\'язково зберігайте ідентифікатор повідомлення у темі листа для уникнення дублювання запитів!',
      'З повагою, черговий техпідтримки.',
    ]);
  });
});
