import Holidays from 'date-holidays';
import type { PublicHolidayView } from '@pidtrymka/contracts';

const ukraine = new Holidays('UA');
const byYear = new Map<string, PublicHolidayView[]>();

/**
 * Ukraine's public holidays of `year` (type `public` only, the days moved off
 * a weekend included), named in `language`. The package's rules are fixed
 * per release, so a year is worked out once.
 */
export function publicHolidays(year: number, language: 'uk' | 'en' = 'uk'): PublicHolidayView[] {
  const key = `${year}:${language}`;
  let days = byYear.get(key);
  if (!days) {
    days = ukraine
      .getHolidays(year, language)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
    byYear.set(key, days);
  }
  return days;
}

/** Whether `date` (YYYY-MM-DD) is a public holiday in Ukraine. */
export function isPublicHoliday(date: string): boolean {
  return publicHolidays(Number(date.slice(0, 4))).some((holiday) => holiday.date === date);
}
