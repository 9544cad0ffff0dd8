import type { SlaCalendarView, SlaHours } from '@pidtrymka/contracts';
import { isPublicHoliday } from './public-holidays';
import type { SlaCalendarEntity } from './sla-calendar.entity';
import { formatTimeOfDay, WorkingCalendar, WorkingInterval } from './working-time';

/** The working-time calendar of a stored one: its days off are its extra ones and, when observed, the public holidays it does not work. */
export function workingCalendar(calendar: Pick<SlaCalendarEntity, 'timeZone' | 'week' | 'observePublicHolidays' | 'workedHolidays' | 'extraDaysOff'>): WorkingCalendar {
  const extra = new Set(calendar.extraDaysOff);
  const worked = new Set(calendar.workedHolidays);
  return {
    timeZone: calendar.timeZone,
    week: calendar.week,
    daysOff: { has: (date) => extra.has(date) || (calendar.observePublicHolidays && !worked.has(date) && isPublicHoliday(date)) },
  };
}

export function calendarView(calendar: SlaCalendarEntity): SlaCalendarView {
  return {
    id: calendar.id,
    name: calendar.name,
    timeZone: calendar.timeZone,
    week: calendar.week.map((day) => day.map(hoursOf)),
    observePublicHolidays: calendar.observePublicHolidays,
    workedHolidays: [...calendar.workedHolidays].sort(),
    extraDaysOff: [...calendar.extraDaysOff].sort(),
  };
}

function hoursOf(interval: WorkingInterval): SlaHours {
  return { start: formatTimeOfDay(interval.start), end: formatTimeOfDay(interval.end) };
}
