import { changedDays } from './sla-admin.service';

const officeDay = [{ start: 9 * 60, end: 18 * 60 }];
const office = { week: [officeDay, officeDay, officeDay, officeDay, officeDay, [], []], observePublicHolidays: false, workedHolidays: [] as string[], extraDaysOff: ['2026-01-02'] };

/** Issue 19: which stored report figures a calendar change marks for the refresh job. */
describe('the days a calendar change moves (issue 19)', () => {
  it('is the days off added or taken back, oldest first', () => {
    expect(changedDays(office, { ...office, extraDaysOff: ['2026-03-09', '2026-01-02', '2025-12-31'] })).toEqual(['2025-12-31', '2026-03-09']);
    expect(changedDays(office, { ...office, extraDaysOff: [] })).toEqual(['2026-01-02']);
  });

  it('is none for the same hours read back from jsonb, or a worked holiday while holidays are not observed', () => {
    // jsonb gives an interval's keys back in its own order.
    const stored = { ...office, week: office.week.map((day) => day.map(({ start, end }) => ({ end, start }))) };
    expect(changedDays(stored, { ...office, workedHolidays: ['2026-01-07'] })).toEqual([]);
  });

  it('is a worked holiday added or taken back while holidays are observed', () => {
    const observing = { ...office, observePublicHolidays: true };
    expect(changedDays(observing, { ...observing, workedHolidays: ['2026-01-07'] })).toEqual(['2026-01-07']);
  });

  it('is every day when the hours change or public holidays are turned on or off', () => {
    expect(changedDays(office, { ...office, week: [...office.week.slice(0, 6), officeDay] })).toBe('all');
    expect(changedDays(office, { ...office, observePublicHolidays: true })).toBe('all');
  });
});
