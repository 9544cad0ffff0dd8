import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TicketPriority } from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import type { SlaClock } from '../sla/sla-clocks';
import { SlaClocks } from '../sla/sla-clocks.service';
import { WorkingCalendar, workingMinutesBetween } from '../sla/working-time';
import { FactRow, FactSourceRow, LiveFacts, ReportsRepository } from './reports.repository';

/** A change is refreshed once this old, so a transaction that stamped `updated_at` earlier but commits later is not passed over. */
const SETTLE_MS = 60_000;
const BATCH = 2000;
/** More changed requests than this since the last refresh are left to it (the job is behind, or has never run). */
const LIVE_LIMIT = 5000;

/**
 * Issue 19: each request's report figures, worked out from its history with
 * the SLA's own working-time arithmetic and clocks: stored by the refresh job
 * (`refresh`), and for requests changed since, worked out at read time (`live`).
 */
@Injectable()
export class ReportFacts {
  private readonly logger = new Logger('ReportFacts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ReportsRepository,
    private readonly sla: SlaClocks,
  ) {}

  /** Brings the stored rows up to date with every change older than SETTLE_MS; at most `budgetMs` of work a call. Returns how many rows were written. */
  async refresh(budgetMs = 20_000, batch = BATCH): Promise<number> {
    const started = Date.now();
    const ratings = await this.repository.storeRatings(SETTLE_MS);
    if (ratings > 0) this.logger.log(`${ratings} reply ratings copied for reports`);
    const answers = await this.repository.storeSatisfaction(SETTLE_MS);
    if (answers > 0) this.logger.log(`${answers} satisfaction answers copied for reports`);
    const since = (await this.repository.watermark())?.at ?? null;
    const until = new Date(Date.now() - SETTLE_MS);
    let after: { updatedAt: string; number: number } | null = null;
    let written = 0;
    for (;;) {
      const sources = await this.repository.changedSources(since, until, after, batch);
      if (sources.length === 0) break;
      // The calendars as committed, not as cached: what is stored stays, and a change made on another instance must be in it.
      const { rows, mergedIds } = await this.worked(sources, await this.sla.currentCalendars());
      await this.dataSource.transaction((manager) => this.repository.store(manager, rows, mergedIds));
      written += sources.length;
      const last = sources[sources.length - 1];
      after = { updatedAt: last.updated_at, number: last.number };
      if (sources.length < batch || Date.now() - started > budgetMs) break;
    }
    if (written > 0) this.logger.log(`report figures of ${written} requests refreshed in ${Date.now() - started} ms`);
    const recomputed = await this.recompute(started + budgetMs, batch);
    if (recomputed > 0) this.logger.log(`report figures of ${recomputed} requests worked out again after an SLA change`);
    return written + recomputed;
  }

  /**
   * Works out again the minutes of the facts an SLA calendar or policy change queued (SlaAdminService), in
   * the calendars as they are now, a batch at a time, keeping each recompute's place. It runs after the
   * refresh above, in the same job run, so a fact that refresh wrote with a calendar read before a change
   * is worked out again here if the change queued it.
   */
  private async recompute(deadline: number, batch: number): Promise<number> {
    let recomputed = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const recompute = await this.repository.nextRecompute(manager);
        if (!recompute) return null;
        const facts = await this.repository.recomputeBatch(manager, recompute, batch);
        const calendarFor = await this.sla.currentCalendars();
        const rows = facts.map((fact) => {
          const calendar = calendarFor(fact.category_id, fact.priority as TicketPriority);
          const created = new Date(fact.created_at);
          return {
            ticket_id: fact.ticket_id,
            first_response_minutes: minutesUntil(created, fact.first_response_at, calendar),
            resolution_minutes: minutesUntil(created, fact.resolved_at, calendar),
          };
        });
        await this.repository.storeRecomputed(manager, rows);
        await this.repository.recomputeDone(manager, recompute.id, facts.length < batch ? null : facts[facts.length - 1].ticket_id);
        return facts.length;
      });
      if (count === null) return recomputed;
      recomputed += count;
      if (Date.now() > deadline) return recomputed;
    }
  }

  /** The requests changed since the stored rows' watermark, worked out now. */
  async live(): Promise<{ live: LiveFacts; refreshedAt: string | null; current: boolean }> {
    const watermark = await this.repository.watermark();
    // Figures an SLA change made wrong are stored still until the refresh works them out again.
    const recomputing = await this.repository.recomputePending();
    const sources = await this.repository.changedSources(watermark?.at ?? null, null, null, LIVE_LIMIT + 1);
    const refreshedAt = watermark?.iso ?? null;
    // Too many to work out on a page's request: the stored figures alone, and the page says as of when.
    if (sources.length > LIVE_LIMIT) return { live: { rows: [], changedIds: [] }, refreshedAt, current: false };
    const { rows } = await this.worked(sources, (categoryId, priority) => this.sla.calendarFor(categoryId, priority));
    return { live: { rows, changedIds: sources.map((source) => source.ticket_id) }, refreshedAt, current: !recomputing };
  }

  private async worked(
    sources: FactSourceRow[],
    calendarFor: (categoryId: number, priority: TicketPriority) => WorkingCalendar | null | Promise<WorkingCalendar | null>,
  ): Promise<{ rows: FactRow[]; mergedIds: string[] }> {
    const rows: FactRow[] = [];
    const mergedIds: string[] = [];
    for (const source of sources) {
      if (source.merged) mergedIds.push(source.ticket_id);
      else rows.push(factOf(source, await calendarFor(source.category_id, source.priority as TicketPriority)));
    }
    return { rows, mergedIds };
  }
}

/**
 * A request's figures. Times run from its creation to its first staff reply and to its last close,
 * in the working minutes of its policy's calendar (wall-clock minutes without one), as the participant
 * waits them: time spent waiting on the participant counts too, unlike the SLA clocks' pauses. Met or
 * not is the SLA clock's own verdict, once it has stopped.
 */
export function factOf(source: FactSourceRow, calendar: WorkingCalendar | null): FactRow {
  const created = new Date(source.created_at);
  const minutes = (end: Date | null) => minutesUntil(created, end, calendar);
  const clocks = source.sla_state?.clocks ?? {};
  const resolved = source.resolved_at ? new Date(source.resolved_at) : null;
  return {
    ticket_id: source.ticket_id,
    created_at: created.toISOString(),
    category_id: source.category_id,
    owner_id: source.owner_id,
    priority: source.priority,
    channel: source.channel,
    organisation_id: source.organisation_id,
    first_response_at: source.first_response_at ? new Date(source.first_response_at).toISOString() : null,
    first_response_minutes: minutes(source.first_response_at),
    resolved_at: resolved?.toISOString() ?? null,
    resolution_minutes: minutes(resolved),
    first_response_met: verdict(clocks.firstResponse),
    resolution_met: resolved ? verdict(clocks.resolution) : null,
    source_updated_at: source.updated_at,
  };
}

/** Working minutes from a request's creation to `end` in its calendar; wall-clock minutes without one. */
function minutesUntil(created: Date, end: Date | null, calendar: WorkingCalendar | null): number | null {
  if (!end) return null;
  const at = new Date(end);
  const value = calendar ? workingMinutesBetween(created, at, calendar) : Math.max(0, (at.getTime() - created.getTime()) / 60_000);
  return Math.round(value);
}

function verdict(clock: SlaClock | undefined): boolean | null {
  if (!clock || !clock.stoppedAt) return null;
  return clock.breachedAt === null;
}
