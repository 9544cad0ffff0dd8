import { analyse } from 'chardet';
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';

/**
 * Issue 15: headers as real clients send them, not as RFC 2047 wants them.
 * Older clients (and many Chinese, Japanese and Cyrillic ones) write a
 * subject or a sender's name as raw 8-bit bytes in the charset of the body,
 * without encoded words; mailparser reads such bytes as UTF-8 and the subject
 * comes out as replacement characters. ISO-2022-JP is 7-bit and comes out as
 * escape sequences. Here the header's own bytes are read again: in the
 * charset the message declares, else the one detected from the header and
 * the start of the body together (a subject alone is too short to detect).
 */

const HEAD_BYTES = 64 * 1024;
const SAMPLE_BYTES = 16 * 1024;

/** True when mailparser's reading of a header cannot be right: replacement characters, or JIS escapes. */
export function misread(value: string): boolean {
  return value.includes('\uFFFD') || value.includes('\u001b');
}

/** The header block's end (the empty line), or -1. */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
  return end >= 0 && end <= HEAD_BYTES ? end : -1;
}

/** The raw bytes of one header's value, unfolded; null when absent. */
export function rawHeaderValue(raw: Buffer, name: string): Buffer | null {
  const end = headerEnd(raw);
  const head = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, HEAD_BYTES));
  // latin1 maps each byte to one character, so offsets in the string are offsets in the bytes.
  const text = head.toString('latin1');
  const match = new RegExp(`^${name}:[ \\t]*`, 'im').exec(text);
  if (!match) return null;
  const start = match.index + match[0].length;
  let stop = start;
  for (;;) {
    const newline = text.indexOf('\n', stop);
    if (newline < 0) {
      stop = text.length;
      break;
    }
    const next = text.charCodeAt(newline + 1);
    if (next !== 0x20 && next !== 0x09) {
      stop = newline;
      break;
    }
    stop = newline + 1;
  }
  const folded = head.subarray(start, stop);
  // Unfold: line ends inside the value become nothing (the blank that follows stays).
  return Buffer.from(folded.filter((byte) => byte !== 0x0d && byte !== 0x0a));
}

/** The charset the message declares for its text (the first `charset=` of its head or its first text part). */
export function declaredCharset(raw: Buffer): string | null {
  const sample = raw.subarray(0, HEAD_BYTES).toString('latin1');
  const match = /charset\s*=\s*"?([A-Za-z0-9_.:-]{1,40})/i.exec(sample);
  return match ? match[1].toLowerCase() : null;
}

function decodeWith(bytes: Buffer, charset: string): string | null {
  if (!iconv.encodingExists(charset)) return null;
  const text = iconv.decode(bytes, charset);
  return text.includes('\uFFFD') ? null : text;
}

/**
 * The header's value read again from its bytes; null when there is nothing
 * better to offer than mailparser's reading (encoded words are mailparser's
 * job, plain ASCII needs nothing).
 */
export function redecodeHeader(raw: Buffer, name: string): string | null {
  const bytes = rawHeaderValue(raw, name);
  if (!bytes || bytes.includes('=?')) return null;
  if (bytes.includes('\u001b$B') || bytes.includes('\u001b$@') || bytes.includes('\u001b(J')) {
    return Encoding.convert(Array.from(bytes), { from: 'JIS', to: 'UNICODE', type: 'string' });
  }
  if (!bytes.some((byte) => byte >= 0x80)) return null;
  const declared = declaredCharset(raw);
  if (declared && !/^(utf-?8|us-ascii)$/.test(declared)) {
    const text = decodeWith(bytes, declared);
    if (text) return text;
  }
  // Detected from the header and the start of the body together.
  const end = headerEnd(raw);
  const body = end >= 0 ? raw.subarray(end, end + SAMPLE_BYTES) : Buffer.alloc(0);
  for (const candidate of analyse(Buffer.concat([bytes, Buffer.from(' '), body]))) {
    if (/^utf-?8$/i.test(candidate.name)) continue;
    const text = decodeWith(bytes, candidate.name);
    if (text) return text;
  }
  return null;
}
