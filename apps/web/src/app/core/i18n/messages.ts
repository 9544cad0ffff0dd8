import type { Locale } from '@pidtrymka/contracts';

/** A text, or its plural forms chosen by the `count` parameter (Intl.PluralRules). */
export type Message = string | { one?: string; few?: string; many?: string; other: string };

/** A feature's texts in both languages. */
export type Dictionary<K extends string = string> = Record<Locale, Record<K, Message>>;

/** The keys of a dictionary made by `defineMessages`. */
export type KeyOf<D> = D extends Dictionary<infer K> ? K : never;

/**
 * The Ukrainian texts are the source of the keys; `en` must have exactly the same ones (a key
 * missing is a missing property, one too many an excess property), so no text is left untranslated.
 */
export function defineMessages<const K extends string>(messages: { uk: Record<K, Message>; en: NoInfer<Record<K, Message>> }): Dictionary<K> {
  return messages;
}
