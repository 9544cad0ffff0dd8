import type { Locale } from './locale';

const BYTE_UNITS: Record<Locale, readonly string[]> = {
  uk: ['Б', 'КБ', 'МБ', 'ГБ'],
  en: ['B', 'KB', 'MB', 'GB'],
};

/**
 * A size as people read it: `2 МБ` / `2 MB` (R-SUB-6 names the limit "2 MB"), `1,5 КБ` / `1.5 KB`,
 * in powers of 1024. One function for the API's messages and the web app's pages (issue 13), so a
 * limit reads the same in a refusal from the server and in the form's hint.
 */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = BYTE_UNITS[locale];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // No digit grouping: "1000 B", as the API always wrote it; at most one decimal, none for bytes.
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1, useGrouping: false }).format(value);
  return `${number} ${units[unit]}`;
}
