/**
 * Working-time arithmetic for SLA clocks (issue 19): pure, no clock of its
 * own, no database. A minute counts when the wall clock in the calendar's
 * time zone shows a time inside one of that weekday's working intervals on
 * a working date. That is what a person at a desk in Kyiv lives through: on
 * the last Sunday of March the skipped hour is not worked, on the last
 * Sunday of October the repeated hour is worked twice.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** No time zone is further than this from UTC; a window this wide around a date holds its whole local day. */
const MAX_OFFSET = 14 * 3_600_000;
/** A calendar with no working minute in this many days in a row is broken (every weekday empty, or a year of days off). */
const HORIZON_DAYS = 732;

/** Minutes since local midnight: [start, end), 0 ≤ start < end ≤ 1440. */
export interface WorkingInterval {
  start: number;
  end: number;
}

/** Never changed once made: the spans of its days are kept (spansOfDay); a change is a new calendar. */
export interface WorkingCalendar {
  timeZone: string;
  /** Monday first: week[0] is Monday, week[6] Sunday; each day's intervals sorted and apart. */
  week: readonly (readonly WorkingInterval[])[];
  /** Local dates (YYYY-MM-DD) with no working time at all: holidays observed and days the operator took off. */
  daysOff: { has(date: string): boolean };
}

/** [start, end) in milliseconds since the epoch. */
export interface Span {
  start: number;
  end: number;
}

