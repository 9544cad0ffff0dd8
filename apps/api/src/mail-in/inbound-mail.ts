import { createHash } from 'node:crypto';
import type { InboundReasonCode, InboundReasonParams } from '@pidtrymka/contracts';
import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { misread, redecodeHeader } from './raw-header-charset';
import { htmlToText, stripQuotedText } from './reply-text';
import { extractUuencoded } from './uuencode';

const HEADER_SCAN_BYTES = 64 * 1024;

/** Why a message was kept without effect, as stored (issue 17: a code and its parameters, put into words when shown). */
export interface InboundReason {
  code: InboundReasonCode;
  params?: InboundReasonParams;
}

/** What the decision needs of a parsed e-mail. */
export interface InboundMail {
  from: { name: string; address: string } | null;
  subject: string;
  /** The sender's own words: the text part (or the HTML made text) without what it quotes. */
  body: string;
  /** The whole text as it came, quotes included, when quote removal took something out of `body`; else null (issue 15). */
  fullBody: string | null;
  /** Message-IDs this one answers: In-Reply-To, then References. */
  answers: string[];
  attachments: { filename: string; content: Buffer; inline: boolean }[];
  /** Set when it is an auto-reply or a bounce (R-MAIL-8). */
  automatic: InboundReason | null;
  /** True when the text was longer than `maxTextBytes` and only its start was processed. */
  textTruncated: boolean;
}

export interface ParseOptions {
  /** Only this many UTF-8 bytes of the text (or HTML) are processed (issue 12.1): work stays bounded whatever is sent. */
  maxTextBytes?: number;
}

/**
 * The Message-ID under which a raw message is recorded, read from its header
 * block without a full parse, so even a message that cannot be parsed is
 * recorded (and deduplicated) once. No usable Message-ID (none, too long,
 * or with control characters): a hash of the bytes.
 */
