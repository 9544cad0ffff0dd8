import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SlaState } from './sla-clocks';
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

  findCalendar(id: number): Promise<SlaCalendarEntity | null> {
    return this.dataSource.getRepository(SlaCalendarEntity).findOneBy({ id });
  }

  saveCalendar(calendar: Partial<SlaCalendarEntity>): Promise<SlaCalendarEntity> {
    return this.dataSource.getRepository(SlaCalendarEntity).save(calendar);
  }

  async calendarInUse(id: number): Promise<boolean> {
    return this.dataSource.getRepository(SlaPolicyEntity).existsBy({ calendarId: id });
  }

  async deleteCalendar(id: number): Promise<void> {
    await this.dataSource.getRepository(SlaCalendarEntity).delete({ id });
  }

  listPolicies(): Promise<SlaPolicyEntity[]> {
    return this.dataSource.getRepository(SlaPolicyEntity).find({ order: { id: 'ASC' } });
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

  savePolicy(policy: Partial<SlaPolicyEntity>): Promise<SlaPolicyEntity> {
    return this.dataSource.getRepository(SlaPolicyEntity).save(policy);
  }

  async deletePolicy(id: number): Promise<void> {
    await this.dataSource.getRepository(SlaPolicyEntity).delete({ id });
  }

  /** The request's clocks, in the caller's transaction (the caller holds the request's row lock). */
  async findState(manager: EntityManager, ticketId: string): Promise<TicketSlaEntity | null> {
    return manager.findOneBy(TicketSlaEntity, { ticketId });
  }

  findTicketState(ticketId: string): Promise<TicketSlaEntity | null> {
    return this.dataSource.getRepository(TicketSlaEntity).findOneBy({ ticketId });
  }

  /** The clocks and, on the request, the nearest due time the queue reads. */
  async writeState(manager: EntityManager, ticketId: string, policyId: number | null, state: SlaState, dueAt: Date | null): Promise<void> {
    await manager.query(
      `INSERT INTO ticket_sla (ticket_id, policy_id, state) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (ticket_id) DO UPDATE SET policy_id = EXCLUDED.policy_id, state = EXCLUDED.state`,
      [ticketId, policyId, JSON.stringify(state)],
    );
    await manager.query(`UPDATE tickets SET sla_due_at = $2 WHERE id = $1`, [ticketId, dueAt]);
  }
}
