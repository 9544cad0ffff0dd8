import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TICKET_PRIORITIES } from '@pidtrymka/contracts';
import type { Locale, PublicHolidayView, SlaCalendarInput, SlaCalendarView, SlaPolicyInput, SlaPolicyView, TicketPriority } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { publicHolidays } from './public-holidays';
import { calendarView } from './sla-calendar';
import type { SlaCalendarEntity } from './sla-calendar.entity';
import { chosenPolicy, SlaClocks } from './sla-clocks.service';
import type { SlaPolicyEntity } from './sla-policy.entity';
import { SlaRepository } from './sla.repository';
import { parseTimeOfDay, weekProblem, WorkingInterval } from './working-time';

const WEEKDAYS: Record<Locale, string[]> = {
  uk: ['понеділок', 'вівторок', 'середа', 'четвер', 'пʼятниця', 'субота', 'неділя'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** Admins' SLA calendars and policies (issue 19); each change audited, and the cached copy of them dropped once it is committed. */
@Injectable()
export class SlaAdminService {
  constructor(
    private readonly repository: SlaRepository,
    private readonly clocks: SlaClocks,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async calendars(): Promise<SlaCalendarView[]> {
    return (await this.repository.listCalendars()).map(calendarView);
  }

  holidays(year: number, locale: Locale): PublicHolidayView[] {
    return publicHolidays(year, locale);
  }

  /**
   * A changed calendar also queues the stored report figures it made wrong, in the same transaction, for the
   * refresh job to work out again (see changedDays for which).
   */
  async saveCalendar(id: number | null, input: SlaCalendarInput, principal: StaffPrincipal): Promise<SlaCalendarView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const before = id !== null ? await this.repository.lockCalendar(manager, id) : null;
      if (id !== null && !before) throw new ApiException(HttpStatus.NOT_FOUND, 'sla_calendar_not_found');
      const week = parseWeek(input.week);
      const written = await this.repository.saveCalendar(manager, {
        ...(id !== null ? { id } : {}),
        name: input.name,
        week,
        observePublicHolidays: input.observePublicHolidays,
        workedHolidays: [...new Set(input.workedHolidays)],
        extraDaysOff: [...new Set(input.extraDaysOff)],
      });
      // An update's save gives back what it was given, without the columns it left alone (the time zone).
      const calendar = (await this.repository.findCalendar(written.id, manager))!;
      const details = { calendarId: calendar.id, name: calendar.name, observePublicHolidays: calendar.observePublicHolidays };
      if (!before) {
        await this.record(manager, principal, 'sla.calendar_created', details);
        return calendar;
      }
      const policies = await this.repository.listPolicies(manager);
      const categoryIds = await this.repository.categoryIds(manager);
      const pairs = scopePairs(categoryIds).filter((pair) => chosenPolicy(policies, pair.categoryId, pair.priority)?.calendarId === calendar.id);
      const span = changedSpan(changedDays(before, calendar));
      if (span) await this.repository.queueReportRecompute(manager, pairs, span);
      await this.record(manager, principal, 'sla.calendar_changed', { ...details, reportFiguresToRedo: span && pairs.length > 0 ? spanView(span) : null });
      return calendar;
    });
    this.clocks.forget();
    return calendarView(saved);
  }

  async deleteCalendar(id: number, principal: StaffPrincipal): Promise<void> {
    if (!(await this.repository.findCalendar(id))) throw new ApiException(HttpStatus.NOT_FOUND, 'sla_calendar_not_found');
    if (await this.repository.calendarInUse(id)) throw new ApiException(HttpStatus.CONFLICT, 'sla_calendar_in_use');
    await this.repository.deleteCalendar(id);
    this.clocks.forget();
    await this.record(this.dataSource.manager, principal, 'sla.calendar_deleted', { calendarId: id });
  }

  async policies(): Promise<SlaPolicyView[]> {
    return (await this.repository.listPolicies()).map(policyView);
  }

  /** A policy that moves requests to another calendar (or to none) queues their stored report figures for the refresh job. */
  async savePolicy(id: number | null, input: SlaPolicyInput, principal: StaffPrincipal): Promise<SlaPolicyView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const existing = id !== null ? await this.repository.findPolicy(id) : null;
      if (id !== null && !existing) throw new ApiException(HttpStatus.NOT_FOUND, 'sla_policy_not_found');
      if (existing && isDefault(existing) && !isDefault(input)) throw new ApiException(HttpStatus.CONFLICT, 'sla_default_policy_required');
      if (!(await this.repository.findCalendar(input.calendarId, manager))) throw new ApiException(HttpStatus.BAD_REQUEST, 'sla_calendar_not_found');
      if (input.categoryId !== null && !(await this.repository.categoryExists(input.categoryId))) throw new ApiException(HttpStatus.BAD_REQUEST, 'category_not_found');
      if (await this.repository.scopeTaken(input.categoryId, input.priority, id)) throw new ApiException(HttpStatus.CONFLICT, 'sla_policy_scope_taken');
      const before = await this.repository.lockPolicies(manager);
      const policy = await this.repository.savePolicy(manager, { ...(id !== null ? { id } : {}), ...input });
      const reportFiguresToRedo = await this.queueMovedRequests(manager, before);
      await this.record(manager, principal, id === null ? 'sla.policy_created' : 'sla.policy_changed', { policyId: policy.id, ...input, reportFiguresToRedo });
      return policy;
    });
    this.clocks.forget();
    return policyView(saved);
  }

  async deletePolicy(id: number, principal: StaffPrincipal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const existing = await this.repository.findPolicy(id);
      if (!existing) throw new ApiException(HttpStatus.NOT_FOUND, 'sla_policy_not_found');
      if (isDefault(existing)) throw new ApiException(HttpStatus.CONFLICT, 'sla_default_policy_required');
      const before = await this.repository.lockPolicies(manager);
      await this.repository.deletePolicy(manager, id);
      const reportFiguresToRedo = await this.queueMovedRequests(manager, before);
      await this.record(manager, principal, 'sla.policy_deleted', { policyId: id, name: existing.name, reportFiguresToRedo });
    });
    this.clocks.forget();
  }

  /**
   * Reports count a request's time in the calendar of the policy it falls under now (ReportFacts), so the
   * requests whose category and priority another policy change sent to another calendar have stored
   * figures of the wrong calendar, over their whole time. A change of targets alone moves none: the SLA
   * verdicts reports show are the clocks' own, given when each clock stopped, and stay as given.
   */
  private async queueMovedRequests(manager: EntityManager, before: SlaPolicyEntity[]): Promise<ReturnType<typeof spanView> | null> {
    const after = await this.repository.listPolicies(manager);
    const moved = scopePairs(await this.repository.categoryIds(manager)).filter(
      (pair) => chosenPolicy(before, pair.categoryId, pair.priority)?.calendarId !== chosenPolicy(after, pair.categoryId, pair.priority)?.calendarId,
    );
    if (moved.length === 0) return null;
    const span = { from: null, to: null };
    await this.repository.queueReportRecompute(manager, moved, span);
    return spanView(span);
  }

  private async record(manager: EntityManager, principal: StaffPrincipal, action: string, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: principal.name }, action, details: { ...details, staffId: principal.id } });
  }

}

