import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { OutboxService } from '../notifications/outbox.service';
import { StaffTicketsRepository } from '../tickets/staff-tickets.repository';

const BATCH_SIZE = 100;

/**
 * R-CLOSE-2: a request in `replied` whose last staff reply is older than
 * AUTO_CLOSE_HOURS becomes `resolved`, closed by the system, with an audit
 * entry and the closed e-mail. Each batch locks its rows and re-checks the
 * condition in its transaction, so a run that overlaps a participant's
 * reply or another run closes nothing twice.
 */
@Injectable()
export class AutoCloseJob {
  static readonly jobName = 'auto-close';
  private readonly logger = new Logger('AutoClose');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: StaffTicketsRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /** How many requests it closed. */
  async run(): Promise<number> {
    const hours = this.config.autoCloseHours;
    let closed = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await this.tickets.lockDueForAutoClose(manager, hours, BATCH_SIZE);
        for (const ticket of due) {
          await this.tickets.update(manager, ticket.id, { status: 'resolved' });
          await this.audit.record(manager, { ticketId: ticket.id, actor: { type: 'system', name: 'system' }, action: 'ticket.closed', details: { from: 'replied', to: 'resolved', automatic: true, afterHours: hours } });
          await this.outbox.enqueue(manager, {
            template: 'ticket_closed',
            recipient: ticket.requester_email,
            locale: ticket.locale,
            ticketId: ticket.id,
            payload: { trackingId: ticket.tracking_id, name: ticket.requester_name, subject: ticket.subject, closedBy: 'system' },
          });
        }
        return due.length;
      });
      closed += batch;
      if (batch < BATCH_SIZE) break;
    }
    if (closed > 0) this.logger.log(`Closed ${closed} request(s) with no answer ${hours} h after the last staff reply`);
    return closed;
  }
}
