import { Injectable } from '@nestjs/common';
import type { Locale } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { OutboxService } from '../notifications/outbox.service';
import { CategoryStaffRow, StaffRecipientsRepository } from './staff-recipients.repository';

export interface NotifiedTicket {
  id: string;
  trackingId: string;
  number: number;
  categoryId: number;
  subject: string;
  requesterName: string;
  requesterEmail: string;
}

type Recipient = { email: string; locale: Locale };

/**
 * R-STAFF-2: the e-mails that tell staff about requests, queued in the
 * caller's transaction. Any module that creates requests or adds a
 * participant's message calls it (the site's forms, mail-in).
 */
@Injectable()
export class StaffNotifier {
  constructor(
    private readonly recipients: StaffRecipientsRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /** A new request: the configured address, else the agents of its category, else (nobody granted it) the admins. */
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
        payload: {
          trackingId: ticket.trackingId,
          number: ticket.number,
          subject: ticket.subject,
          requesterName: ticket.requesterName,
          requesterEmail: ticket.requesterEmail,
          message,
          category: recipient.locale === 'en' ? recipient.categoryEn : recipient.categoryUk,
        },
      });
    }
  }

  /**
   * The participant wrote: the owner, else the category's agents (else the
   * admins). An owner who may not see the request now (issue 12.3: should an
   * assignment have raced a grant's removal) counts as none, so the reply
   * is told to someone who can read it rather than to no one.
   */
  async onParticipantReply(manager: EntityManager, ticket: NotifiedTicket, message: string): Promise<void> {
    const [owner]: { email: string; locale: Locale }[] = await manager.query(
      `SELECT s.email, s.locale FROM tickets t JOIN staff_accounts s ON s.id = t.owner_id AND s.is_active
       WHERE t.id = $1 AND (s.role = 'admin' OR EXISTS (SELECT 1 FROM staff_category_grants g WHERE g.staff_id = s.id AND g.category_id = t.category_id))`,
      [ticket.id],
    );
    const recipients = owner ? [owner] : await this.recipients.categoryStaff(manager, ticket.categoryId);
    for (const recipient of recipients) {
      await this.outbox.enqueue(manager, {
        template: 'staff_participant_reply',
        recipient: recipient.email,
        locale: recipient.locale,
        ticketId: ticket.id,
        payload: { trackingId: ticket.trackingId, number: ticket.number, subject: ticket.subject, requesterName: ticket.requesterName, requesterEmail: ticket.requesterEmail, message },
      });
    }
  }

  async onAssigned(manager: EntityManager, ticket: NotifiedTicket, assignee: Recipient, assignedBy: string): Promise<void> {
    await this.outbox.enqueue(manager, {
      template: 'staff_assigned',
      recipient: assignee.email,
      locale: assignee.locale,
      ticketId: ticket.id,
      payload: { trackingId: ticket.trackingId, number: ticket.number, subject: ticket.subject, assignedBy },
    });
  }

}
