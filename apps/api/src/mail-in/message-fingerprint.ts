import { createHash } from 'node:crypto';

const HEADER_SCAN_BYTES = 64 * 1024;
const SCRATCH_BYTES = 64 * 1024;
const IDENTIFYING_HEADERS = ['from', 'date', 'subject', 'to', 'cc'];

/**
 * What makes two deliveries "the same message" (issue 12.4): the Message-ID
 * alone is not enough — broken clients reuse one, and anyone who learns a
 * participant's Message-ID could send first under it to suppress their next
 * e-mail. So a message is recorded once per Message-ID AND this fingerprint.
 *
 * It hashes the headers the author wrote (From, Date, Subject, To, Cc) and
 * the body, not the whole raw message: the trace headers a server adds
 * (Received, Delivered-To, Return-Path, spam and authentication results)
 * differ between two deliveries of one message, e.g. to two mailboxes we
 * read, and must not make it look new. CR is dropped so a maildir (LF) and
 * an IMAP (CRLF) copy agree. Written with index scans only, linear in the
 * input (no regular expression runs over outside text here).
 *
 * Changing what this hashes makes a re-delivery of an older message look
 * new: the migration that filled it for existing rows uses this function.
 */
export function contentFingerprint(raw: Buffer): string {
  const headerEnd = findHeaderEnd(raw);
  const head = raw.subarray(0, Math.min(headerEnd.headEnd, HEADER_SCAN_BYTES)).toString('latin1');
  const values = new Map<string, string>();
  let current: string | null = null;
  for (const rawLine of head.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) values.set(current, `${values.get(current)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    current = IDENTIFYING_HEADERS.includes(name) && !values.has(name) ? name : null;
    if (current) values.set(current, line.slice(colon + 1).trim());
  }
  const hash = createHash('sha256');
  for (const name of IDENTIFYING_HEADERS) hash.update(`${name}:${collapseBlanks(values.get(name) ?? '')}\n`);
  hash.update('\n');
  // Without CRs, byte by byte through a small scratch buffer: linear however the CRs are spread (measured:
  // ~10 ms/MB; one hash update per CR, or String.replaceAll, took seconds on a body of 8 million CRs), and no
  // copy of the whole body.
  const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  let used = 0;
  for (let i = headerEnd.bodyStart; i < raw.length; i++) {
    const byte = raw[i];
    if (byte === 13) continue;
    scratch[used++] = byte;
    if (used === SCRATCH_BYTES) {
      hash.update(scratch);
      used = 0;
    }
  }
  hash.update(scratch.subarray(0, used));
  return hash.digest('hex');
}

function findHeaderEnd(raw: Buffer): { headEnd: number; bodyStart: number } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return { headEnd: raw.length, bodyStart: raw.length };
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  return { headEnd: lf, bodyStart: lf + 2 };
}

/** Folding may differ between copies: runs of blanks count as one. */
function collapseBlanks(text: string): string {
  // A plain character class: linear, no backtracking.
  return text
    .split(/[ \t]+/)
    .filter((part) => part !== '')
    .join(' ');
}