export class NoWorkingTime extends Error {
  constructor() {
    super(`The calendar has no working time within ${HORIZON_DAYS} days`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC at `instant`, in milliseconds (Kyiv: +2 h in winter, +3 h in summer). */
export function zoneOffset(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The local date (YYYY-MM-DD) at `instant` in `timeZone`. */
export function localDate(instant: number, timeZone: string): string {
  return isoDate(instant + zoneOffset(instant, timeZone));
}

function isoDate(utcMidnightOrAny: number): string {
  return new Date(utcMidnightOrAny).toISOString().slice(0, 10);
}

/** Monday 0 … Sunday 6 of a date given as its UTC midnight. */
function weekdayOf(dayStart: number): number {
  return (new Date(dayStart).getUTCDay() + 6) % 7;
}

/**
 * The instant in [low, high] where the offset changes, to the millisecond,
 * given offset(low) ≠ offset(high) and one change between them (zones change
 * at most twice a year, never twice within the few days searched here).
 */
function transition(low: number, high: number, timeZone: string): number {
  const before = zoneOffset(low, timeZone);
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (zoneOffset(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * A date's spans depend on the date and the calendar alone, and every new
 * request plans its clocks over the same few days ahead: asking the time zone
 * database for them (Intl, a few microseconds a call, several calls a day and
 * several clocks a request) was a tenth of the API's CPU per new request.
 * Kept per calendar object (an admin's change makes a new one, and the old
 * one's days go with it), for at most DAYS_KEPT dates.
 */
const DAYS_KEPT = 1024;
const daysByCalendar = new WeakMap<WorkingCalendar, Map<number, readonly Span[]>>();

function spansOfDay(day: number, calendar: WorkingCalendar): readonly Span[] {
  let days = daysByCalendar.get(calendar);
  if (!days) daysByCalendar.set(calendar, (days = new Map<number, readonly Span[]>()));
  let spans = days.get(day);
  if (!spans) {
    if (days.size >= DAYS_KEPT) days.clear();
    spans = Object.freeze(computedSpansOfDay(day, calendar).map((span) => Object.freeze(span)));
    days.set(day, spans);
  }
  return spans;
}

/**
 * The working spans of one local date (its UTC midnight `day`), in time
 * order, adjacent ones joined. Within a stretch of one offset, local time is
 * UTC shifted by it; a date with a change of offset is cut at the change.
 */
function computedSpansOfDay(day: number, calendar: WorkingCalendar): Span[] {
  const intervals = calendar.week[weekdayOf(day)] ?? [];
  if (intervals.length === 0 || calendar.daysOff.has(isoDate(day))) return [];
  const low = day - MAX_OFFSET;
  const high = day + DAY + MAX_OFFSET;
  const first = zoneOffset(low, calendar.timeZone);
  const last = zoneOffset(high, calendar.timeZone);
  const stretches = first === last ? [{ offset: first, from: -Infinity, to: Infinity }] : ((change) => [{ offset: first, from: -Infinity, to: change }, { offset: last, from: change, to: Infinity }])(transition(low, high, calendar.timeZone));
  const spans: Span[] = [];
  for (const stretch of stretches) {
    for (const interval of intervals) {
      const start = Math.max(day + interval.start * MINUTE - stretch.offset, stretch.from);
      const end = Math.min(day + interval.end * MINUTE - stretch.offset, stretch.to);
      if (start < end) spans.push({ start, end });
    }
  }
  return joined(spans);
}

/** Sorted by start, overlapping or touching spans made one. */
function joined(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const span of sorted) {
    const previous = out[out.length - 1];
    if (previous && span.start <= previous.end) previous.end = Math.max(previous.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

/**
 * Zones change their offset on the hour or the quarter hour, a few times a
 * year at most, so an offset found the same at both ends of a quarter hour
 * holds inside it (and where the ends differ, the instant is asked as it is).
 * Each new request asks for the quarter it is opened in; asking Intl costs
 * microseconds a time.
 */
const QUARTER = 15 * MINUTE;
const QUARTERS_KEPT = 4096;
const offsetsByZone = new Map<string, Map<number, number>>();

function quarterOffset(instant: number, timeZone: string): number {
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) offsetsByZone.set(timeZone, (offsets = new Map<number, number>()));
  const quarter = Math.floor(instant / QUARTER);
  const known = offsets.get(quarter);
  if (known !== undefined) return known;
  const first = zoneOffset(quarter * QUARTER, timeZone);
  if (first !== zoneOffset(quarter * QUARTER + QUARTER - 1000, timeZone)) return zoneOffset(instant, timeZone);
  if (offsets.size >= QUARTERS_KEPT) offsets.clear();
  offsets.set(quarter, first);
  return first;
}

/** UTC midnight of the local date at `instant`. */
function dayOf(instant: number, timeZone: string): number {
  const local = instant + quarterOffset(instant, timeZone);
  return local - (((local % DAY) + DAY) % DAY);
}

/** Working spans from `from` onwards, clipped to start no earlier than it, in time order (a day's own spans, never joined across days: a calendar open round the clock would make one endless span). */
function* spansFrom(from: number, calendar: WorkingCalendar): Generator<Span> {
  // The day before too: at a change of offset, a span of the previous date can reach past `from`.
  let day = dayOf(from, calendar.timeZone) - DAY;
  let emptyDays = 0;
  while (emptyDays <= HORIZON_DAYS) {
    const spans = spansOfDay(day, calendar);
    emptyDays = spans.length === 0 ? emptyDays + 1 : 0;
    for (const span of spans) if (span.end > from) yield { start: Math.max(span.start, from), end: span.end };
    day += DAY;
  }
  throw new NoWorkingTime();
}

/**
 * The earliest instant `minutes` working minutes after `start` (pauses do
 * not count: those are `workingMinutesBetween`'s). Zero minutes is `start`
 * itself, even outside working hours.
 */
export function addWorkingMinutes(start: Date, minutes: number, calendar: WorkingCalendar): Date {
  if (!(minutes > 0)) return new Date(start.getTime());
  let left = minutes * MINUTE;
  for (const span of spansFrom(start.getTime(), calendar)) {
    const length = span.end - span.start;
    if (length >= left) return new Date(span.start + left);
    left -= length;
  }
  throw new NoWorkingTime();
}

/** Working minutes in [a, b) but for the time inside `pauses` (which may overlap); 0 when b ≤ a. */
export function workingMinutesBetween(a: Date, b: Date, calendar: WorkingCalendar, pauses: readonly Span[] = []): number {
  const from = a.getTime();
  const to = b.getTime();
  if (!(to > from)) return 0;
  const holes = joined(pauses.filter((pause) => pause.end > from && pause.start < to));
  let total = 0;
  let hole = 0;
  for (const span of spansFrom(from, calendar)) {
    if (span.start >= to) break;
    let start = span.start;
    const end = Math.min(span.end, to);
    while (start < end) {
      while (hole < holes.length && holes[hole].end <= start) hole++;
      const next = holes[hole];
      if (!next || next.start >= end) {
        total += end - start;
        break;
      }
      if (next.start > start) total += next.start - start;
      start = next.end;
    }
  }
  return total / MINUTE;
}

/** "09:00" → 540; "24:00" is the end of the day. Null when it is no time of day. */
export function parseTimeOfDay(text: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 1440 ? minutes : null;
}

export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Why a week cannot be a calendar's, or null: each interval within the day, each day's in order and apart. */
export function weekProblem(week: readonly (readonly WorkingInterval[])[]): string | null {
  if (week.length !== 7) return 'seven days';
  for (const day of week) {
    let previousEnd = -1;
    for (const interval of day) {
      if (!Number.isInteger(interval.start) || !Number.isInteger(interval.end) || interval.start < 0 || interval.end > 1440 || interval.start >= interval.end) return 'interval';
      if (interval.start <= previousEnd) return 'order';
      previousEnd = interval.end;
    }
  }
  return week.some((day) => day.length > 0) ? null : 'empty';
}
