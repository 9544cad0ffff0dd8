import { formatBytes, type Locale } from '@pidtrymka/contracts';
import { safeDisplayName, senderLine } from '../common/display-name';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';

/** What a template sees: its payload's fields and what is made from them (links, the sender line, the reminder's labels and dates). */
export type MailContext = Record<string, unknown>;

/** Manual 1.3: dates as `29/04/2021 10:45:56`, in the operator's time zone. */
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Kyiv',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** R-VIEW-2's labels, for the "your requests" e-mail. */
const STATUS_LABELS: Record<Locale, Record<string, string>> = {
  uk: { new: 'Новий', waiting_reply: 'Очікує відповіді', replied: 'Відповідь надіслано', in_progress: 'В роботі', on_hold: 'Відкладено', resolved: 'Закрито/Вирішено' },
  en: { new: 'New', waiting_reply: 'Waiting reply', replied: 'Replied', in_progress: 'In progress', on_hold: 'On hold', resolved: 'Closed/Resolved' },
};

/**
 * What a participant wrote, field by field, in each template's payload (issue 12.7). The type makes a
 * new template say which of its fields come from outside.
 */
const PARTICIPANT_WRITTEN: { [T in OutboxTemplate]: readonly (keyof OutboxPayloads[T])[] } = {
  ticket_created: ['name', 'subject', 'message'],
  ticket_created_brief: [],
  tracking_reminder: ['name'],
  participant_sign_in: [],
  staff_reply: ['name', 'subject'],
  ticket_closed: ['name', 'subject'],
  // requesterEmail is a checked address, not free text: staff copy it as it is.
  staff_new_ticket: ['subject', 'requesterName', 'message'],
  staff_participant_reply: ['subject', 'requesterName', 'message'],
  staff_assigned: ['subject'],
  staff_sla_warning: ['subject'],
  staff_sla_breached: ['subject'],
};

/** A run of characters without blanks that a mail client would take for a link: a scheme, `www.`, a domain, an address. */
const LINK_LIKE = /:\/\/|^www\.|[\p{L}\p{N}_-]\.\p{L}{2}|@/iu;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Issue 12.7: our e-mails never turn a participant's words into a link. We write no `<a>` for them, and
 * mail clients, which link anything that looks like a URL or an address, are stopped by an invisible
 * zero-width space after each `.`, `:` and `@` of such a word: the text reads the same, but no client
 * sees a link in it, and one copied out is no longer a working address. Linear: one pass over the
 * words, and per word one test without nested repetition.
 */
export function unlinkable(text: string): string {
  return text.replace(/\S+/g, (word) => (LINK_LIKE.test(word) ? breakLink(word) : word));
}

function breakLink(word: string): string {
  return word.replaceAll('.', `.${ZERO_WIDTH_SPACE}`).replaceAll(':', `:${ZERO_WIDTH_SPACE}`).replaceAll('@', `@${ZERO_WIDTH_SPACE}`);
}

/** `PUBLIC_URL/ticket?track=ID&e=EMAIL`, the link of R-MAIL-2. */
function ticketLink(publicUrl: string, trackingId: string, email: string): string {
  return `${publicUrl}/ticket?track=${encodeURIComponent(trackingId)}&e=${encodeURIComponent(email)}`;
}

/** What the worker decided when it sent the e-mail, beyond its payload. */
export interface MailOptions {
  /** Issue 17: the reply's files are not attached (over MAIL_MAX_ATTACHMENTS_BYTES, or gone): the e-mail lists them instead. */
  listAttachments?: boolean;
  /** Issue 19: the closed e-mail invites the participant to rate the request (SATISFACTION_EMAIL_INVITE). */
  satisfactionInvite?: boolean;
}

/** The context of an outbox row's e-mail, as written: the subject line is made from it. */
export function mailContext<T extends OutboxTemplate>(template: T, locale: Locale, recipient: string, payload: OutboxPayloads[T], publicUrl: string, options: MailOptions = {}): MailContext {
  const context: MailContext = { ...payload };
  if (template === 'staff_reply') {
    // Issue 17: listed by name and size (in the reader's language) when they do not go with the e-mail; else none.
    const files = (payload as OutboxPayloads['staff_reply']).attachments ?? [];
    context.attachments = options.listAttachments ? files.map((file) => ({ filename: file.filename, size: formatBytes(file.size, locale) })) : [];
  }
  if ('trackingId' in payload) {
    context.link = ticketLink(publicUrl, payload.trackingId, recipient);
    context.adminLink = `${publicUrl}/admin/tickets/${encodeURIComponent(payload.trackingId)}`;
  }
  if (template === 'ticket_closed') {
    // Issue 19: always in the context, empty when the invitation is off, so that a template may test it.
    context.rateLink = options.satisfactionInvite ? `${context.link as string}#satisfaction` : '';
  }
  // 12.8: staff read who wrote as the chosen name (never an address-like one) and the real address, whatever the payload's age.
  if ('requesterName' in payload) {
    const email = 'requesterEmail' in payload ? payload.requesterEmail : undefined;
    context.sender = email ? senderLine(payload.requesterName, email) : safeDisplayName(payload.requesterName, '');
  }
  if (template === 'participant_sign_in') {
    // In the fragment: a browser sends no fragment to any server, so the token is in no access log nor Referer.
    context.link = `${publicUrl}/my-requests/sign-in#${encodeURIComponent((payload as OutboxPayloads['participant_sign_in']).token)}`;
  }
  if (template === 'tracking_reminder') {
    const { tickets } = payload as OutboxPayloads['tracking_reminder'];
    context.tickets = tickets.map((ticket) => ({
      ...ticket,
      statusLabel: STATUS_LABELS[locale][ticket.status] ?? ticket.status,
      created: DATE_FORMAT.format(new Date(ticket.createdAt)).replace(',', ''),
      link: ticketLink(publicUrl, ticket.trackingId, recipient),
    }));
  }
  return context;
}

/** The context with every field a participant wrote made `unlinkable`, for the text and HTML parts. */
export function unlinkedContext(template: OutboxTemplate, context: MailContext): MailContext {
  const body = { ...context };
  for (const field of PARTICIPANT_WRITTEN[template] as string[]) {
    if (typeof body[field] === 'string') body[field] = unlinkable(body[field]);
  }
  // The sender line is made of the participant's name (theirs, so unlinked) and their checked address (kept for staff to copy).
  if (typeof body.sender === 'string' && typeof context.requesterName === 'string') {
    const email = typeof context.requesterEmail === 'string' ? context.requesterEmail : undefined;
    body.sender = email ? senderLine(unlinkable(context.requesterName), email) : unlinkable(body.sender);
  }
  // A file name such as `invoice.zip` reads as an address to a mail client; a staff member named it, but it is linked no more than a participant's words.
  if (Array.isArray(body.attachments)) body.attachments = body.attachments.map((file: { filename: string }) => ({ ...file, filename: unlinkable(file.filename) }));
  if (Array.isArray(body.tickets)) body.tickets = body.tickets.map((ticket: { subject: string }) => ({ ...ticket, subject: unlinkable(ticket.subject) }));
  return body;
}
