import { Injectable } from '@nestjs/common';
import type { Locale } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
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
   */
  ticket_created_brief: { trackingId: string; number: number };
  /** R-VIEW-4: to the participant. */
  tracking_reminder: { name: string; tickets: { trackingId: string; number: number; subject: string; status: string; createdAt: string }[] };
  /** R-MAIL-2: to the participant. */
  staff_reply: { trackingId: string; name: string; subject: string; message: string; staffName: string; messageId: string };
  /** R-CLOSE-1, R-CLOSE-2: to the participant. */
  ticket_closed: { trackingId: string; name: string; subject: string; closedBy: 'staff' | 'system' };
  /** R-STAFF-2: to agents. */
  staff_new_ticket: { trackingId: string; number: number; subject: string; requesterName: string; requesterEmail: string; message: string; category: string };
  /** R-STAFF-2: to the owner or the category's agents. */
  staff_participant_reply: { trackingId: string; number: number; subject: string; requesterName: string; requesterEmail?: string; message: string };
  /** To the agent a request was assigned to. */
  staff_assigned: { trackingId: string; number: number; subject: string; assignedBy: string };
}
export type OutboxTemplate = keyof OutboxPayloads;

export type OutgoingEmail = {
  [T in OutboxTemplate]: { template: T; recipient: string; locale: Locale; ticketId?: string | null; payload: OutboxPayloads[T] };
}[OutboxTemplate];

/**
 * Queues e-mails inside the caller's transaction: the e-mail exists exactly
 * when the change that causes it was committed. Delivery is the worker's job.
 */
@Injectable()
export class OutboxService {
  async enqueue(manager: EntityManager, email: OutgoingEmail): Promise<void> {
    await manager.insert(OutboxMessageEntity, {
      template: email.template,
      recipient: email.recipient,
      locale: email.locale,
      ticketId: email.ticketId ?? null,
      payload: email.payload,
    });
  }
}
