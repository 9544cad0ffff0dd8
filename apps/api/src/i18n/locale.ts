import { DEFAULT_LOCALE, Locale, SUPPORTED_LOCALES } from '@pidtrymka/contracts';

const MAX_RANGES = 50;

/**
 * Picks the first supported language of an Accept-Language header, honouring
 * q-values; Ukrainian when none matches (R: Ukrainian is the default).
 */
export function negotiateLocale(acceptLanguage: string | string[] | undefined): Locale {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    // Browsers send a handful; a header of thousands of ranges is not read (and not sorted) to its end.
    .split(',', MAX_RANGES)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: tag.trim().toLowerCase().split('-')[0], quality: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.language && Number.isFinite(entry.quality) && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const match = ranked.find((entry) => (SUPPORTED_LOCALES as readonly string[]).includes(entry.language));
  return (match?.language as Locale | undefined) ?? DEFAULT_LOCALE;
}
