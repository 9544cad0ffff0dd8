import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale, PublicHolidayView, SlaCalendarInput, SlaCalendarView, SlaPolicyInput, SlaPolicyView } from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { publicHolidays } from './public-holidays';
import { calendarView } from './sla-calendar';
import { SlaClocks } from './sla-clocks.service';
import type { SlaPolicyEntity } from './sla-policy.entity';
import { SlaRepository } from './sla.repository';
import { parseTimeOfDay, weekProblem, WorkingInterval } from './working-time';

const WEEKDAYS: Record<Locale, string[]> = {
  uk: ['понеділок', 'вівторок', 'середа', 'четвер', 'пʼятниця', 'субота', 'неділя'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** Admins' SLA calendars and policies (issue 19); each change audited, and the cached copy of them dropped. */
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

  async saveCalendar(id: number | null, input: SlaCalendarInput, principal: StaffPrincipal): Promise<SlaCalendarView> {
    if (id !== null && !(await this.repository.findCalendar(id))) throw new ApiException(HttpStatus.NOT_FOUND, 'sla_calendar_not_found');
    const week = parseWeek(input.week);
    const saved = await this.repository.saveCalendar({
      ...(id !== null ? { id } : {}),
      name: input.name,
      week,
      observePublicHolidays: input.observePublicHolidays,
      workedHolidays: [...new Set(input.workedHolidays)],
      extraDaysOff: [...new Set(input.extraDaysOff)],
    });
    await this.record(principal, id === null ? 'sla.calendar_created' : 'sla.calendar_changed', { calendarId: saved.id, name: saved.name, observePublicHolidays: saved.observePublicHolidays });
    return calendarView(saved);
  }

  async deleteCalendar(id: number, principal: StaffPrincipal): Promise<void> {
    if (!(await this.repository.findCalendar(id))) throw new ApiException(HttpStatus.NOT_FOUND, 'sla_calendar_not_found');
    if (await this.repository.calendarInUse(id)) throw new ApiException(HttpStatus.CONFLICT, 'sla_calendar_in_use');
    await this.repository.deleteCalendar(id);
    await this.record(principal, 'sla.calendar_deleted', { calendarId: id });
  }

  async policies(): Promise<SlaPolicyView[]> {
    return (await this.repository.listPolicies()).map(policyView);
  }

  async savePolicy(id: number | null, input: SlaPolicyInput, principal: StaffPrincipal): Promise<SlaPolicyView> {
    const existing = id !== null ? await this.repository.findPolicy(id) : null;
    if (id !== null && !existing) throw new ApiException(HttpStatus.NOT_FOUND, 'sla_policy_not_found');
    if (existing && isDefault(existing) && !isDefault(input)) throw new ApiException(HttpStatus.CONFLICT, 'sla_default_policy_required');
    if (!(await this.repository.findCalendar(input.calendarId))) throw new ApiException(HttpStatus.BAD_REQUEST, 'sla_calendar_not_found');
    if (input.categoryId !== null && !(await this.repository.categoryExists(input.categoryId))) throw new ApiException(HttpStatus.BAD_REQUEST, 'category_not_found');
    if (await this.repository.scopeTaken(input.categoryId, input.priority, id)) throw new ApiException(HttpStatus.CONFLICT, 'sla_policy_scope_taken');
    const saved = await this.repository.savePolicy({ ...(id !== null ? { id } : {}), ...input });
    await this.record(principal, id === null ? 'sla.policy_created' : 'sla.policy_changed', { policyId: saved.id, ...input });
    return policyView(saved);
  }

  async deletePolicy(id: number, principal: StaffPrincipal): Promise<void> {
    const existing = await this.repository.findPolicy(id);
    if (!existing) throw new ApiException(HttpStatus.NOT_FOUND, 'sla_policy_not_found');
    if (isDefault(existing)) throw new ApiException(HttpStatus.CONFLICT, 'sla_default_policy_required');
    await this.repository.deletePolicy(id);
    await this.record(principal, 'sla.policy_deleted', { policyId: id, name: existing.name });
  }

  private async record(principal: StaffPrincipal, action: string, details: Record<string, unknown>): Promise<void> {
    this.clocks.forget();
    await this.audit.record(this.dataSource.manager, { ticketId: null, actor: { type: 'staff', name: principal.name }, action, details: { ...details, staffId: principal.id } });
  }
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
