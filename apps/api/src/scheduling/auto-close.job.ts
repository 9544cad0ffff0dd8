import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { asLifecycleTicket, StaffTicketsRepository } from '../tickets/staff-tickets.repository';
import { TicketLifecycle } from '../tickets/ticket-lifecycle';

const BATCH_SIZE = 100;

/**
 * R-CLOSE-2: a request in `replied` whose last staff reply is older than
 * AUTO_CLOSE_HOURS becomes `resolved`, closed by the system: TicketLifecycle's
 * `auto_closed` (its audit entry and the closed e-mail). Each batch locks its
 * rows and re-checks the condition in its transaction, so a run that overlaps
 * a participant's reply or another run closes nothing twice.
 */
@Injectable()
export class AutoCloseJob {
  static readonly jobName = 'auto-close';
  private readonly logger = new Logger('AutoClose');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: StaffTicketsRepository,
    private readonly lifecycle: TicketLifecycle,
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
          await this.lifecycle.apply(manager, asLifecycleTicket(ticket), { type: 'auto_closed', afterHours: hours });
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
