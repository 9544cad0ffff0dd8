import { appMessages } from './app.messages';
import { formatBytes } from '@pidtrymka/contracts';
import { manualDateTime, relativeTime, renderMessage } from './formatting';

const now = new Date(2021, 3, 29, 10, 56, 0).getTime();
const ago = (seconds: number) => new Date(now - seconds * 1000);
const words = (locale: 'uk' | 'en') => ({
  lessThanMinute: appMessages[locale]['time.lessThanMinute'] as string,
  oneMinute: appMessages[locale]['time.oneMinute'] as string,
  oneHour: appMessages[locale]['time.oneHour'] as string,
});

describe('the portal\'s dates and relative times (R-VIEW-1, R-VIEW-2)', () => {
  it('prints dates as the manual does: 29/04/2021 10:45:56', () => {
    expect(manualDateTime(new Date(2021, 3, 29, 10, 45, 56))).toBe('29/04/2021 10:45:56');
    expect(manualDateTime(new Date(2021, 0, 2, 3, 4, 5))).toBe('02/01/2021 03:04:05');
  });

  it.each([
    [0, 'менше хвилини тому', 'less than a minute ago'],
    [59, 'менше хвилини тому', 'less than a minute ago'],
    [60, 'хвилину тому', 'a minute ago'],
    [119, 'хвилину тому', 'a minute ago'],
    [2 * 60, '2 хвилини тому', '2 minutes ago'],
    [11 * 60 + 20, '11 хвилин тому', '11 minutes ago'],
    [21 * 60, '21 хвилину тому', '21 minutes ago'],
    [60 * 60, 'годину тому', 'an hour ago'],
    [3 * 3600, '3 години тому', '3 hours ago'],
    [5 * 86400, '5 днів тому', '5 days ago'],
  ])('%i s ago is "%s" and "%s"', (seconds, uk, en) => {
    expect(relativeTime(ago(seconds), now, 'uk', words('uk'))).toBe(uk);
    expect(relativeTime(ago(seconds), now, 'en', words('en'))).toBe(en);
  });

  it('gives the date itself after a month, and never a time in the future', () => {
    expect(relativeTime(ago(40 * 86400), now, 'uk', words('uk'))).toBe(manualDateTime(ago(40 * 86400)));
    expect(relativeTime(new Date(now + 5000), now, 'uk', words('uk'))).toBe('менше хвилини тому');
  });
});

describe('the portal\'s texts', () => {
  it('has every text in both languages', () => {
    expect(Object.keys(appMessages.en).sort()).toEqual(Object.keys(appMessages.uk).sort());
    for (const [key, value] of Object.entries(appMessages.en)) expect([key, value]).not.toEqual([key, '']);
  });

  it('fills placeholders and picks Ukrainian and English plural forms', () => {
    const count = appMessages.uk['kb.articleCount'];
    expect([1, 3, 5, 21].map((n) => renderMessage(count, 'uk', { count: n }))).toEqual(['1 стаття', '3 статті', '5 статей', '21 стаття']);
    expect([1, 3].map((n) => renderMessage(appMessages.en['kb.articleCount'], 'en', { count: n }))).toEqual(['1 article', '3 articles']);
    expect(renderMessage(appMessages.uk['attach.max'], 'uk', { count: 2 })).toBe('Максимум 2 вкладень');
    expect(renderMessage('{a} і {b}', 'uk', { a: 1 })).toBe('1 і {b}');
  });

  it('writes sizes in the chosen language, as the API writes them in its messages (issue 13: one formatBytes in libs/contracts)', () => {
    expect(formatBytes(2 * 1024 * 1024, 'uk')).toBe('2 МБ');
    expect(formatBytes(34_816, 'uk')).toBe('34 КБ');
    expect(formatBytes(34_816, 'en')).toBe('34 KB');
    expect(formatBytes(1000, 'uk')).toBe('1000 Б');
    expect(formatBytes(9, 'uk')).toBe('9 Б');
  });
});
