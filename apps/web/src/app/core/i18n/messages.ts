import type { Locale } from '@pidtrymka/contracts';

/** A text, or its plural forms chosen by the `count` parameter (Intl.PluralRules). */
export type Message = string | { one?: string; few?: string; many?: string; other: string };

/**
 * A feature's texts in both languages. `defineMessages` makes the compiler check that `en` has
 * exactly the keys of `uk`, so no text is left untranslated.
 */
export type Dictionary<K extends string = string> = Record<Locale, Record<K, Message>>;

export function defineMessages<const K extends string>(messages: { uk: Record<K, Message>; en: Record<K, Message> }): Dictionary<K> {
  return messages;
}
