import { Injectable } from '@nestjs/common';
import type { Locale } from '@pidtrymka/contracts';
import Handlebars from 'handlebars';
import { safeDisplayName, senderLine } from '../common/display-name';
import { AppConfig } from '../config/app-config';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';
import { MAIL_TEMPLATES, STATUS_LABELS } from './templates/mail-templates';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Compiled = { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate };

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

/**
 * What a participant wrote, field by field, in each template's payload (issue 12.7). The type makes a
 * new template say which of its fields come from outside.
 */
const PARTICIPANT_WRITTEN: { [T in OutboxTemplate]: readonly (keyof OutboxPayloads[T])[] } = {
  ticket_created: ['name', 'subject', 'message'],
  ticket_created_brief: [],
  tracking_reminder: ['name'],
  staff_reply: ['name', 'subject'],
  ticket_closed: ['name', 'subject'],
  // requesterEmail is a checked address, not free text: staff copy it as it is.
  staff_new_ticket: ['subject', 'requesterName', 'message'],
  staff_participant_reply: ['subject', 'requesterName', 'message'],
  staff_assigned: ['subject'],
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

/**
 * Turns an outbox row into subject, text and HTML. Participants' words are
 * escaped in HTML and never become links (`unlinkable`); in the subject, line
 * breaks are folded away so that nothing a participant wrote can start a
 * header of its own.
 */
@Injectable()
export class MailRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Compiled>();

  constructor(private readonly config: AppConfig) {
    this.handlebars.registerHelper('paragraphs', (value: unknown) =>
      String(value ?? '')
        .split(/\r?\n/)
        .map((line) => this.handlebars.escapeExpression(line))
        .join('<br>\n'),
    );
  }

  /** `PUBLIC_URL/ticket?track=ID&e=EMAIL`, the link of R-MAIL-2. */
  ticketLink(trackingId: string, email: string): string {
    return `${this.config.publicUrl}/ticket?track=${encodeURIComponent(trackingId)}&e=${encodeURIComponent(email)}`;
  }

  render<T extends OutboxTemplate>(template: T, locale: Locale, recipient: string, payload: OutboxPayloads[T]): RenderedMail {
    const compiled = this.compile(template, locale);
    const context = this.contextFor(template, locale, recipient, payload);
    // The subject line is not linked by mail clients, and is kept as written (mail-in and people match on it).
    const body = unlinkedContext(template, context);
    return {
      subject: singleLine(compiled.subject(context)),
      text: compiled.text(body),
      html: compiled.html(body),
    };
  }

  private contextFor(template: OutboxTemplate, locale: Locale, recipient: string, payload: OutboxPayloads[OutboxTemplate]): Record<string, unknown> {
    const context: Record<string, unknown> = { ...payload };
    if ('trackingId' in payload) {
      context.link = this.ticketLink(payload.trackingId, recipient);
      context.adminLink = `${this.config.publicUrl}/admin/tickets/${encodeURIComponent(payload.trackingId)}`;
    }
    // 12.8: staff read who wrote as the chosen name (never an address-like one) and the real address, whatever the payload's age.
    if ('requesterName' in payload) {
      const email = 'requesterEmail' in payload ? payload.requesterEmail : undefined;
      context.sender = email ? senderLine(payload.requesterName, email) : safeDisplayName(payload.requesterName, '');
    }
    if (template === 'tracking_reminder') {
      const { tickets } = payload as OutboxPayloads['tracking_reminder'];
      context.tickets = tickets.map((ticket) => ({
        ...ticket,
        statusLabel: STATUS_LABELS[locale][ticket.status] ?? ticket.status,
        created: DATE_FORMAT.format(new Date(ticket.createdAt)).replace(',', ''),
        link: this.ticketLink(ticket.trackingId, recipient),
      }));
    }
    return context;
  }

  private compile(template: OutboxTemplate, locale: Locale): Compiled {
    const key = `${template}:${locale}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      const source = MAIL_TEMPLATES[template]?.[locale] ?? MAIL_TEMPLATES[template]?.uk;
      if (!source) throw new Error(`No e-mail template "${template}"`);
      const strict = { strict: true };
      compiled = {
        subject: this.handlebars.compile(source.subject, { ...strict, noEscape: true }),
        text: this.handlebars.compile(source.text, { ...strict, noEscape: true }),
        html: this.handlebars.compile(source.html, strict),
      };
      this.compiled.set(key, compiled);
    }
    return compiled;
  }
}

/** The context with every field a participant wrote made `unlinkable`, for the text and HTML parts. */
function unlinkedContext(template: OutboxTemplate, context: Record<string, unknown>): Record<string, unknown> {
  const body = { ...context };
  for (const field of PARTICIPANT_WRITTEN[template] as string[]) {
    if (typeof body[field] === 'string') body[field] = unlinkable(body[field]);
  }
  // The sender line is made of the participant's name (theirs, so unlinked) and their checked address (kept for staff to copy).
  if (typeof body.sender === 'string' && typeof context.requesterName === 'string') {
    const email = typeof context.requesterEmail === 'string' ? context.requesterEmail : undefined;
    body.sender = email ? senderLine(unlinkable(context.requesterName), email) : unlinkable(body.sender);
  }
  if (Array.isArray(body.tickets)) body.tickets = body.tickets.map((ticket: { subject: string }) => ({ ...ticket, subject: unlinkable(ticket.subject) }));
  return body;
}

function singleLine(value: string): string {
  return value.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}