/** Every (category, priority) a request can have: what a policy is chosen by, so what a calendar is chosen by. */
function scopePairs(categoryIds: number[]): { categoryId: number; priority: TicketPriority }[] {
  return categoryIds.flatMap((categoryId) => TICKET_PRIORITIES.map((priority) => ({ categoryId, priority })));
}

/** What an admin may change of a calendar (its zone is not among it). */
type CalendarShape = Pick<SlaCalendarEntity, 'week' | 'observePublicHolidays' | 'workedHolidays' | 'extraDaysOff'>;

/**
 * The local dates whose working time a calendar change moved, or 'all'. New hours or public holidays
 * turned on or off move every day, back to the oldest request; a day off added or removed (the
 * usual change: a holiday declared or suspended) moves that day alone, so only the requests whose time
 * spans it are worked out again rather than every request of the calendar. A worked holiday matters only
 * while public holidays are observed.
 */
export function changedDays(before: CalendarShape, after: CalendarShape): string[] | 'all' {
  if (before.observePublicHolidays !== after.observePublicHolidays || weekKey(before.week) !== weekKey(after.week)) return 'all';
  const toggled = (a: string[], b: string[]) => [...a.filter((day) => !b.includes(day)), ...b.filter((day) => !a.includes(day))];
  const days = [...toggled(before.extraDaysOff, after.extraDaysOff), ...(after.observePublicHolidays ? toggled(before.workedHolidays, after.workedHolidays) : [])];
  return [...new Set(days)].sort();
}

