import { Injectable } from '@nestjs/common';
import type { Locale } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { OutboxMessageEntity } from './outbox-message.entity';

/**
 * The e-mails the product sends, by template, with what each template is
 * given. Payloads are copies taken when the event happened, so an e-mail says
 * what was true then, even if it is sent later.
 */
export interface OutboxPayloads {
  /** R-MAIL-1, R-MAIL-3: to the participant, for a request made on the site or by e-mail. */
  ticket_created: { trackingId: string; number: number; name: string; subject: string; message: string };
  /**
   * Issue 12.7: the confirmation once CONFIRMATION_EMAILS_PER_HOUR went to the address: nothing the sender
   * wrote (no name, subject or text), so the portal cannot be made to carry anyone's words to anyone.
   * Not queued as such: the worker rewrites a `ticket_created` row into it when it is due past that cap.
   */
  ticket_created_brief: { trackingId: string; number: number };
  /** R-VIEW-4: to the participant. */
  tracking_reminder: { name: string; tickets: { trackingId: string; number: number; subject: string; status: string; createdAt: string }[] };
  /**
   * Issue 18: to whoever asked, a one-time sign-in link to their own space (valid `minutes`). Nothing of the
   * asker's but the address it goes to, so it cannot carry anyone's words.
   */
  participant_sign_in: { token: string; minutes: number };
  /**
   * R-MAIL-2: to the participant. Issue 17: `attachments` names the reply's files by id (with their name and size
   * as sent); the worker reads their bytes when it sends, and attaches them within MAIL_MAX_ATTACHMENTS_BYTES, else
   * lists them. Absent on rows queued before issue 17.
   */
  staff_reply: { trackingId: string; name: string; subject: string; message: string; staffName: string; messageId: string; attachments?: MailedAttachment[] };
  /** R-CLOSE-1, R-CLOSE-2: to the participant. */
  ticket_closed: { trackingId: string; name: string; subject: string; closedBy: 'staff' | 'system' };
  /** R-STAFF-2: to agents. */
  staff_new_ticket: { trackingId: string; number: number; subject: string; requesterName: string; requesterEmail: string; message: string; category: string };
  /** R-STAFF-2: to the owner or the category's agents. */
  staff_participant_reply: { trackingId: string; number: number; subject: string; requesterName: string; requesterEmail?: string; message: string };
  /** To the agent a request was assigned to. */
  staff_assigned: { trackingId: string; number: number; subject: string; assignedBy: string };
  /** Issue 19: to the owner, when an SLA clock has used SLA_WARN_AT_PERCENT of its target; `clock` and `due` in the recipient's language. */
  staff_sla_warning: { trackingId: string; number: number; subject: string; clock: string; due: string };
  /** Issue 19: to the admins, when an SLA clock went past its target. */
  staff_sla_breached: { trackingId: string; number: number; subject: string; clock: string; due: string };
}
export type OutboxTemplate = keyof OutboxPayloads;

/** A stored attachment an e-mail carries, by id: never its bytes (the outbox stays small, the store keeps one copy). */
export interface MailedAttachment {
  id: string;
  filename: string;
  size: number;
}

export type OutgoingEmail = {
  [T in OutboxTemplate]: { template: T; recipient: string; locale: Locale; ticketId?: string | null; payload: OutboxPayloads[T] };
}[OutboxTemplate];

/**
 * An e-mail as its outbox row will hold it, for a statement that writes the
 * row itself (TicketsRepository.open): the caller's cap already decided.
 */
export interface OutboxRow {
  template: OutboxTemplate;
  recipient: string;
  locale: Locale;
  payload: object;
  capKey: string | null;
  capPerHour: number | null;
}

/**
 * An e-mail whose payload the database completes in the statement that
 * writes it (e.g. a new request's number, drawn by that very statement).
 */
export interface OutboxRowInput {
  template: OutboxTemplate;
  recipient: string;
  locale: Locale;
  payload: object;
}

/**
 * A limit on how many e-mails of one key the outbox sends per hour. Rows
 * beyond it are kept `held` (visible to admins) and released, oldest first,
 * as the hour frees room, or at once by an admin: held, never dropped.
 */
export interface OutboxCap {
  /** What is counted together, e.g. `auto:<address>`. */
  key: string;
  perHour: number;
}

/**
 * Queues e-mails inside the caller's transaction: the e-mail exists exactly
 * when the change that causes it was committed. Delivery is the worker's job.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly config: AppConfig) {}

  /**
   * `cap` defaults to the automatic-mail cap of RFC 3834 §2 for e-mails no
   * person wrote or asked for (`automaticCap`); pass another to count a kind
   * of e-mail on its own, or `null` for none. Only recorded here: whether the
   * e-mail fits its hour is decided by the worker when it is due
   * (`OutboxRepository.decideCapped`), so queueing takes no lock and one
   * round trip, and many requests for one address never wait on each other.
   */
  async enqueue(manager: EntityManager, email: OutgoingEmail, options: { cap?: OutboxCap | null } = {}): Promise<void> {
    await manager.insert(OutboxMessageEntity, { ...this.row(email, options), ticketId: email.ticketId ?? null, status: 'pending' });
  }

  /** What `enqueue` would insert for `email` (its request aside), for a statement that inserts it with other rows. */
  row(email: Omit<OutgoingEmail, 'ticketId'> | OutboxRowInput, options: { cap?: OutboxCap | null } = {}): OutboxRow {
    const cap = options.cap === undefined ? this.automaticCap(email) : options.cap;
    return { template: email.template, recipient: email.recipient, locale: email.locale, payload: email.payload, capKey: cap?.key ?? null, capPerHour: cap?.perHour ?? null };
  }

  /**
   * RFC 3834 §2: an automatic responder must not answer one address without
   * limit — a robot that answers each of our e-mails with another would
   * otherwise loop for ever. Capped are the e-mails we send on our own to a
   * participant: confirmations, tracking reminders and the automatic close.
   * Not capped: a staff member's reply or close (a person wrote or decided
   * it) and notices to staff (our own people, who must hear of every request).
   */
  automaticCap(email: Pick<OutboxRowInput, 'template' | 'recipient' | 'payload'>): OutboxCap | null {
    // The brief confirmation too (issue 12.7 (c)): it is automatic mail all the same, and uncounted it could be sent without limit.
    const automatic =
      email.template === 'ticket_created' ||
      email.template === 'ticket_created_brief' ||
      email.template === 'tracking_reminder' ||
      (email.template === 'ticket_closed' && 'closedBy' in email.payload && email.payload.closedBy === 'system');
    return automatic ? { key: `auto:${email.recipient.trim().toLowerCase()}`, perHour: this.config.outbox.automaticPerAddressPerHour } : null;
  }
}
