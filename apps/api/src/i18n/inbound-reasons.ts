import type { InboundReasonCode, InboundReasonParams, Locale } from '@pidtrymka/contracts';
import { senderFindingText } from './sender-findings';

type Words = (p: InboundReasonParams) => string;

const BOUNCE_KINDS: Record<Locale, Record<string, string>> = {
  uk: { dsn: 'звіт про доставку', 'null-return-path': 'порожня зворотна адреса (Return-Path: <>)' },
  en: { dsn: 'a delivery status notification', 'null-return-path': 'a null return path (Return-Path: <>)' },
};

/**
 * Issue 17: why an inbound e-mail was kept, in words for staff, by the code stored with it
 * (INBOUND_REASON_CODES) and its parameters. Technical findings (an error, a DMARC result) are
 * parameters, shown as the software gave them, inside the reader's sentence.
 */
const REASONS: Record<Locale, Record<InboundReasonCode, Words>> = {
  uk: {
    'no-sender': () => 'У листі немає адреси відправника.',
    'sender-too-long': (p) => `Адреса відправника довша за ${p.max} символів.`,
    'max-attempts': (p) => `Обробку не завершено за ${p.max} спроб (MAIL_IN_MAX_ATTEMPTS): процес зупинився або зазнав збою на цьому листі.`,
    'processing-failed': (p) => `Лист не вдалося обробити: ${p.error}`,
    'sender-unverified': (p) => `Відправника не підтверджено (перевірка DMARC): ${finding('uk', p)}`,
    loop: () => 'Лист надіслано з нашої власної адреси (захист від зациклення).',
    'auto-reply': (p) => (p.header === 'Subject' ? 'Автовідповідь (за темою листа).' : `Автовідповідь або розсилка (заголовок ${p.header}${p.value ? `: ${p.value}` : ''}).`),
    bounce: (p) => `Повідомлення про недоставку: ${p.kind === 'sender' ? `від ${p.sender}` : (BOUNCE_KINDS.uk[p.kind] ?? p.kind)}.`,
    duplicate: (p) => `Повтор: той самий текст, що й у вхідному листі № ${p.of}, протягом ${p.seconds} с.`,
    burst: (p) => `Серія: понад ${p.limit} нових запитів за ${p.seconds} с від ${p.sender}.`,
    dismissed: (p) => `Прибрано з карантину: ${p.name} <${p.email}>.`,
  },
  en: {
    'no-sender': () => 'The message has no sender address.',
    'sender-too-long': (p) => `The sender address is longer than ${p.max} characters.`,
    'max-attempts': (p) => `Processing did not finish in ${p.max} attempts (MAIL_IN_MAX_ATTEMPTS): the process stopped or failed while it handled this message.`,
    'processing-failed': (p) => `The message could not be processed: ${p.error}`,
    'sender-unverified': (p) => `Sender not verified (DMARC check): ${finding('en', p)}`,
    loop: () => 'Sent from our own address (loop protection).',
    'auto-reply': (p) => (p.header === 'Subject' ? 'An auto-reply (by its subject).' : `An auto-reply or bulk mail (header ${p.header}${p.value ? `: ${p.value}` : ''}).`),
    bounce: (p) => `A bounce: ${p.kind === 'sender' ? `from ${p.sender}` : (BOUNCE_KINDS.en[p.kind] ?? p.kind)}.`,
    duplicate: (p) => `A duplicate: the same text as inbound message ${p.of} within ${p.seconds} s.`,
    burst: (p) => `A burst: more than ${p.limit} new requests in ${p.seconds} s from ${p.sender}.`,
    dismissed: (p) => `Taken out of quarantine by ${p.name} <${p.email}>.`,
  },
};

/** The check's finding (its code with its parameters); a row the migration could not read back keeps its English words. */
function finding(locale: Locale, params: InboundReasonParams): string {
  const { finding: code, ...rest } = params;
  return typeof code === 'string' ? senderFindingText(locale, code, rest) : String(params.detail ?? '');
}

/** The reason in `locale`; a code this version does not know is shown as it is, never dropped. */
export function inboundReasonText(locale: Locale, code: string | null, params: InboundReasonParams = {}): string {
  if (!code) return '';
  const words = (REASONS[locale] as Record<string, Words | undefined>)[code];
  return words ? words(params) : code;
}
