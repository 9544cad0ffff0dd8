import { Injectable } from '@nestjs/common';
import type { NewRequestEmails } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { OutboxPayloads, OutboxService } from '../notifications/outbox.service';
import { CategoryStaffRow, StaffRecipientRow, StaffRecipientsRepository } from './staff-recipients.repository';

export interface NotifiedTicket {
  id: string;
  trackingId: string;
  number: number;
  categoryId: number;
  subject: string;
  requesterName: string;
  requesterEmail: string;
}

/**
 * R-STAFF-2: the notice of a new request, for the statement that opens it
 * (TicketsRepository.open), which finds the recipients by the request's
 * category and adds its number and category name in each one's language.
 * Notices to staff are never capped (OutboxService.automaticCap).
 */
export interface NewTicketNotice {
  template: 'staff_new_ticket';
  /** STAFF_NOTIFY_EMAIL (told in Ukrainian) instead of the category's staff; null: the category's staff. */
  notifyEmail: string | null;
  payload: Omit<OutboxPayloads['staff_new_ticket'], 'number' | 'category'>;
}

/**
 * R-STAFF-2: the e-mails that tell staff about requests, queued in the
 * caller's transaction. TicketLifecycle calls it for new requests and
 * participant replies; the workspace, for assignments.
 */
@Injectable()
export class StaffNotifier {
  constructor(
    private readonly recipients: StaffRecipientsRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /** A new request: the configured address, else those who chose to hear of its category (`categoryStaffCtes`). */
  async onNewTicket(manager: EntityManager, ticket: NotifiedTicket, message: string): Promise<void> {
    const notifyEmail = this.config.staff.notifyEmail;
    const recipients: CategoryStaffRow[] = notifyEmail
      ? [{ email: notifyEmail, locale: 'uk', ...(await this.recipients.categoryNames(manager, ticket.categoryId)) }]
      : await this.recipients.categoryStaff(manager, ticket.categoryId);
    for (const recipient of recipients) {
      await this.outbox.enqueue(manager, {
        template: 'staff_new_ticket',
        recipient: recipient.email,
        locale: recipient.locale,
        ticketId: ticket.id,
        payload: { ...aboutRequest(ticket), message, category: recipient.locale === 'en' ? recipient.categoryEn : recipient.categoryUk },
      });
    }
  }

  /** `onNewTicket` for a request the same statement creates: who gets it is decided there, by the same rule. */
  planNewTicket(ticket: Omit<NotifiedTicket, 'id' | 'number' | 'categoryId'>, message: string): NewTicketNotice {
    return { template: 'staff_new_ticket', notifyEmail: this.config.staff.notifyEmail || null, payload: { ...aboutNewRequest(ticket), message } };
  }

  /**
   * The participant wrote: the owner (unless they chose no e-mails, issue 17),
   * else whoever hears of the category's new requests. An owner who may not
   * see the request now (issue 12.3: should an assignment have raced a grant's
   * removal) counts as none, so the reply is told to someone who can read it
   * rather than to no one.
   */
  async onParticipantReply(manager: EntityManager, ticket: NotifiedTicket, message: string): Promise<void> {
    const owner = await this.recipients.ownerWhoCanSee(manager, ticket.id);
    const recipients = owner ? (owner.wantsEmails ? [owner] : []) : await this.recipients.categoryStaff(manager, ticket.categoryId);
    for (const recipient of recipients) {
      await this.outbox.enqueue(manager, {
        template: 'staff_participant_reply',
        recipient: recipient.email,
        locale: recipient.locale,
        ticketId: ticket.id,
        payload: { ...aboutRequest(ticket), message },
      });
    }
  }

  /** Issue 17: not to someone who chose no e-mails about requests (`none`). */
  async onAssigned(manager: EntityManager, ticket: NotifiedTicket, assignee: StaffRecipientRow & { newRequestEmails: NewRequestEmails }, assignedBy: string): Promise<void> {
    if (assignee.newRequestEmails === 'none') return;
    await this.outbox.enqueue(manager, {
      template: 'staff_assigned',
      recipient: assignee.email,
      locale: assignee.locale,
      ticketId: ticket.id,
      payload: { trackingId: ticket.trackingId, number: ticket.number, subject: ticket.subject, assignedBy },
    });
  }
}

/** What every staff notice says of its request. */
function aboutRequest(ticket: NotifiedTicket) {
  return { ...aboutNewRequest(ticket), number: ticket.number };
}

/** The same before the request has its number. */
function aboutNewRequest(ticket: Omit<NotifiedTicket, 'id' | 'number' | 'categoryId'>) {
  return { trackingId: ticket.trackingId, subject: ticket.subject, requesterName: ticket.requesterName, requesterEmail: ticket.requesterEmail };
}
