import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { OutboxTemplate } from './outbox.service';

/**
 * Who each e-mail is for. A Record, so a new template does not compile until
 * it says whose eyes it is for, and so the check below covers it.
 */
export const TEMPLATE_AUDIENCE: Record<OutboxTemplate, 'participant' | 'staff'> = {
  ticket_created: 'participant',
  ticket_created_brief: 'participant',
  tracking_reminder: 'participant',
  staff_reply: 'participant',
  ticket_closed: 'participant',
  staff_new_ticket: 'staff',
  staff_participant_reply: 'staff',
  staff_assigned: 'staff',
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
 * category; a participant must be the request's participant. The outbox
 * worker asks this for every row just before rendering it, which is the one
 * place every e-mail passes, whatever queued it.
 */
@Injectable()
export class RecipientAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Null when it may be sent; else why not, in words for the admins' mail pages. */
  async refusal(email: DueEmail): Promise<string | null> {
    const audience = TEMPLATE_AUDIENCE[email.template as OutboxTemplate];
    if (!audience) return `unknown template "${email.template}"`;
    if (!email.ticketId) return audience === 'staff' ? 'a staff notice without a request' : null;
    const [row]: {
      requester_email: string;
      category_id: number;
      staff_id: string | null;
      is_active: boolean | null;
      role: string | null;
      granted: boolean | null;
    }[] = await this.dataSource.query(
      `SELECT t.requester_email, t.category_id, s.id AS staff_id, s.is_active, s.role,
              EXISTS (SELECT 1 FROM staff_category_grants g WHERE g.staff_id = s.id AND g.category_id = t.category_id) AS granted
       FROM tickets t LEFT JOIN staff_accounts s ON lower(s.email) = lower($2)
       WHERE t.id = $1`,
      [email.ticketId, email.recipient],
    );
    if (!row) return 'the request no longer exists';
    const recipient = email.recipient.trim().toLowerCase();
    if (audience === 'participant') {
      return row.requester_email.trim().toLowerCase() === recipient ? null : 'the recipient is not the participant of the request';
    }
    if (!row.staff_id) {
      // STAFF_NOTIFY_EMAIL: a shared mailbox the operator chose to hear of every new request.
      const notify = this.config.staff.notifyEmail?.trim().toLowerCase();
      return notify && notify === recipient ? null : 'the recipient is not a staff member';
    }
    if (!row.is_active) return 'the staff account is deactivated';
    if (row.role === 'admin' || row.granted) return null;
    return `the staff member has no access to the request's category (${row.category_id}) any more`;
  }
}
