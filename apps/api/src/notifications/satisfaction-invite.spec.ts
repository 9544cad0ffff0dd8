import type { Locale } from '@pidtrymka/contracts';
import type { AppConfig } from '../config/app-config';
import { unsealedSecrets } from '../testing/fixtures';
import { MailRenderer } from './mail-renderer';

/**
 * Issue 19 (satisfaction after closing): the closed e-mail keeps the manual's text and sign-off (2.4,
 * R-CLOSE-1) word for word and only then invites the participant to rate the request on its page, in
 * the e-mail's language; SATISFACTION_EMAIL_INVITE=false leaves the invitation out.
 */
const config = (invite: boolean) => ({ publicUrl: 'https://support.oree.com.ua', satisfactionEmailInvite: invite }) as AppConfig;
const recipient = 'test_partner@oree.com.ua';
const payload = { trackingId: 'NQV-5ND-HWAE', name: 'Тестовий контрагент', subject: 'Проблема з підписом заявки', closedBy: 'staff' as const };
const link = 'https://support.oree.com.ua/ticket?track=NQV-5ND-HWAE&e=test_partner%40oree.com.ua';
const paragraphs = (text: string) => text.trim().split(/\n{2,}/);

const MANUAL = [
  'Доброго дня, Тестовий контрагент,',
  'Ваш запит на техпідтримку "Проблема з підписом заявки" оновлено до статусу Закрито/Вирішено.',
  'Ідентифікатор відстеження запиту: NQV-5ND-HWAE',
  `Ви можете переглянути статус свого запиту тут:\n${link}`,
  'З повагою, черговий техпідтримки.',
];
const INVITATION: Record<Locale, string> = {
  uk: `Оцініть, будь ласка, як ми впоралися з вашим запитом (від 1 до 5 зірок), на його сторінці:\n${link}#satisfaction`,
  en: `Please rate how we handled your request (1 to 5 stars) on its page:\n${link}#satisfaction`,
};

describe('issue 19: the closed e-mail invites a satisfaction answer (R-CLOSE-1)', () => {
  it('keeps the manual\'s e-mail word for word, sign-off included, and adds the invitation after it', () => {
    const mail = new MailRenderer(config(true), unsealedSecrets).render('ticket_closed', 'uk', recipient, payload);
    expect(mail.subject).toBe('[#NQV-5ND-HWAE] запит закрито/вирішено');
    expect(paragraphs(mail.text)).toEqual([...MANUAL, INVITATION.uk]);
  });

  it('invites in English when the e-mail is in English, after the English sign-off', () => {
    const mail = new MailRenderer(config(true), unsealedSecrets).render('ticket_closed', 'en', recipient, payload);
    expect(paragraphs(mail.text).slice(-2)).toEqual(['Kind regards, the support engineer on duty.', INVITATION.en]);
  });

  it('links the request page in HTML, the address escaped, and the participant\'s words escaped', () => {
    const hostile = { ...payload, name: '<script>alert(1)</script>', subject: '"><img src=x onerror=alert(1)>' };
    const mail = new MailRenderer(config(true), unsealedSecrets).render('ticket_closed', 'uk', recipient, hostile);
    const escapedLink = 'https://support.oree.com.ua/ticket?track&#x3D;NQV-5ND-HWAE&amp;e&#x3D;test_partner%40oree.com.ua#satisfaction';
    expect(mail.html.trim().split('\n').slice(-2)).toEqual([
      '<p>З повагою, черговий техпідтримки.</p>',
      `<p>Оцініть, будь ласка, як ми впоралися з вашим запитом (від 1 до 5 зірок), на його сторінці:<br><a href="${escapedLink}">${escapedLink}</a></p>`,
    ]);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
  });

  it.each(['uk', 'en'] as const)('SATISFACTION_EMAIL_INVITE=false: the e-mail is the manual\'s alone (%s)', (locale) => {
    const mail = new MailRenderer(config(false), unsealedSecrets).render('ticket_closed', locale, recipient, payload);
    expect(mail.text).not.toContain('#satisfaction');
    expect(mail.html).not.toContain('#satisfaction');
    if (locale === 'uk') expect(paragraphs(mail.text)).toEqual(MANUAL);
  });
});
