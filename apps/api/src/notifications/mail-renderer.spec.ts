import type { AppConfig } from '../config/app-config';
import { MailRenderer } from './mail-renderer';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';

const renderer = new MailRenderer({ publicUrl: 'https://support.oree.com.ua' } as AppConfig);
const recipient = 'test_partner@oree.com.ua';
const ticket = { trackingId: 'NQV-5ND-HWAE', number: 79, subject: 'Проблема з підписом заявки' };

const samples: { [T in OutboxTemplate]: OutboxPayloads[T] } = {
  ticket_created: { ...ticket, name: 'Тестовий контрагент', message: 'Рядок 1\nРядок 2' },
  tracking_reminder: { name: 'Тестовий контрагент', tickets: [{ ...ticket, status: 'replied', createdAt: '2021-04-29T07:45:56Z' }] },
  staff_reply: { ...ticket, name: 'Тестовий контрагент', message: 'Перевірте підпис', staffName: 'Тітаренко Петро Миколайович', messageId: '5' },
  ticket_closed: { ...ticket, name: 'Тестовий контрагент', closedBy: 'staff' },
  staff_new_ticket: { ...ticket, requesterName: 'Тестовий контрагент', requesterEmail: recipient, message: 'Текст', category: 'Звичайне звернення' },
  staff_participant_reply: { ...ticket, requesterName: 'Тестовий контрагент', message: 'Текст' },
  staff_assigned: { ...ticket, assignedBy: 'Адміністратор' },
};

describe('MailRenderer', () => {
  it.each(Object.keys(samples).flatMap((template) => [[template, 'uk'], [template, 'en']]) as [OutboxTemplate, 'uk' | 'en'][])(
    'renders %s in %s with a subject, a text and an HTML part',
    (template, locale) => {
      const mail = renderer.render(template, locale, recipient, samples[template] as never);
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
        'https://support.oree.com.ua/ticket?track=NQV-5ND-HWAE&e=test_partner%40oree.com.ua\n',
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
