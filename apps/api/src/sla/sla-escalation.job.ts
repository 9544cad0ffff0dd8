import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale, SlaClockName } from '@pidtrymka/contracts';
import { SLA_CLOCKS } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../notifications/outbox.service';
import { SlaState } from './sla-clocks';
import { SlaClocks } from './sla-clocks.service';
import { DueAlertRow, SlaRepository } from './sla.repository';

const BATCH_SIZE = 100;
const CLOCK_NAMES: Record<Locale, Record<SlaClockName, string>> = {
  uk: { firstResponse: 'перша відповідь', nextResponse: 'наступна відповідь', resolution: 'вирішення' },
  en: { firstResponse: 'first response', nextResponse: 'next response', resolution: 'resolution' },
};

/**
 * Issue 19: SLA escalations. A running clock that has used SLA_WARN_AT_PERCENT
 * of its target e-mails the request's owner; one past its target e-mails every
 * admin and is stamped breached. Each once per clock (the marks live in its
 * state), each audited, in the transaction that marks it: the scheduler runs
 * this under its advisory lock, and the rows are locked besides, so two runs
 * or a run and a reply never tell twice.
 */
@Injectable()
export class SlaEscalationJob {
  static readonly jobName = 'sla-escalations';
  private readonly logger = new Logger('SlaEscalations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SlaRepository,
    private readonly clocks: SlaClocks,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** How many warnings and breaches it told of. */
  async run(): Promise<number> {
    let told = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await this.repository.lockDueAlerts(manager, BATCH_SIZE);
        let sent = 0;
        for (const row of due) sent += await this.escalate(manager, row, new Date());
        return { rows: due.length, sent };
      });
      told += batch.sent;
      if (batch.rows < BATCH_SIZE) break;
    }
    if (told > 0) this.logger.log(`Told of ${told} SLA warning(s) and breach(es)`);
    return told;
  }

  private async escalate(manager: EntityManager, row: DueAlertRow, now: Date): Promise<number> {
    const calendar = await this.clocks.calendarOf(row.policyId);
    const timeZone = calendar?.timeZone ?? 'Europe/Kyiv';
    const state: SlaState = { paused: row.state.paused, clocks: { ...row.state.clocks } };
    const at = now.toISOString();
    let sent = 0;
    for (const name of SLA_CLOCKS) {
      const clock = state.clocks[name];
      if (!clock || !clock.runningSince || clock.stoppedAt) continue;
      const breached = clock.dueAt !== null && clock.dueAt <= at;
      if (breached && !clock.escalatedAt) {
        for (const admin of await this.repository.admins(manager)) await this.send(manager, 'staff_sla_breached', admin, row, name, clock.dueAt!, timeZone);
        await this.audit.record(manager, { ticketId: row.ticketId, actor: { type: 'system', name: 'system' }, action: 'sla.breached', details: { clock: name, dueAt: clock.dueAt } });
        state.clocks[name] = { ...clock, escalatedAt: at, breachedAt: clock.breachedAt ?? clock.dueAt, warnedAt: clock.warnedAt ?? at };
        sent++;
      } else if (!breached && !clock.warnedAt && clock.warnAt && clock.warnAt <= at) {
        // No owner, no one to warn; the admins hear of it at the breach all the same.
        if (row.ownerEmail) await this.send(manager, 'staff_sla_warning', { email: row.ownerEmail, locale: row.ownerLocale ?? 'uk' }, row, name, clock.dueAt!, timeZone);
        await this.audit.record(manager, { ticketId: row.ticketId, actor: { type: 'system', name: 'system' }, action: 'sla.warned', details: { clock: name, dueAt: clock.dueAt, owner: row.ownerEmail !== null } });
        state.clocks[name] = { ...clock, warnedAt: at };
        sent++;
      }
    }
    await this.clocks.write(manager, row.ticketId, row.policyId, state);
    return sent;
  }

  private async send(manager: EntityManager, template: 'staff_sla_warning' | 'staff_sla_breached', to: { email: string; locale: Locale }, row: DueAlertRow, clock: SlaClockName, dueAt: string, timeZone: string): Promise<void> {
    const due = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(dueAt)).replace(',', '');
    await this.outbox.enqueue(manager, {
      template,
      recipient: to.email,
      locale: to.locale,
      ticketId: row.ticketId,
      payload: { trackingId: row.trackingId, number: row.number, subject: row.subject, clock: CLOCK_NAMES[to.locale][clock], due },
    });
  }
}
