import type { TicketPriority } from './ticket-status';

/** Issue 19: the three clocks a policy can set, each in working minutes. */
export const SLA_CLOCKS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];

/** A working interval of a day in the calendar's time zone, "HH:MM" (end may be "24:00"). */
export interface SlaHours {
  start: string;
  end: string;
}

export interface SlaCalendarInput {
  name: string;
  /** Monday first, seven days; an empty day is a day off. */
  week: SlaHours[][];
  /** Ukraine's public holidays are days off. Off by default: martial law has suspended them since 2022. */
  observePublicHolidays: boolean;
  /** Public holidays that are worked all the same (YYYY-MM-DD). */
  workedHolidays: string[];
  /** More days off (YYYY-MM-DD). */
  extraDaysOff: string[];
}

export interface SlaCalendarView extends SlaCalendarInput {
  id: number;
  timeZone: string;
}

/** `GET /api/staff/sla/holidays?year=`: Ukraine's public holidays of a year, for the calendar page's toggles. */
export interface PublicHolidayView {
  date: string;
  name: string;
}

export interface SlaPolicyInput {
  name: string;
  /** Null: any category. */
  categoryId: number | null;
  /** Null: any priority. */
  priority: TicketPriority | null;
  calendarId: number;
  /** Working minutes; null: no such clock. */
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

/** The policy with neither category nor priority is the default one; the most specific match wins (category and priority, category, priority, default). */
export interface SlaPolicyView extends SlaPolicyInput {
  id: number;
}

/** A request's SLA on the staff pages: the nearest due time of a running clock, and each clock. */
export interface TicketSlaView {
  /** Null while the clocks are paused (the participant's turn) or all met. */
  dueAt: string | null;
  paused: boolean;
  clocks: { name: SlaClockName; dueAt: string | null; stoppedAt: string | null; breachedAt: string | null }[];
}