/** A week as comparable text: jsonb gives an interval's keys back in an order of its own. */
function weekKey(week: WorkingInterval[][]): string {
  return week.map((day) => day.map((interval) => `${interval.start}-${interval.end}`).join(',')).join(';');
}

/** The instants the changed days cover, a day's widest zone offset (14 h) either side so no zone's local day falls out; null: nothing changed. */
function changedSpan(days: string[] | 'all'): { from: Date | null; to: Date | null } | null {
  if (days === 'all') return { from: null, to: null };
  if (days.length === 0) return null;
  const widest = 14 * 3_600_000;
  return { from: new Date(Date.parse(`${days[0]}T00:00:00Z`) - widest), to: new Date(Date.parse(`${days[days.length - 1]}T00:00:00Z`) + 86_400_000 + widest) };
}

/** The audit's record of what a change queued for the reports' refresh: each pair's figures within these times (null: all). */
function spanView(span: { from: Date | null; to: Date | null }): { from: string | null; to: string | null } {
  return { from: span.from?.toISOString() ?? null, to: span.to?.toISOString() ?? null };
}

function isDefault(policy: Pick<SlaPolicyEntity, 'categoryId' | 'priority'>): boolean {
  return policy.categoryId === null && policy.priority === null;
}

function policyView(policy: SlaPolicyEntity): SlaPolicyView {
  return {
    id: policy.id,
    name: policy.name,
    categoryId: policy.categoryId,
    priority: policy.priority,
    calendarId: policy.calendarId,
    firstResponseMinutes: policy.firstResponseMinutes,
    nextResponseMinutes: policy.nextResponseMinutes,
    resolutionMinutes: policy.resolutionMinutes,
  };
}

/** The week in minutes; 400 with the day named (in both languages, by the filter) when a time is no time or the intervals overlap. */
function parseWeek(week: SlaCalendarInput['week']): WorkingInterval[][] {
  const parsed = week.map((day, index) => {
    const intervals = day.map((hours) => ({ start: parseTimeOfDay(hours.start), end: parseTimeOfDay(hours.end) }));
    const valid: WorkingInterval[] = intervals.flatMap(({ start, end }) => (start !== null && end !== null ? [{ start, end }] : []));
    if (valid.length !== intervals.length || weekProblem(dayAlone(valid)) !== null) {
      throw new ApiException(HttpStatus.BAD_REQUEST, 'sla_hours_invalid', (locale) => ({ day: WEEKDAYS[locale][index] }));
    }
    return valid;
  });
  if (weekProblem(parsed) === 'empty') throw new ApiException(HttpStatus.BAD_REQUEST, 'sla_week_empty');
  return parsed;
}

/** One day checked as a week of its own (an empty day is fine here, so it stands beside a working one). */
function dayAlone(day: WorkingInterval[]): WorkingInterval[][] {
  return [day, day.length > 0 ? [] : [{ start: 0, end: 1 }], [], [], [], [], []];
}
