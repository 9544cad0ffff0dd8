import { kyivMidnight, periods } from './reports.service';

describe('report buckets in Kyiv (issue 19)', () => {
  it('starts a day at local midnight, on either side of a change of offset', () => {
    expect(new Date(kyivMidnight('2026-11-02')).toISOString()).toBe('2026-11-01T22:00:00.000Z');
    expect(new Date(kyivMidnight('2026-07-01')).toISOString()).toBe('2026-06-30T21:00:00.000Z');
    // The last Sunday of March (clocks go forward at 03:00) and of October (back at 04:00): midnight is before either.
    expect(new Date(kyivMidnight('2026-03-29')).toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(new Date(kyivMidnight('2026-10-26')).toISOString()).toBe('2026-10-25T22:00:00.000Z');
  });

  it('names buckets by their first day, as date_trunc does: ISO weeks from Monday, months from the 1st', () => {
    expect(periods('2026-11-28', '2026-12-01', 'day')).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
    expect(periods('2026-11-01', '2026-11-17', 'week')).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    expect(periods('2026-01-31', '2026-03-01', 'month')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
  });
});
