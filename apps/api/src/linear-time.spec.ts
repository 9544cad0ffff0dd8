import fc from 'fast-check';
import { linkifyHtml } from '@pidtrymka/contracts';
import type { ParsedMail } from 'mailparser';
import { isEmail } from 'class-validator';
import { contentTypeFor, extensionOf, sanitizeFilename } from './attachments/attachment-files';
import { negotiateLocale } from './i18n/locale';
import { automaticKind, cutToBytes, oneLine, parseInbound, recordedMessageId, senderKey, splitIds } from './mail-in/inbound-mail';
import { previewInbound } from './mail-in/inbound-preview';
import { taggedTrackingIds } from './mail-in/mail-in.service';
import { htmlToText, stripQuotedText } from './mail-in/reply-text';
import { searchTerms } from './tickets/staff-tickets.service';
import { normalizeTrackingId } from './tickets/tracking-id';
import { Scan, SIZE, Shape, capped, cpuMs, linearVerdict, shape } from './testing/linear-growth';

/**
 * Issue 12.1: every function that scans text from outside (an e-mail, a
 * query, a file name, a header) runs in linear time. Each is fed 1 MB of
 * what makes backtracking regular expressions quadratic — long runs of
 * blanks, of one letter, of `>`, of nested quotes and tags, of `@`, of line
 * ends, alternations — and must answer within 200 ms. A new function that
 * reads outside text is added to SCANS, in this one place. How a scan is
 * judged on a loaded machine: testing/linear-growth.ts.
 */
const BUDGET_MS = Number(process.env.LINEAR_TIME_BUDGET_MS ?? 200);
/** The most text parseInbound and the preview hand to HTML-to-text (MAIL_IN_MAX_TEXT_BYTES' default, PREVIEW_HTML_MAX_BYTES). */
const HTML_CAP = 262_144;

const CRLF = '\r\n';
const eml = (headers: string, body = 'x') => Buffer.from(`${headers}${CRLF}${CRLF}${body}`, 'utf8');
const parsedMail = (s: string) => ({ headers: new Map<string, unknown>([['auto-submitted', s], ['precedence', s], ['return-path', s], ['x-autoreply', s], ['content-type', { value: s, params: { 'report-type': s } }]]), subject: s }) as unknown as ParsedMail;


/** Each function reading outside text, called the way the API calls it. */
const SCANS: Record<string, Scan> = {
  // mail-in, on the API's thread
  recordedMessageId: (s) => recordedMessageId(Buffer.from(`Message-ID: ${s}`, 'latin1')),
  'recordedMessageId (whole head)': (s) => recordedMessageId(Buffer.from(s, 'latin1')),
  senderKey: (s) => senderKey(Buffer.from(`From: ${s}`, 'latin1')),
  'senderKey (whole head)': (s) => senderKey(Buffer.from(s, 'latin1')),
  taggedTrackingIds: (s) => taggedTrackingIds(oneLine(s)),
  // mail-in, in the parse worker
  splitIds,
  oneLine,
  automaticKind: (s) => automaticKind(parsedMail(s), { address: s }),
  cutToBytes: (s) => cutToBytes(s, HTML_CAP),
  // As parseInbound calls it: on at most MAIL_IN_MAX_TEXT_BYTES (the whole megabyte is in HEAVY_SCANS).
  'stripQuotedText (capped input)': capped(HTML_CAP, stripQuotedText),
  // staff and participants' HTTP input
  searchTerms,
  normalizeTrackingId,
  sanitizeFilename,
  extensionOf,
  contentTypeFor,
  negotiateLocale,
  'isEmail (DeliverableEmail)': (s) => isEmail(s, { blacklisted_chars: '"' }),
  // Issue 17: messages' links, in the HTML e-mails (and the same function on the portal and the workspace).
  linkifyHtml,
};

/**
 * What runs only in the parse worker (under MAIL_IN_PARSE_TIMEOUT_MS) or
 * for an admin's preview, on text already cut to MAIL_IN_MAX_TEXT_BYTES:
 * linear but costly — HTML to text (sanitize-html, html-to-text) spends
 * about a second on 256 KB of `<`. Ten times the scans' budget still
 * catches a quadratic blow-up, which at these sizes costs minutes.
 */
const HEAVY_BUDGET_MS = 10 * BUDGET_MS;
const HEAVY_SCANS: Record<string, Scan> = {
  // A line per character at worst (1 MB of line ends is a million lines, five tests each): linear, ~200 ms.
  'stripQuotedText (the whole megabyte)': stripQuotedText,
  'htmlToText (capped input)': capped(HTML_CAP, (s) => htmlToText(s, { withoutQuotes: true })),
  'htmlToText with quotes (capped input)': capped(HTML_CAP, (s) => htmlToText(s, { withoutQuotes: false })),
};

/** Whole messages, through mailparser: still linear, whatever the body. */
const MESSAGE_SCANS: Record<string, (raw: Buffer) => Promise<unknown>> = {
  parseInbound: (raw) => parseInbound(raw, { maxTextBytes: HTML_CAP }),
  previewInbound,
};

