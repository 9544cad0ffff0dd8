import type { Locale } from '@pidtrymka/contracts';
import type { OutboxTemplate } from '../outbox.service';

/**
 * Handlebars sources of every e-mail, by template and language. The text part
 * is rendered without escaping (it is plain text), the HTML part with it;
 * `{{{paragraphs x}}}` escapes and keeps line breaks. The Ukrainian staff
 * reply and closure are the manual's e-mails word for word (1.6, 2.3, 2.4).
 */
export interface TemplateSource {
  subject: string;
  text: string;
  html: string;
}

const ukSignature = 'З повагою, черговий техпідтримки.';
const enSignature = 'Kind regards, the support engineer on duty.';

export const MAIL_TEMPLATES: Record<OutboxTemplate, Record<Locale, TemplateSource>> = {
  ticket_created: {
    uk: {
      subject: '[#{{trackingId}}] Запит отримано: {{subject}}',
      text: `Доброго дня, {{name}},

Ваш запит на техпідтримку "{{subject}}" зареєстровано.

Ідентифікатор відстеження запиту: {{trackingId}}
Номер запиту: {{number}}

Повідомлення:
"{{message}}"

Запит можна переглянути за адресою:
{{link}}
Також повідомлення черговому техпідтримки можна надіслати у відповідь на цей лист.

Увага! Обов'язково зберігайте ідентифікатор повідомлення у темі листа для уникнення дублювання запитів!

${ukSignature}
`,
      html: `<p>Доброго дня, {{name}},</p>
<p>Ваш запит на техпідтримку "{{subject}}" зареєстровано.</p>
<p>Ідентифікатор відстеження запиту: <b>{{trackingId}}</b><br>Номер запиту: {{number}}</p>
<p>Повідомлення:<br>"{{{paragraphs message}}}"</p>
<p>Запит можна переглянути за адресою:<br><a href="{{link}}">{{link}}</a><br>Також повідомлення черговому техпідтримки можна надіслати у відповідь на цей лист.</p>
<p><b>Увага!</b> Обов'язково зберігайте ідентифікатор повідомлення у темі листа для уникнення дублювання запитів!</p>
<p>${ukSignature}</p>
`,
    },
    en: {
      subject: '[#{{trackingId}}] Request received: {{subject}}',
      text: `Hello {{name}},

Your support request "{{subject}}" has been registered.

Tracking ID: {{trackingId}}
Request number: {{number}}

Message:
"{{message}}"

You can view the request at:
{{link}}
You can also write to the support engineer by replying to this e-mail.

Important: keep the tracking ID in the subject of your e-mails, or a duplicate request will be created!

${enSignature}
`,
      html: `<p>Hello {{name}},</p>
<p>Your support request "{{subject}}" has been registered.</p>
<p>Tracking ID: <b>{{trackingId}}</b><br>Request number: {{number}}</p>
<p>Message:<br>"{{{paragraphs message}}}"</p>
<p>You can view the request at:<br><a href="{{link}}">{{link}}</a><br>You can also write to the support engineer by replying to this e-mail.</p>
<p><b>Important:</b> keep the tracking ID in the subject of your e-mails, or a duplicate request will be created!</p>
<p>${enSignature}</p>
`,
    },
  },

  ticket_created_brief: {
    uk: {
      subject: '[#{{trackingId}}] Запит зареєстровано',
      text: `Доброго дня,

На цю електронну адресу зареєстровано запит на техпідтримку.

Ідентифікатор відстеження запиту: {{trackingId}}
Номер запиту: {{number}}

Запит і його текст можна переглянути за адресою:
{{link}}

Щоб ніхто не міг надсилати листи від нашого імені, текст запитів повторюється лише в кількох листах на годину на одну адресу.
Якщо ви не надсилали цього запиту, не відповідайте на цей лист.

${ukSignature}
`,
      html: `<p>Доброго дня,</p>
<p>На цю електронну адресу зареєстровано запит на техпідтримку.</p>
<p>Ідентифікатор відстеження запиту: <b>{{trackingId}}</b><br>Номер запиту: {{number}}</p>
<p>Запит і його текст можна переглянути за адресою:<br><a href="{{link}}">{{link}}</a></p>
<p>Щоб ніхто не міг надсилати листи від нашого імені, текст запитів повторюється лише в кількох листах на годину на одну адресу. Якщо ви не надсилали цього запиту, не відповідайте на цей лист.</p>
<p>${ukSignature}</p>
`,
    },
    en: {
      subject: '[#{{trackingId}}] Request registered',
      text: `Hello,

A support request has been registered for this e-mail address.

Tracking ID: {{trackingId}}
Request number: {{number}}

You can view the request and its text at:
{{link}}

So that no one can send e-mails in our name, the text of requests is repeated in only a few e-mails an hour to one address.
If you did not send this request, do not reply to this e-mail.

${enSignature}
`,
      html: `<p>Hello,</p>
<p>A support request has been registered for this e-mail address.</p>
<p>Tracking ID: <b>{{trackingId}}</b><br>Request number: {{number}}</p>
<p>You can view the request and its text at:<br><a href="{{link}}">{{link}}</a></p>
<p>So that no one can send e-mails in our name, the text of requests is repeated in only a few e-mails an hour to one address. If you did not send this request, do not reply to this e-mail.</p>
<p>${enSignature}</p>
`,
    },
  },

  staff_reply: {
    uk: {
      subject: '[#{{trackingId}}] Нова відповідь на: {{subject}}',
      text: `Доброго дня, {{name}},

Щойно було отримано відповідь від чергового техпідтримки на запит "{{subject}}".

Ідентифікатор відстеження запиту: {{trackingId}}

Повідомлення:
"{{message}}"

Відповідь можна переглянути за адресою:
{{link}}
Також повідомлення черговому техпідтримки можна надіслати у відповідь на цей лист.

Увага! Обов'язково зберігайте ідентифікатор повідомлення у темі листа для уникнення дублювання запитів!

${ukSignature}
`,
      html: `<p>Доброго дня, {{name}},</p>
<p>Щойно було отримано відповідь від чергового техпідтримки на запит "{{subject}}".</p>
<p>Ідентифікатор відстеження запиту: <b>{{trackingId}}</b></p>
<p>Повідомлення:<br>"{{{paragraphs message}}}"</p>
<p>Відповідь можна переглянути за адресою:<br><a href="{{link}}">{{link}}</a><br>Також повідомлення черговому техпідтримки можна надіслати у відповідь на цей лист.</p>
<p><b>Увага!</b> Обов'язково зберігайте ідентифікатор повідомлення у темі листа для уникнення дублювання запитів!</p>
<p>${ukSignature}</p>
`,
    },
    en: {
      subject: '[#{{trackingId}}] New reply to: {{subject}}',
      text: `Hello {{name}},

The support engineer on duty has just replied to your request "{{subject}}".

Tracking ID: {{trackingId}}

Message:
"{{message}}"

You can view the reply at:
{{link}}
You can also write to the support engineer by replying to this e-mail.

Important: keep the tracking ID in the subject of your e-mails, or a duplicate request will be created!

${enSignature}
`,
      html: `<p>Hello {{name}},</p>
<p>The support engineer on duty has just replied to your request "{{subject}}".</p>
<p>Tracking ID: <b>{{trackingId}}</b></p>
<p>Message:<br>"{{{paragraphs message}}}"</p>
<p>You can view the reply at:<br><a href="{{link}}">{{link}}</a><br>You can also write to the support engineer by replying to this e-mail.</p>
<p><b>Important:</b> keep the tracking ID in the subject of your e-mails, or a duplicate request will be created!</p>
<p>${enSignature}</p>
`,
    },
  },

  ticket_closed: {
    uk: {
      subject: '[#{{trackingId}}] запит закрито/вирішено',
      text: `Доброго дня, {{name}},

Ваш запит на техпідтримку "{{subject}}" оновлено до статусу Закрито/Вирішено.

Ідентифікатор відстеження запиту: {{trackingId}}

Ви можете переглянути статус свого запиту тут:
{{link}}
`,
      html: `<p>Доброго дня, {{name}},</p>
<p>Ваш запит на техпідтримку "{{subject}}" оновлено до статусу Закрито/Вирішено.</p>
<p>Ідентифікатор відстеження запиту: <b>{{trackingId}}</b></p>
<p>Ви можете переглянути статус свого запиту тут:<br><a href="{{link}}">{{link}}</a></p>
`,
    },
    en: {
      subject: '[#{{trackingId}}] request closed/resolved',
      text: `Hello {{name}},

Your support request "{{subject}}" has been updated to the status Closed/Resolved.

Tracking ID: {{trackingId}}

You can view the status of your request here:
{{link}}
`,
      html: `<p>Hello {{name}},</p>
<p>Your support request "{{subject}}" has been updated to the status Closed/Resolved.</p>
<p>Tracking ID: <b>{{trackingId}}</b></p>
<p>You can view the status of your request here:<br><a href="{{link}}">{{link}}</a></p>
`,
    },
  },

  tracking_reminder: {
    uk: {
      subject: 'Ваші запити на техпідтримку',
      text: `Доброго дня, {{name}},

Ви попросили надіслати перелік ваших запитів на техпідтримку.
{{#each tickets}}

№ {{number}} "{{subject}}" ({{statusLabel}}, {{created}})
Ідентифікатор відстеження запиту: {{trackingId}}
{{link}}
{{/each}}

Якщо ви не надсилали цей запит, просто проігноруйте цей лист.

${ukSignature}
`,
      html: `<p>Доброго дня, {{name}},</p>
<p>Ви попросили надіслати перелік ваших запитів на техпідтримку.</p>
<ul>{{#each tickets}}<li>№ {{number}} "{{subject}}" ({{statusLabel}}, {{created}})<br>Ідентифікатор відстеження запиту: <a href="{{link}}">{{trackingId}}</a></li>{{/each}}</ul>
<p>Якщо ви не надсилали цей запит, просто проігноруйте цей лист.</p>
<p>${ukSignature}</p>
`,
    },
    en: {
      subject: 'Your support requests',
      text: `Hello {{name}},

You asked for the list of your support requests.
{{#each tickets}}

No. {{number}} "{{subject}}" ({{statusLabel}}, {{created}})
Tracking ID: {{trackingId}}
{{link}}
{{/each}}

If you did not ask for this, simply ignore this e-mail.

${enSignature}
`,
      html: `<p>Hello {{name}},</p>
<p>You asked for the list of your support requests.</p>
<ul>{{#each tickets}}<li>No. {{number}} "{{subject}}" ({{statusLabel}}, {{created}})<br>Tracking ID: <a href="{{link}}">{{trackingId}}</a></li>{{/each}}</ul>
<p>If you did not ask for this, simply ignore this e-mail.</p>
<p>${enSignature}</p>
`,
    },
  },

  staff_new_ticket: {
    uk: {
      subject: '[#{{trackingId}}] Новий запит № {{number}}: {{subject}}',
      text: `Надійшов новий запит № {{number}} у категорії "{{category}}".

Від: {{sender}}
Тема: {{subject}}
Ідентифікатор відстеження запиту: {{trackingId}}

Повідомлення:
{{message}}

{{adminLink}}
`,
      html: `<p>Надійшов новий запит № {{number}} у категорії "{{category}}".</p>
<p>Від: {{sender}}<br>Тема: {{subject}}<br>Ідентифікатор відстеження запиту: <b>{{trackingId}}</b></p>
<p>Повідомлення:<br>{{{paragraphs message}}}</p>
<p><a href="{{adminLink}}">{{adminLink}}</a></p>
`,
    },
    en: {
      subject: '[#{{trackingId}}] New request No. {{number}}: {{subject}}',
      text: `A new request No. {{number}} arrived in the category "{{category}}".

From: {{sender}}
Subject: {{subject}}
Tracking ID: {{trackingId}}

Message:
{{message}}

{{adminLink}}
`,
      html: `<p>A new request No. {{number}} arrived in the category "{{category}}".</p>
<p>From: {{sender}}<br>Subject: {{subject}}<br>Tracking ID: <b>{{trackingId}}</b></p>
<p>Message:<br>{{{paragraphs message}}}</p>
<p><a href="{{adminLink}}">{{adminLink}}</a></p>
`,
    },
  },

  staff_participant_reply: {
    uk: {
      subject: '[#{{trackingId}}] Відповідь учасника у запиті № {{number}}: {{subject}}',
      text: `{{sender}} відповів(ла) у запиті № {{number}} "{{subject}}".

Повідомлення:
{{message}}

{{adminLink}}
`,
      html: `<p>{{sender}} відповів(ла) у запиті № {{number}} "{{subject}}".</p>
<p>Повідомлення:<br>{{{paragraphs message}}}</p>
<p><a href="{{adminLink}}">{{adminLink}}</a></p>
`,
    },
    en: {
      subject: '[#{{trackingId}}] Participant replied in request No. {{number}}: {{subject}}',
      text: `{{sender}} replied in request No. {{number}} "{{subject}}".

Message:
{{message}}

{{adminLink}}
`,
      html: `<p>{{sender}} replied in request No. {{number}} "{{subject}}".</p>
<p>Message:<br>{{{paragraphs message}}}</p>
<p><a href="{{adminLink}}">{{adminLink}}</a></p>
`,
    },
  },

  staff_assigned: {
    uk: {
      subject: '[#{{trackingId}}] Вам призначено запит № {{number}}: {{subject}}',
      text: `{{assignedBy}} призначив(ла) вам запит № {{number}} "{{subject}}".

{{adminLink}}
`,
      html: `<p>{{assignedBy}} призначив(ла) вам запит № {{number}} "{{subject}}".</p>
<p><a href="{{adminLink}}">{{adminLink}}</a></p>
`,
    },
    en: {
      subject: '[#{{trackingId}}] Request No. {{number}} assigned to you: {{subject}}',
      text: `{{assignedBy}} assigned request No. {{number}} "{{subject}}" to you.

{{adminLink}}
`,
      html: `<p>{{assignedBy}} assigned request No. {{number}} "{{subject}}" to you.</p>
<p><a href="{{adminLink}}">{{adminLink}}</a></p>
`,
    },
  },
};

/** R-VIEW-2's labels, for the "your requests" e-mail. */
export const STATUS_LABELS: Record<Locale, Record<string, string>> = {
  uk: { new: 'Новий', waiting_reply: 'Очікує відповіді', replied: 'Відповідь надіслано', in_progress: 'В роботі', on_hold: 'Відкладено', resolved: 'Закрито/Вирішено' },
  en: { new: 'New', waiting_reply: 'Waiting reply', replied: 'Replied', in_progress: 'In progress', on_hold: 'On hold', resolved: 'Closed/Resolved' },
};
