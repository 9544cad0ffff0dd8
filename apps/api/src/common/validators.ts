import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';

/** The largest value of PostgreSQL's `integer`, the type of every serial id and number we take from a client. */
export const INT4_MAX = 2_147_483_647;

/**
 * A whole number from 1 up to what an `integer` column holds. IsInt alone lets
 * 1e12 through to PostgreSQL, which then fails the query (a 500 instead of a 400).
 */
export function IsIntegerId(options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator {
  return applyDecorators(IsInt(options), Min(1, { ...options, context: { min: 1 } }), Max(INT4_MAX, { ...options, context: { max: INT4_MAX } }));
}

// 2020-02-29, 2020-02-29T10:00, 2020-02-29 10:00:05.123456+02, …Z, …+05:30; the shapes PostgreSQL reads and writes.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/i;

/**
 * A date (and time) that exists: a real day of a real month, hours, minutes and
 * seconds in range. A format check (IsISO8601) lets 2020-02-30 and 2020-W01
 * through, which PostgreSQL then refuses mid-query.
 */
export function isCalendarDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour = '0', minute = '0', second = '0', offsetHours = '0', offsetMinutes = '0'] = match;
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !isLeapYear(y) ? 1 : 0);
  if (d > daysInMonth) return false;
  return Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 59 && Number(offsetHours) <= 15 && Number(offsetMinutes) <= 59;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The class-validator form of isCalendarDateTime. */
export function IsCalendarDateTime(): PropertyDecorator {
  return ValidateBy({ name: 'isCalendarDateTime', validator: { validate: isCalendarDateTime } });
}

/** A whole number written as text (a sort key, a cursor) that an `integer` column holds. */
export function isInt4Text(value: unknown): boolean {
  return typeof value === 'string' && /^-?\d{1,10}$/.test(value) && Math.abs(Number(value)) <= INT4_MAX;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id PostgreSQL's uuid type reads: `[0-9a-f-]{36}` would let 36 dashes through to a failing cast. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
