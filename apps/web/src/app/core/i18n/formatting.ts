import type { Locale } from '@pidtrymka/contracts';
import type { Message } from './messages';

/** `29/04/2021 10:45:56`, as the manual prints dates (R-VIEW-2), in the browser's time zone. */
export function manualDateTime(value: string | Date): string {
  const date = new Date(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The manual's own words where Intl's differ ("хвилину тому", not "1 хвилину тому"). */
export interface RelativeWords {
  lessThanMinute: string;
  oneMinute: string;
  oneHour: string;
}

/** "менше хвилини тому", "хвилину тому", "11 хвилин тому" (R-VIEW-1); past times only, a date after 30 days. */
export function relativeTime(value: string | Date, now: number, locale: Locale, words: RelativeWords): string {
  const seconds = Math.max(0, Math.round((now - new Date(value).getTime()) / 1000));
  if (seconds < 60) return words.lessThanMinute;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return words.oneMinute;
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours === 1) return words.oneHour;
  if (hours < 24) return format.format(-hours, 'hour');
  const days = Math.floor(hours / 24);
  if (days < 30) return format.format(-days, 'day');
  return manualDateTime(value);
}

/** The message's text for `params.count` (plural forms) with `{name}` placeholders filled. */
export function renderMessage(message: Message, locale: Locale, params?: Record<string, string | number>): string {
  const text = typeof message === 'string' ? message : (message[new Intl.PluralRules(locale).select(Number(params?.['count'] ?? 0)) as keyof typeof message] ?? message.other);
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}
