import fc from 'fast-check';
import { addWorkingMinutes, NoWorkingTime, parseTimeOfDay, Span, weekProblem, WorkingCalendar, WorkingInterval, workingMinutesBetween, zoneOffset } from './working-time';

const KYIV = 'Europe/Kyiv';
const MINUTE = 60_000;
const h = (hours: number, minutes = 0) => hours * 60 + minutes;
const officeDay = [{ start: h(9), end: h(18) }];
const office: WorkingCalendar = { timeZone: KYIV, week: [officeDay, officeDay, officeDay, officeDay, officeDay, [], []], daysOff: new Set() };
/** A Kyiv wall time as an instant, for readable cases (offset given: +2 winter, +3 summer). */
const kyiv = (iso: string, offsetHours: number) => new Date(Date.parse(`${iso}Z`) - offsetHours * 3_600_000);

const localFormat = new Intl.DateTimeFormat('en-US', { timeZone: KYIV, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: 'numeric', weekday: 'short' });
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The reference: is the minute starting at `instant` a working one? Read straight off the wall clock, minute by minute. */
function naiveWorking(instant: number, calendar: WorkingCalendar): boolean {
  const parts = Object.fromEntries(localFormat.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (calendar.daysOff.has(date)) return false;
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  return calendar.week[WEEKDAYS.indexOf(parts.weekday)].some((interval) => interval.start <= minute && minute < interval.end);
}

function naiveCount(from: number, to: number, calendar: WorkingCalendar, pauses: Span[] = []): number {
  let count = 0;
  for (let t = from; t < to; t += MINUTE) if (naiveWorking(t, calendar) && !pauses.some((pause) => pause.start <= t && t < pause.end)) count++;
  return count;
}

describe('working time (issue 19)', () => {
  it('finds Kyiv offsets on both sides of the changes (last Sundays of March and October)', () => {
    expect(zoneOffset(Date.parse('2026-03-29T00:59:00Z'), KYIV)).toBe(2 * 3_600_000);
    expect(zoneOffset(Date.parse('2026-03-29T01:00:00Z'), KYIV)).toBe(3 * 3_600_000);
    expect(zoneOffset(Date.parse('2026-10-25T00:59:00Z'), KYIV)).toBe(3 * 3_600_000);
    expect(zoneOffset(Date.parse('2026-10-25T01:00:00Z'), KYIV)).toBe(2 * 3_600_000);
  });

  it('adds across the night and the weekend', () => {
    // Friday 17:00 + 2 h → Monday 10:00.
    expect(addWorkingMinutes(kyiv('2026-01-16T17:00', 2), 120, office)).toEqual(kyiv('2026-01-19T10:00', 2));
    // Saturday, outside hours: the clock starts on Monday at nine.
    expect(addWorkingMinutes(kyiv('2026-01-17T12:00', 2), 60, office)).toEqual(kyiv('2026-01-19T10:00', 2));
    // A whole working day ends at its end, not at the next morning.
    expect(addWorkingMinutes(kyiv('2026-01-19T09:00', 2), 540, office)).toEqual(kyiv('2026-01-19T18:00', 2));
    expect(addWorkingMinutes(kyiv('2026-01-19T09:00', 2), 0, office)).toEqual(kyiv('2026-01-19T09:00', 2));
  });

  it('skips days off, and the week of the spring change keeps nine-hour days', () => {
    const withHoliday: WorkingCalendar = { ...office, daysOff: new Set(['2026-03-30']) };
    // The same dates through the office calendar first: a day's spans are kept per calendar, never shared with another.
    expect(addWorkingMinutes(kyiv('2026-03-27T17:00', 2), 120, office)).toEqual(kyiv('2026-03-30T10:00', 3));
    // Friday 27 March 17:00 (+2) + 2 h: Monday 30th is off, so Tuesday 31st 10:00 (+3).
    expect(addWorkingMinutes(kyiv('2026-03-27T17:00', 2), 120, withHoliday)).toEqual(kyiv('2026-03-31T10:00', 3));
    expect(workingMinutesBetween(kyiv('2026-03-27T09:00', 2), kyiv('2026-04-01T09:00', 3), withHoliday)).toBe(2 * 540);
  });

  it('counts the repeated autumn hour twice and the skipped spring hour not at all, as the wall clock does', () => {
    const night = [{ start: h(2), end: h(5) }];
    const allWeek: WorkingCalendar = { timeZone: KYIV, week: Array.from({ length: 7 }, () => night), daysOff: new Set() };
    expect(workingMinutesBetween(kyiv('2026-03-29T00:00', 2), kyiv('2026-03-29T12:00', 3), allWeek)).toBe(120);
    expect(workingMinutesBetween(kyiv('2026-10-25T00:00', 3), kyiv('2026-10-25T12:00', 2), allWeek)).toBe(240);
  });

  it('leaves out pauses, overlapping or not', () => {
    const pauses = [
      { start: kyiv('2026-01-19T10:00', 2).getTime(), end: kyiv('2026-01-19T11:00', 2).getTime() },
      { start: kyiv('2026-01-19T10:30', 2).getTime(), end: kyiv('2026-01-19T12:00', 2).getTime() },
    ];
    expect(workingMinutesBetween(kyiv('2026-01-19T09:00', 2), kyiv('2026-01-19T18:00', 2), office, pauses)).toBe(540 - 120);
  });

  it('handles a calendar open round the clock (each day\'s span meets the next one\'s at midnight)', () => {
    const always: WorkingCalendar = { timeZone: KYIV, week: Array.from({ length: 7 }, () => [{ start: 0, end: 1440 }]), daysOff: new Set() };
    const start = new Date('2026-03-27T10:00:00Z');
    expect(addWorkingMinutes(start, 3 * 1440, always)).toEqual(new Date('2026-03-30T10:00:00Z'));
    expect(workingMinutesBetween(start, new Date('2026-03-30T10:00:00Z'), always)).toBe(3 * 1440);
  });

  it('refuses a calendar with no working time rather than searching forever', () => {
    const never: WorkingCalendar = { ...office, week: [[], [], [], [], [], [], []] };
    expect(() => addWorkingMinutes(new Date('2026-01-01T00:00:00Z'), 1, never)).toThrow(NoWorkingTime);
    expect(weekProblem(never.week)).toBe('empty');
    expect(weekProblem(office.week)).toBeNull();
    expect(weekProblem([[{ start: h(9), end: h(13) }, { start: h(12), end: h(18) }], [], [], [], [], [], []])).toBe('order');
    expect(parseTimeOfDay('24:00')).toBe(1440);
    expect(parseTimeOfDay('24:01')).toBeNull();
    expect(parseTimeOfDay('9:00')).toBeNull();
  });

  describe('against a minute-by-minute count of the wall clock', () => {
    // Quarter hours, so that intervals often meet the changes at 03:00 and 04:00.
    const quarter = fc.integer({ min: 0, max: 96 });
    const interval = fc.tuple(quarter, quarter).filter(([a, b]) => a !== b).map(([a, b]): WorkingInterval => ({ start: Math.min(a, b) * 15, end: Math.max(a, b) * 15 }));
    const day = fc.array(interval, { maxLength: 3 }).map((intervals) => {
      const sorted = intervals.sort((a, b) => a.start - b.start);
      return sorted.filter((current, i) => sorted.slice(0, i).every((before) => before.end < current.start));
    });
    const week = fc.array(day, { minLength: 7, maxLength: 7 }).filter((days) => weekProblem(days) === null);
    // Around both changes of 2026 and an ordinary week; spans of up to four days.
    const base = fc.constantFrom(Date.parse('2026-03-26T00:00:00Z'), Date.parse('2026-10-22T00:00:00Z'), Date.parse('2026-06-10T00:00:00Z'));
    const calendar = fc.tuple(week, fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 3 }), base).map(([days, offDays, from]): WorkingCalendar => ({
      timeZone: KYIV,
      week: days,
      daysOff: new Set(offDays.map((n) => new Date(from + n * 86_400_000).toISOString().slice(0, 10))),
    }));
    const scenario = fc.record({ calendar, base, startMinute: fc.integer({ min: 0, max: 3 * 1440 }), length: fc.integer({ min: 0, max: 4 * 1440 }) });
    const runs = { numRuns: 60, seed: Number(process.env.WORKING_TIME_SEED ?? 19) };

    it('counts the same working minutes between two instants', () => {
      fc.assert(
        fc.property(scenario, ({ calendar, base, startMinute, length }) => {
          const from = base + startMinute * MINUTE;
          expect(workingMinutesBetween(new Date(from), new Date(from + length * MINUTE), calendar)).toBe(naiveCount(from, from + length * MINUTE, calendar));
        }),
        runs,
      );
    });

    it('counts the same with pauses', () => {
      const pause = fc.tuple(fc.integer({ min: 0, max: 7 * 1440 }), fc.integer({ min: 1, max: 2 * 1440 }));
      fc.assert(
        fc.property(scenario, fc.array(pause, { maxLength: 3 }), ({ calendar, base, startMinute, length }, raw) => {
          const from = base + startMinute * MINUTE;
          const pauses = raw.map(([start, minutes]) => ({ start: base + start * MINUTE, end: base + (start + minutes) * MINUTE }));
          expect(workingMinutesBetween(new Date(from), new Date(from + length * MINUTE), calendar, pauses)).toBe(naiveCount(from, from + length * MINUTE, calendar, pauses));
        }),
        runs,
      );
    });

    it('adds to the first instant that many working minutes later', () => {
      fc.assert(
        fc.property(scenario, fc.integer({ min: 1, max: 1500 }), ({ calendar, base, startMinute }, minutes) => {
          const from = base + startMinute * MINUTE;
          const due = addWorkingMinutes(new Date(from), minutes, calendar).getTime();
          expect(naiveCount(from, due, calendar)).toBe(minutes);
          // The earliest: the minute before it is a working one, so any earlier instant has fewer.
          expect(naiveWorking(due - MINUTE, calendar)).toBe(true);
        }),
        { ...runs, numRuns: 30 },
      );
    });
  });
});