export function recordedMessageId(raw: Buffer): string {
  const head = raw.subarray(0, HEADER_SCAN_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  // Blanks only: `\s*` ran past the end of an empty Message-ID line and took the next header as the id.
  const match = /^message-id:[ \t]*(.+)$/im.exec(unfolded);
  const id = match?.[1].trim().replace(/^<|>$/g, '').trim();
  // PostgreSQL text cannot hold NUL: such an id could never be recorded, and the message would be offered again forever.
  return id && id.length <= 900 && !/[\u0000-\u001f\u007f]/.test(id) ? id : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * The sender's address from the header block, to keep one sender's messages
 * in order: the first word (between blanks, `<`, `>` and `"`) with an `@`
 * inside it. Split, not searched: `/[^\s<>"]+@[^\s<>"]+/` rescanned a long
 * word from each of its letters, 4 s for a 60,000-letter From.
 */
export function senderKey(raw: Buffer): string {
  const head = raw.subarray(0, HEADER_SCAN_BYTES).toString('latin1');
  const from = /^from:(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1] ?? '';
  for (const word of from.split(/[\s<>"]+/)) {
    const at = word.indexOf('@', 1);
    if (at > 0 && at < word.length - 1) return word.toLowerCase();
  }
  return '';
}

/**
 * A pure function of the bytes (no I/O, no state): the mail-in service runs
 * it in a worker thread with a time budget (inbound-parser.ts).
 */
export async function parseInbound(raw: Buffer, { maxTextBytes = Infinity }: ParseOptions = {}): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const sender = firstAddress(parsed.from);
  // Raw 8-bit (or JIS) headers that mailparser read as UTF-8: read again in the message's charset.
  let subject = parsed.subject ?? '';
  if (misread(subject)) subject = redecodeHeader(raw, 'subject') ?? subject;
  if (sender && misread(sender.name)) {
    const from = redecodeHeader(raw, 'from');
    const name = from?.replace(/<[^<>]*>\s*$/, '').trim().replace(/^"(.*)"$/, '$1').trim();
    if (name) sender.name = name;
  }
  // A file uuencoded inside the text part is a file (issue 15), not text; taken out before the text is cut, so it stays whole.
  const uu = parsed.text ? extractUuencoded(parsed.text) : { text: parsed.text, files: [] };
  // Issue 12.1: only the first maxTextBytes of the text (or HTML) are processed; the original keeps the rest.
  const plain = uu.text?.trim() ? cutToBytes(uu.text, maxTextBytes) : null;
  const html = !plain && typeof parsed.html === 'string' ? cutToBytes(parsed.html, maxTextBytes) : null;
  const text = plain ? plain.text : html ? htmlToText(html.text, { withoutQuotes: false }) : '';
  const own = plain ? stripQuotedText(plain.text) : html ? htmlToText(html.text, { withoutQuotes: true }) : '';
  // A message that is all quote (or all signature) keeps its text rather than becoming empty.
  const body = withoutControls(own || text.trim());
  const whole = withoutControls(text.replace(/\r\n?/g, '\n').trim());
  return {
    from: sender && { name: oneLine(sender.name), address: oneLine(sender.address) },
    subject: oneLine(subject),
    body,
    fullBody: whole && whole !== body ? whole : null,
    answers: [...new Set([...asList(parsed.inReplyTo), ...asList(parsed.references)].flatMap(splitIds))],
    attachments: [
      ...parsed.attachments.map((a) => ({
        filename: a.filename ?? '',
        content: a.content,
        inline: a.related === true || (a.contentDisposition === 'inline' && !!a.contentId && !a.filename),
      })),
      ...uu.files.map((file) => ({ ...file, inline: false })),
    ],
    automatic: automaticKind(parsed, sender),
    textTruncated: (plain ?? html)?.truncated ?? false,
  };
}

/** The start of `text` that fits `maxBytes` of UTF-8, never half a character. */
export function cutToBytes(text: string, maxBytes: number): { text: string; truncated: boolean } {
  // Each UTF-16 unit is at most 3 bytes of UTF-8: short texts need no encoding.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  // Back to the first byte of the character that was cut (continuation bytes are 10xxxxxx).
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}

const AUTO_REPLY_SUBJECT = /^(auto(matic)?[ -]?(reply|response)|out of (the )?office|автоматична відповідь|автовідповідь|автоответ|відсутн|не на роботі|нет на месте)/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/** R-MAIL-8: auto-replies and bounces, by the headers RFC 3834 and RFC 3464 define and the ones common servers add. */
export function automaticKind(parsed: ParsedMail, sender: { address: string } | null): InboundReason | null {
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : typeof value === 'object' && 'value' in value ? String((value as { value: unknown }).value) : String(value);
  };
  const contentType = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value?.toLowerCase() === 'multipart/report' && /delivery-status/i.test(contentType.params?.['report-type'] ?? '')) return { code: 'bounce', params: { kind: 'dsn' } };
  if (sender && BOUNCE_SENDER.test(sender.address)) return { code: 'bounce', params: { kind: 'sender', sender: sender.address } };
  if (hasNullReturnPath(parsed) && /undeliver|delivery|failure|returned/i.test(parsed.subject ?? '')) return { code: 'bounce', params: { kind: 'null-return-path' } };
  const autoSubmitted = header('auto-submitted').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return { code: 'auto-reply', params: { header: 'Auto-Submitted', value: autoSubmitted } };
  const precedence = header('precedence').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return { code: 'auto-reply', params: { header: 'Precedence', value: precedence } };
  if (header('x-autoreply') || header('x-autorespond') || header('x-auto-reply')) return { code: 'auto-reply', params: { header: 'X-Autoreply' } };
  if (AUTO_REPLY_SUBJECT.test((parsed.subject ?? '').trim())) return { code: 'auto-reply', params: { header: 'Subject' } };
  return null;
}

/**
 * `Return-Path: <>` (RFC 5321's null reverse path, which bounces carry).
 * mailparser gives the header as an address list, so comparing its text
 * with `<>` never matched: such bounces opened requests.
 */
function hasNullReturnPath(parsed: ParsedMail): boolean {
  const value = parsed.headers.get('return-path') as string | AddressObject | undefined;
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() === '<>';
  return Array.isArray(value.value) && value.value.every((entry) => !entry.address && !entry.group?.length);
}

/**
 * Control characters carry no meaning in a subject, a name or a body, and
 * PostgreSQL refuses NUL outright: a NUL from a mislabelled charset or an
 * `=00` encoded word used to quarantine the whole message.
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function withoutControls(text: string): string {
  return text.replace(CONTROLS, '');
}

export function oneLine(text: string): string {
  return withoutControls(text).replace(/\s+/g, ' ').trim();
}

function firstAddress(from: AddressObject | undefined): { name: string; address: string } | null {
  const first = from?.value.find((entry) => entry.address);
  return first?.address ? { name: (first.name ?? '').trim(), address: first.address.trim() } : null;
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function splitIds(value: string): string[] {
  return (value.match(/<[^<>\s]+>/g) ?? [value]).map((id) => id.trim().replace(/^<|>$/g, '')).filter(Boolean);
}
