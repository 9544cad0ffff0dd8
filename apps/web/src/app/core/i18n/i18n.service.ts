import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { DEFAULT_LOCALE, formatBytes, Locale, SUPPORTED_LOCALES } from '@pidtrymka/contracts';
import { appMessages } from './app.messages';
import { manualDateTime, relativeTime, renderMessage } from './formatting';
import type { KeySuffix, MessageKey } from './message-keys';
import type { Dictionary, Message } from './messages';

const STORAGE_KEY = 'pidtrymka.locale';
/** How often relative times ("11 хвилин тому") are recomputed. */
const CLOCK_TICK_MS = 30_000;

type Params = Record<string, string | number>;

/**
 * The chosen language (Ukrainian unless the participant picked English, remembered in
 * localStorage), the texts of every feature in it, and dates in the manual's formats.
 * Everything reads the `locale` signal, so a switch re-renders without a reload.
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly document = inject(DOCUMENT);
  private readonly storage = safeStorage(this.document);
  private readonly catalogue = signal<Record<Locale, Record<string, Message>>>({ uk: { ...appMessages.uk }, en: { ...appMessages.en } });

  readonly locale = signal<Locale>(this.initialLocale());
  /** The current time, ticking, so relative times age on screen. */
  readonly now = signal(Date.now());

  constructor() {
    effect(() => {
      const locale = this.locale();
      this.document.documentElement.lang = locale;
      this.storage?.setItem(STORAGE_KEY, locale);
    });
    const view = this.document.defaultView;
    if (view) {
      const timer = view.setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
      inject(DestroyRef).onDestroy(() => view.clearInterval(timer));
    }
  }

  setLocale(locale: Locale): void {
    this.locale.set(locale);
  }

  /**
   * Adds a lazily loaded feature's texts (e.g. the staff workspace's). A key already known keeps
   * its text: a feature can never change another's words; a clash with a different text is reported.
   */
  register(dictionary: Dictionary): void {
    this.catalogue.update((current) => {
      const clashes = Object.keys(dictionary.uk).filter((key) => key in current.uk && current.uk[key] !== dictionary.uk[key]);
      if (clashes.length) console.error(`I18n.register: keys already used by another feature, kept as they were: ${clashes.join(', ')}`);
      return { uk: { ...dictionary.uk, ...current.uk }, en: { ...dictionary.en, ...current.en } };
    });
  }

  /** The text of `key` in the chosen language; `{name}` placeholders are filled from `params`, plural forms chosen by `count`. */
  t(key: MessageKey, params?: Params): string {
    return this.known(key, params) ?? key;
  }

  /**
   * The text of the key built from a prefix and a value: `tFor('status', ticket.status)`. The value's
   * type must complete the prefix to a key for every value it can take, so a status or a role
   * without its text fails the build like a misspelt key.
   */
  tFor<P extends string>(prefix: P, value: KeySuffix<P>, params?: Params): string {
    return this.t(`${prefix}.${value}` as MessageKey, params);
  }

  /**
   * For names only the API knows (audit actions, e-mail templates): their text when a dictionary
   * has one, else undefined, so the caller shows the name itself.
   */
  known(key: string, params?: Params): string | undefined {
    const locale = this.locale();
    const message = this.catalogue()[locale][key] ?? this.catalogue()[DEFAULT_LOCALE][key];
    return message === undefined ? undefined : renderMessage(message, locale, params);
  }

  /** `29/04/2021 10:45:56` (R-VIEW-2). */
  formatDateTime(value: string | Date): string {
    return manualDateTime(value);
  }

  /** "менше хвилини тому", "11 хвилин тому" (R-VIEW-1), ageing with the `now` signal. */
  relativeTime(value: string | Date): string {
    return relativeTime(value, this.now(), this.locale(), {
      lessThanMinute: this.t('time.lessThanMinute'),
      oneMinute: this.t('time.oneMinute'),
      oneHour: this.t('time.oneHour'),
    });
  }

  formatBytes(bytes: number): string {
    return formatBytes(bytes, this.locale());
  }

  private initialLocale(): Locale {
    const stored = this.storage?.getItem(STORAGE_KEY);
    return (SUPPORTED_LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : DEFAULT_LOCALE;
  }
}

/** localStorage can throw (privacy modes, blocked storage); the portal then simply forgets the choice. */
function safeStorage(document: Document): Storage | null {
  try {
    return document.defaultView?.localStorage ?? null;
  } catch {
    return null;
  }
}
