import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale } from '@pidtrymka/contracts';
import type { SlaState } from './sla-clocks';

export interface DueAlertRow {
  ticketId: string;
  policyId: number | null;
  state: SlaState;
  trackingId: string;
  number: number;
  subject: string;
  ownerEmail: string | null;
  ownerLocale: Locale | null;
}
import { SlaCalendarEntity } from './sla-calendar.entity';
import { SlaPolicyEntity } from './sla-policy.entity';
import { TicketSlaEntity } from './ticket-sla.entity';

/** Every query of the sla module. */
@Injectable()
export class SlaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listCalendars(): Promise<SlaCalendarEntity[]> {
    return this.dataSource.getRepository(SlaCalendarEntity).find({ order: { id: 'ASC' } });
  }

  findCalendar(id: number, manager: EntityManager = this.dataSource.manager): Promise<SlaCalendarEntity | null> {
    return manager.findOneBy(SlaCalendarEntity, { id });
  }

  saveCalendar(manager: EntityManager, calendar: Partial<SlaCalendarEntity>): Promise<SlaCalendarEntity> {
    return manager.save(SlaCalendarEntity, calendar);
  }

  async calendarInUse(id: number): Promise<boolean> {
    return this.dataSource.getRepository(SlaPolicyEntity).existsBy({ calendarId: id });
  }

  async deleteCalendar(id: number): Promise<void> {
    await this.dataSource.getRepository(SlaCalendarEntity).delete({ id });
  }

  listPolicies(manager: EntityManager = this.dataSource.manager): Promise<SlaPolicyEntity[]> {
    return manager.find(SlaPolicyEntity, { order: { id: 'ASC' } });
  }

  /** The policies as a change starts from, locked, so two changes at once each see the other's result (what each marks is the difference). */
  lockPolicies(manager: EntityManager): Promise<SlaPolicyEntity[]> {
    return manager.find(SlaPolicyEntity, { order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /** The calendar as a change starts from, locked until the change commits. */
  lockCalendar(manager: EntityManager, id: number): Promise<SlaCalendarEntity | null> {
    return manager.findOne(SlaCalendarEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findPolicy(id: number): Promise<SlaPolicyEntity | null> {
    return this.dataSource.getRepository(SlaPolicyEntity).findOneBy({ id });
  }

  /** Another policy of the same scope (category and priority, NULLs alike), which the unique index would refuse. */
  async scopeTaken(categoryId: number | null, priority: string | null, exceptId: number | null): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM sla_policies WHERE coalesce(category_id, 0) = coalesce($1::integer, 0) AND coalesce(priority, '') = coalesce($2::varchar, '') AND id <> coalesce($3::integer, 0)`,
      [categoryId, priority, exceptId],
    );
    return rows.length > 0;
  }

  async categoryExists(id: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM categories WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  savePolicy(manager: EntityManager, policy: Partial<SlaPolicyEntity>): Promise<SlaPolicyEntity> {
    return manager.save(SlaPolicyEntity, policy);
  }

  async deletePolicy(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(SlaPolicyEntity, { id });
  }

  async categoryIds(manager: EntityManager): Promise<number[]> {
    const rows = await manager.query<{ id: number }[]>(`SELECT id FROM categories ORDER BY id`);
    return rows.map((row) => row.id);
  }

  /**
   * Queues for the reports' refresh the stored figures a calendar change made wrong: those of requests of
   * these (category, priority) pairs whose counted time (creation to first reply, to close) overlaps
   * [from, to); null bounds reach every time. Written here, not in the reports module, because it belongs in
   * the change's transaction and the reports module is the one that depends on this one.
   */
  async queueReportRecompute(manager: EntityManager, pairs: { categoryId: number; priority: string }[], span: { from: Date | null; to: Date | null }): Promise<void> {
    if (pairs.length === 0) return;
    await manager.query(`INSERT INTO report_fact_recomputes (category_ids, priorities, from_at, to_at) VALUES ($1, $2, $3, $4)`, [
      pairs.map((pair) => pair.categoryId),
      pairs.map((pair) => pair.priority),
      span.from,
      span.to,
    ]);
  }

  /** The request's clocks, in the caller's transaction (the caller holds the request's row lock). */
  async findState(manager: EntityManager, ticketId: string): Promise<TicketSlaEntity | null> {
    return manager.findOneBy(TicketSlaEntity, { ticketId });
  }

  findTicketState(ticketId: string): Promise<TicketSlaEntity | null> {
    return this.dataSource.getRepository(TicketSlaEntity).findOneBy({ ticketId });
  }

  /**
   * Requests with a warning or breach to tell of by now, the request and its clocks locked (the
   * lifecycle's order: the request first); those another transaction holds are left to the next run.
   */
  async lockDueAlerts(manager: EntityManager, limit: number): Promise<DueAlertRow[]> {
    return manager.query(
      `SELECT s.ticket_id AS "ticketId", s.policy_id AS "policyId", s.state, t.tracking_id AS "trackingId", t.number, t.subject,
              o.email AS "ownerEmail", o.locale AS "ownerLocale"
       FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id
       LEFT JOIN staff_accounts o ON o.id = t.owner_id AND o.is_active
       WHERE s.alert_at <= now() AND t.merged_into_id IS NULL
       ORDER BY s.alert_at LIMIT $1
       FOR UPDATE OF t, s SKIP LOCKED`,
      [limit],
    );
  }

  /** Who is told of a breach: every active admin. */
  async admins(manager: EntityManager): Promise<{ email: string; locale: Locale }[]> {
    return manager.query(`SELECT email, locale FROM staff_accounts WHERE role = 'admin' AND is_active ORDER BY email`);
  }

  /** The clocks and, on the request, the nearest due time the queue reads. */
  async writeState(manager: EntityManager, ticketId: string, policyId: number | null, state: SlaState, dueAt: Date | null, alertAt: Date | null): Promise<void> {
    await manager.query(
      `INSERT INTO ticket_sla (ticket_id, policy_id, state, alert_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (ticket_id) DO UPDATE SET policy_id = EXCLUDED.policy_id, state = EXCLUDED.state, alert_at = EXCLUDED.alert_at`,
      [ticketId, policyId, JSON.stringify(state), alertAt],
    );
    await manager.query(`UPDATE tickets SET sla_due_at = $2 WHERE id = $1`, [ticketId, dueAt]);
  }
}
