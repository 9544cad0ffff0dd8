import { isCalendarDateTime, isInt4Text } from './validators';

describe('12.5 staff inputs that pass a format check but are not real', () => {
  it.each(['2020-02-29', '2024-12-31T23:59:59Z', '2020-02-29T10:00', '2026-12-05 05:14:31.123456+00', '2026-01-01T00:00:00+05:30', '2026-01-01T00:00:00-0800'])(
    'accepts the real date %s',
    (value) => expect(isCalendarDateTime(value)).toBe(true),
  );

  it.each(['2020-02-30', '2021-02-29', '1900-02-29', '2020-04-31', '2020-13-01', '2020-00-10', '0000-01-01', '2020-01-01T24:00', '2020-01-01T10:60', '2020-01-01T10:00:61', '2020-W01', '2020-366', '+002020-01-01', '2020-01-01T10:00+16:00', '2020-1-1', ''])(
    'refuses %s',
    (value) => expect(isCalendarDateTime(value)).toBe(false),
  );

  it('refuses integers PostgreSQL\'s integer cannot hold', () => {
    expect(isInt4Text('2147483647')).toBe(true);
    expect(isInt4Text('-12')).toBe(true);
    expect(isInt4Text('2147483648')).toBe(false);
    expect(isInt4Text('99999999999')).toBe(false);
    expect(isInt4Text('1.5')).toBe(false);
    expect(isInt4Text('abc')).toBe(false);
  });
});
