import { dayHoursText, parseDayHours, parseDays, shortDuration, slaState } from './sla-time';

describe('SLA in the queue (issue 19)', () => {
  it('reads durations in both languages, two units at most', () => {
    expect(shortDuration(45 * 60_000, 'uk')).toBe('45 хв');
    expect(shortDuration((2 * 60 + 5) * 60_000, 'uk')).toBe('2 год 5 хв');
    expect(shortDuration((26 * 60 + 30) * 60_000, 'en')).toBe('1 d 2 h');
    expect(shortDuration(10_000, 'en')).toBe('1 min');
  });

  it('tells time left, overdue, paused for the participant, or nothing', () => {
    const now = Date.parse('2026-01-19T10:00:00Z');
    expect(slaState({ slaDueAt: '2026-01-19T11:00:00Z', status: 'new' }, now)).toEqual({ kind: 'left', milliseconds: 3_600_000 });
    expect(slaState({ slaDueAt: '2026-01-19T09:30:00Z', status: 'waiting_reply' }, now)).toEqual({ kind: 'overdue', milliseconds: 1_800_000 });
    expect(slaState({ slaDueAt: null, status: 'on_hold' }, now)).toEqual({ kind: 'paused' });
    expect(slaState({ slaDueAt: null, status: 'resolved' }, now)).toEqual({ kind: 'none' });
  });

  it('reads the calendar page\'s hours and dates, refusing other shapes', () => {
    expect(parseDayHours('09:00-13:00, 14:00–18:00')).toEqual([{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }]);
    expect(parseDayHours('')).toEqual([]);
    expect(parseDayHours('9-18')).toBeNull();
    expect(dayHoursText([{ start: '09:00', end: '18:00' }])).toBe('09:00-18:00');
    expect(parseDays('2026-01-07, 2026-05-02')).toEqual(['2026-01-07', '2026-05-02']);
    expect(parseDays('7 січня')).toBeNull();
  });
});
