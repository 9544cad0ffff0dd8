import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { OutboxRepository } from './outbox.repository';
import type { OutboxTemplate } from './outbox.service';

/**
 * Who each e-mail is for. A Record, so a new template does not compile until
 * it says whose eyes it is for, and so the check below covers it.
 */
export const TEMPLATE_AUDIENCE: Record<OutboxTemplate, 'participant' | 'staff'> = {
  ticket_created: 'participant',
  ticket_created_brief: 'participant',
  tracking_reminder: 'participant',
  participant_sign_in: 'participant',
  staff_reply: 'participant',
  ticket_closed: 'participant',
  staff_new_ticket: 'staff',
  staff_participant_reply: 'staff',
  staff_assigned: 'staff',
  staff_sla_warning: 'staff',
  staff_sla_breached: 'staff',
};

export interface DueEmail {
  template: string;
  recipient: string;
  ticketId: string | null;
}

/**
 * Issue 12.3: an e-mail about a request goes out only if its recipient may
 * see that request at the moment it is sent, not when it was queued: a staff
 * member must still be active and an admin or granted the request's current
 * category; a participant must be the request's participant, or (issue 18)
 * a colleague in copy of it who is still an active contact of its organisation. The outbox
 * worker asks this for every row just before rendering it, which is the one
 * place every e-mail passes, whatever queued it.
 */
@Injectable()
export class RecipientAccess {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
  ) {}

  /** Null when it may be sent; else why not, in words for the admins' mail pages. */
  async refusal(email: DueEmail): Promise<string | null> {
    const audience = TEMPLATE_AUDIENCE[email.template as OutboxTemplate];
    if (!audience) return `unknown template "${email.template}"`;
    if (!email.ticketId) return audience === 'staff' ? 'a staff notice without a request' : null;
    const row = await this.outbox.recipientStanding(email.ticketId, email.recipient);
    if (!row) return 'the request no longer exists';
    const recipient = email.recipient.trim().toLowerCase();
    if (audience === 'participant') {
      if (row.requesterEmail.trim().toLowerCase() === recipient || row.inCopy) return null;
      return 'the recipient is not the participant of the request, nor a colleague in copy of it now';
    }
    if (!row.staffId) {
      // STAFF_NOTIFY_EMAIL: a shared mailbox the operator chose to hear of every new request.
      const notify = this.config.staff.notifyEmail?.trim().toLowerCase();
      return notify && notify === recipient ? null : 'the recipient is not a staff member';
    }
    if (!row.isActive) return 'the staff account is deactivated';
    if (row.role === 'admin' || row.granted) return null;
    return `the staff member has no access to the request's category (${row.categoryId}) any more`;
  }
}
