import type Holidays from 'date-holidays';
import type { PublicHolidayView } from '@pidtrymka/contracts';

let ukraine: Holidays | undefined;
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
    days = ukraineHolidays()
      .getHolidays(year, language)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
    byYear.set(key, days);
  }
  return days;
}

/**
 * Loaded with the first calendar that observes public holidays, not at start (issue 14): the package
 * holds every country's rules (~8 MB of heap), and a request is answered or created without it.
 */
function ukraineHolidays(): Holidays {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous, as the calendar asking is.
  ukraine ??= new (require('date-holidays') as typeof import('date-holidays').default)('UA');
  return ukraine;
}

/** Whether `date` (YYYY-MM-DD) is a public holiday in Ukraine. */
export function isPublicHoliday(date: string): boolean {
  return publicHolidays(Number(date.slice(0, 4))).some((holiday) => holiday.date === date);
}
