import { QUARANTINE_TEXT_PREVIEW_MAX_CHARS, type EmailHeaderView } from '@pidtrymka/contracts';
import { simpleParser } from 'mailparser';
import { cutToBytes } from './inbound-mail';
import { htmlToText } from './reply-text';

const MAX_HEADERS = 200;
const MAX_HEADER_CHARS = 2_000;
const HEADER_SCAN_BYTES = 64 * 1024;
/** The preview shows 100,000 characters of text: more HTML than this is not made text, on the API's own thread. */
const PREVIEW_HTML_MAX_BYTES = 256 * 1024;

export interface InboundPreview {
  headers: EmailHeaderView[];
  text: string;
  textTruncated: boolean;
  attachments: { filename: string; contentType: string; size: number }[];
  parseError: string | null;
}

/**
 * What an admin may read of a message that could not be processed: decoded
 * headers, the text (HTML only ever as text, so nothing in it runs or loads),
 * and the list of attachments. A message that cannot even be parsed is still
 * shown: its header block and body as raw text.
 */
export async function previewInbound(raw: Buffer): Promise<InboundPreview> {
  try {
    const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    const occurrences = new Map<string, number>();
    for (const line of parsed.headerLines) occurrences.set(line.key, (occurrences.get(line.key) ?? 0) + 1);
    // A header given once is shown decoded; repeated ones (Received…) line by line as they came.
    const headers = parsed.headerLines.slice(0, MAX_HEADERS).map((line) => ({
      name: line.key,
      value: clip(
        (occurrences.get(line.key) === 1 ? decodedValue(parsed.headers.get(line.key)) : null) ??
          line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim(),
      ),
    }));
    const html = !parsed.text?.trim() && typeof parsed.html === 'string' ? cutToBytes(parsed.html, PREVIEW_HTML_MAX_BYTES) : null;
    const text = parsed.text?.trim() ? parsed.text : html ? htmlToText(html.text, { withoutQuotes: false }) : '';
    const shown = cut(text);
    return {
      headers,
      text: shown.text,
      textTruncated: shown.textTruncated || !!html?.truncated,
      attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, size: a.size ?? a.content.length })),
      parseError: null,
    };
  } catch (error) {
    const whole = raw.toString('utf8');
    const end = whole.search(/\r?\n\r?\n/);
    const head = end >= 0 ? whole.slice(0, Math.min(end, HEADER_SCAN_BYTES)) : whole.slice(0, HEADER_SCAN_BYTES);
    const headers = head
      .replace(/\r?\n[ \t]+/g, ' ')
      .split(/\r?\n/)
      .filter((line) => line.includes(':'))
      .slice(0, MAX_HEADERS)
      .map((line) => ({ name: line.slice(0, line.indexOf(':')).trim().toLowerCase(), value: clip(line.slice(line.indexOf(':') + 1).trim()) }));
    return { headers, ...cut(end >= 0 ? whole.slice(end).trim() : ''), attachments: [], parseError: (error as Error).message || String(error) };
  }
}

/** Mailparser's structured header values (addresses, dates, content types) as one line of text. */
function decodedValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => decodedValue(item) ?? '').join(', ');
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('value' in value && typeof value.value === 'string') {
      const params = 'params' in value && value.params && typeof value.params === 'object' ? Object.entries(value.params as Record<string, unknown>) : [];
      return [value.value, ...params.map(([k, v]) => `${k}=${String(v)}`)].join('; ');
    }
  }
  return null;
}

function clip(value: string): string {
  // Control characters other than tab would only garble the page.
  const clean = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return clean.length > MAX_HEADER_CHARS ? `${clean.slice(0, MAX_HEADER_CHARS)}…` : clean;
}

function cut(text: string): { text: string; textTruncated: boolean } {
  return text.length > QUARANTINE_TEXT_PREVIEW_MAX_CHARS
    ? { text: text.slice(0, QUARANTINE_TEXT_PREVIEW_MAX_CHARS), textTruncated: true }
    : { text, textTruncated: false };
}
