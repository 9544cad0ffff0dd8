import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, computed, effect, inject, signal } from '@angular/core';
import { DEFAULT_LOCALE, Locale, SUPPORTED_LOCALES } from '@pidtrymka/contracts';
import { appMessages } from './app.messages';
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

  private readonly pluralRules = computed(() => new Intl.PluralRules(this.locale()));
  private readonly relativeFormat = computed(() => new Intl.RelativeTimeFormat(this.locale(), { numeric: 'always' }));

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

  /** Adds a lazily loaded feature's texts (e.g. the staff workspace's). */
  register(dictionary: Dictionary): void {
    this.catalogue.update((current) => ({
      uk: { ...current.uk, ...dictionary.uk },
      en: { ...current.en, ...dictionary.en },
    }));
  }

  /** The text of `key` in the chosen language; `{name}` placeholders are filled from `params`. */
  t(key: string, params?: Params): string {
    const locale = this.locale();
    const message = this.catalogue()[locale][key] ?? this.catalogue()[DEFAULT_LOCALE][key];
    if (message === undefined) return key;
    const text = typeof message === 'string' ? message : this.pluralForm(message, Number(params?.['count'] ?? 0));
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  }

  /** `29/04/2021 10:45:56`, as the manual prints dates (R-VIEW-2), in the browser's time zone. */
  formatDateTime(iso: string | Date): string {
    const date = new Date(iso);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  }

  /** "менше хвилини тому", "хвилину тому", "11 хвилин тому" (R-VIEW-1); past times only. */
  relativeTime(iso: string | Date): string {
    const seconds = Math.max(0, Math.round((this.now() - new Date(iso).getTime()) / 1000));
    if (seconds < 60) return this.t('time.lessThanMinute');
    const minutes = Math.floor(seconds / 60);
    if (minutes === 1) return this.t('time.oneMinute');
    if (minutes < 60) return this.relativeFormat().format(-minutes, 'minute');
    const hours = Math.floor(minutes / 60);
    if (hours === 1) return this.t('time.oneHour');
    if (hours < 24) return this.relativeFormat().format(-hours, 'hour');
    const days = Math.floor(hours / 24);
    if (days < 30) return this.relativeFormat().format(-days, 'day');
    return this.formatDateTime(iso);
  }

  /** `2 МБ` / `2 MB`. */
  formatBytes(bytes: number): string {
    const units = this.locale() === 'uk' ? ['Б', 'КБ', 'МБ'] : ['B', 'kB', 'MB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    const number = new Intl.NumberFormat(this.locale(), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
    return `${number} ${units[unit]}`;
  }

  private pluralForm(message: Exclude<Message, string>, count: number): string {
    const form = this.pluralRules().select(count) as keyof typeof message;
    return message[form] ?? message.other;
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