/** The classic shapes: a run that almost matches, then one character that makes it fail at the end. */
const SHAPES: Record<string, Shape> = {
  blanks: shape(' ', 'x'),
  'blanks and tabs': shape(' \t', 'x'),
  'Hello + blanks + x': shape(' ', 'x', 'Hello'),
  'one letter': shape('a'),
  'one letter then !': shape('a', '!'),
  '>': shape('>'),
  'nested quotes': shape('> ', 'x'),
  '<': shape('<'),
  'nested <div>': shape('<div>', 'x'),
  'nested <blockquote>': shape('<blockquote>'),
  'unclosed <a': shape('<a '),
  '@': shape('@'),
  'a@': shape('a@'),
  'line ends': shape('\n'),
  'CRLF and blanks': shape(' \r\n'),
  'folded header': shape('\r\n ', 'x'),
  dashes: shape('-', 'x'),
  dots: shape('.', 'x'),
  '[# and blanks': shape(' ', 'x', '[#'),
  'wrote + blanks': shape(' ', 'x', 'wrote'),
  'On … wrote lines': shape('On Mon wrote\n'),
  'From: lines': shape('From: a\n'),
  'encoded words': shape('=?utf-8?B?'),
  'q-values': shape(';q=0.'),
  'commas and semicolons': shape(',;'),
  'a-': shape('a-', '!'),
  'Cyrillic letters': shape('ї'),
  'NUL and controls': shape('\u0000\u0007'),
};

async function timedAsync(fn: () => Promise<unknown>): Promise<number> {
  const started = process.cpuUsage();
  await fn();
  return cpuMs(started);
}

describe('12.1 one e-mail must never stall the API: every scan of outside text runs in linear time', () => {
  jest.setTimeout(10 * 60_000);

  describe.each(Object.entries(SCANS))('%s', (name, scan) => {
    it.each(Object.keys(SHAPES))(`answers within ${BUDGET_MS} ms for 1 MB of %s`, (shapeName) => {
      expect({ name, shape: shapeName, ...linearVerdict(scan, SHAPES[shapeName], BUDGET_MS) }).toEqual(expect.objectContaining({ linear: true }));
    });

    it(`answers within ${BUDGET_MS} ms for 1 MB of any repeated short unit (fast-check)`, () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(' ', '\t', '\n', 'a', '>', '<', '@', '-', '.', '"', '=', '#', '[', ':', 'ї'), minLength: 1, maxLength: 4 }), fc.constantFrom('', 'x', '!', '\n'), (unit, tail) => {
          return linearVerdict(scan, shape(unit, tail), BUDGET_MS).linear;
        }),
        { numRuns: 8, seed: Number(process.env.LINEAR_TIME_SEED ?? 12_1) },
      );
    });
  });

  describe.each(Object.entries(HEAVY_SCANS))('%s', (name, scan) => {
    it.each(Object.keys(SHAPES))(`answers within ${HEAVY_BUDGET_MS} ms for 1 MB of %s`, (shapeName) => {
      expect({ name, shape: shapeName, ...linearVerdict(scan, SHAPES[shapeName], HEAVY_BUDGET_MS) }).toEqual(expect.objectContaining({ linear: true }));
    });
  });

  describe.each(Object.entries(MESSAGE_SCANS))('%s (whole message)', (_, scan) => {
    const bodies: Record<string, { headers: string; body: string }> = {
      'plain text of blanks': { headers: 'From: a@b.test\r\nContent-Type: text/plain; charset=utf-8', body: SHAPES['Hello + blanks + x'](SIZE) },
      'plain text of nested quotes': { headers: 'From: a@b.test\r\nContent-Type: text/plain; charset=utf-8', body: SHAPES['nested quotes'](SIZE) },
      'HTML of <': { headers: 'From: a@b.test\r\nContent-Type: text/html; charset=utf-8', body: SHAPES['<'](SIZE) },
      'HTML of nested <div>': { headers: 'From: a@b.test\r\nContent-Type: text/html; charset=utf-8', body: SHAPES['nested <div>'](SIZE) },
      'From: of one word': { headers: `From: ${shape('a')(60_000)}`, body: 'x' },
    };
    it.each(Object.keys(bodies))(`parses 1 MB of %s within ${HEAVY_BUDGET_MS} ms (off the API's thread, text cut to 256 KB)`, async (shape) => {
      const raw = eml(bodies[shape].headers, bodies[shape].body);
      await scan(eml('From: a@b.test', 'warm'));
      // The best of three, as the other scans are judged: a collection or a busy neighbour slows one run of a
      // worker-thread parse measured in wall time (CI once saw 2.3 s), a superlinear parse of 1 MB is slow in all.
      let ms = Infinity;
      for (let run = 0; run < 3 && ms >= HEAVY_BUDGET_MS; run++) ms = Math.min(ms, await timedAsync(() => scan(raw)));
      // mailparser decodes the whole megabyte; the text it hands on is capped at 256 KB.
      expect({ shape, ms: Math.round(ms), withinBudget: ms < HEAVY_BUDGET_MS }).toEqual(expect.objectContaining({ withinBudget: true }));
    });
  });
});
