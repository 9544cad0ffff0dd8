import { decodeHTML } from 'entities';

/**
 * HTML mail as plain text, in one linear pass, with every quote container
 * rendered as `>` lines so that the plain-text quote rules (quote-lines.ts)
 * decide what is quoted, the same way for HTML and text mail.
 *
 * Why not html-to-text or htmlparser2 here: both keep the open elements in an
 * array they shift and unshift, so a megabyte of unclosed `<blockquote>` or
 * `<div>` (what a hostile or broken mail holds) takes seconds to minutes;
 * sanitize-html parses the same way. Nothing rendered here is HTML: scripts,
 * styles and every tag are dropped, the result is text, escaped wherever it is
 * shown.
 */

/** Elements whose end makes a paragraph break (a blank line), and those that only end a line. */
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'blockquote', 'pre', 'dl', 'figure', 'address', 'hr']);
const LINE = new Set([
  'div', 'li', 'tr', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'center', 'form', 'fieldset',
  'legend', 'caption', 'details', 'summary', 'body', 'html',
]);
const VOID = new Set(['br', 'hr', 'img', 'meta', 'link', 'input', 'wbr', 'area', 'base', 'col', 'embed', 'source', 'track', 'param', 'keygen']);
/**
 * Their content is never text of the message. Without its closing tag such an
 * element skips nothing: better a line of CSS than the participant's words lost.
 */
const RAW_SKIPPED = new Set(['script', 'style', 'title', 'template', 'noscript', 'textarea', 'xmp', 'iframe', 'svg', 'math']);
/** How far down the open elements a closing tag looks for its opening one; a stray closing tag further away is ignored. */
const CLOSE_SEARCH = 64;
/** Deeper quotes than this still get this many `>`: the marker is what matters, and a megabyte of nesting must not make a quadratic prefix. */
const MAX_MARKERS = 8;

/**
 * Quote containers that are not `<blockquote>`: Yahoo's `yahoo_quoted` and
 * the `…quote…` classes and ids webmails put around a quoted message.
 * Gmail's `gmail_quote` is left out on purpose: it holds the quote header and
 * the `<blockquote>`, but also a forwarded message, which is the
 * participant's own. Thunderbird's `moz-cite-prefix` is the header line.
 */
const QUOTE_CONTAINER_TAGS = new Set(['div', 'section', 'aside', 'table', 'blockquote']);
function isQuoteContainer(name: string, attribs: Map<string, string> | null): boolean {
  if (name === 'blockquote') return true;
  if (!attribs || !QUOTE_CONTAINER_TAGS.has(name)) return false;
  const names = `${attribs.get('class') ?? ''} ${attribs.get('id') ?? ''}`.toLowerCase();
  return names.includes('quote') && !names.includes('gmail_quote') && !names.includes('moz-cite-prefix');
}

interface Open {
  name: string;
  quote: boolean;
  pre: boolean;
  /** For `<a>`: the href and where its text starts in the output. */
  href?: string;
  textFrom?: number;
  /** For lists: ordered, and the next number. */
  ordered?: boolean;
  next?: number;
}

class TextBuilder {
  /** Built by concatenation: V8 keeps it as a rope until the end, cheaper than an array of a million pieces. */
  private out = '';
  private pendingBreaks = 0;
  private lineHasText = false;
  private bullet = '';
  quoteDepth = 0;
  preDepth = 0;
  listDepth = 0;

  get size(): number {
    return this.out.length;
  }

  since(index: number): string {
    return this.out.slice(index);
  }

  lineBreak(count: number): void {
    if (this.out.length === 0) return;
    this.pendingBreaks = Math.max(this.pendingBreaks, count);
  }

  /** `<br>`: one more line end, so two in a row leave a blank line. */
  hardBreak(): void {
    if (this.out.length > 0) this.pendingBreaks++;
  }

  setBullet(bullet: string): void {
    this.lineBreak(1);
    this.bullet = bullet;
  }

  text(raw: string): void {
    if (this.preDepth > 0) {
      const lines = raw.split(/\r\n?|\n/);
      lines.forEach((line, index) => {
        if (index > 0) this.hardBreak();
        if (line) this.put(line);
      });
      return;
    }
    // Only runs and other white space are replaced: a megabyte of "a a a" has nothing to replace.
    let text = raw.replace(/[ \t\n\r\f]{2,}|[\t\n\r\f]/g, ' ');
    if (!this.lineHasText || this.pendingBreaks > 0) text = text.trimStart();
    if (text) this.put(text);
    // `<div>&nbsp;</div>` is how Gmail and Outlook draw an empty line: it stays one (the blank is trimmed at the end).
    else if (raw.includes('\u00a0') && (this.pendingBreaks > 0 || !this.lineHasText)) this.put('\u00a0');
  }

  /** A space between table cells on one line. */
  separate(): void {
    if (this.lineHasText && this.pendingBreaks === 0) this.put(' ');
  }

  private put(text: string): void {
    if (this.pendingBreaks > 0) {
      this.out += this.pendingBreaks > 1 ? '\n\n' : '\n';
      this.pendingBreaks = 0;
      this.lineHasText = false;
    }
    if (!this.lineHasText) {
      const markers = Math.min(this.quoteDepth, MAX_MARKERS);
      if (markers > 0) this.out += '> '.repeat(markers);
      if (this.bullet) {
        this.out += '  '.repeat(Math.max(0, Math.min(this.listDepth, MAX_MARKERS) - 1)) + this.bullet;
        this.bullet = '';
      }
      this.lineHasText = true;
    }
    this.out += text;
  }

  toString(): string {
    // Lines end without blanks (a line of `&nbsp;` is an empty line); most texts have none to trim.
    const text = this.out;
    if (!/[ \t\u00a0](?:\n|$)/.test(text)) return text;
    return text
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n');
  }
}

const isNameChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x3a) || c === 0x5f || c === 0x2d;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;

/** Renders HTML as text in time linear in its length. */
export function renderHtmlAsText(html: string): string {
  const builder = new TextBuilder();
  const stack: Open[] = [];
  /** The open lists, innermost last, so that an item finds its list without a search. */
  const lists: Open[] = [];
  const rawEnds = new Map<string, RegExp>();
  // Where each raw element's closing tag was last found (or -1: nowhere after `from`), so that a megabyte of `<script>` searches once.
  const rawFound = new Map<string, { from: number; at: number; length: number }>();
  let i: number;
  const n = html.length;

  const close = (index: number) => {
    while (stack.length > index) {
      const open = stack.pop() as Open;
      closeElement(open);
    }
  };

  const closeElement = (open: Open) => {
    const { name } = open;
    if (open.quote) builder.quoteDepth--;
    if (open.pre) builder.preDepth--;
    if (name === 'ul' || name === 'ol') {
      builder.listDepth--;
      lists.pop();
    }
    if (name === 'a' && open.href !== undefined && open.textFrom !== undefined && builder.size - open.textFrom < 2000) {
      const label = builder.since(open.textFrom).trim();
      const href = open.href;
      const shown = href.replace(/^mailto:/i, '');
      if (/^(https?:|mailto:)/i.test(href) && shown !== label && !label.includes(shown)) builder.text(` [${shown}]`);
    }
    if (PARAGRAPH.has(name) || open.quote) builder.lineBreak(2);
    else if (LINE.has(name)) builder.lineBreak(1);
  };

  const flushText = (from: number, to: number) => {
    if (to <= from) return;
    const chunk = html.slice(from, to);
    builder.text(chunk.includes('&') ? decodeHTML(chunk) : chunk);
  };

  // `textFrom` is where the text not yet rendered starts: a `<` that opens no tag stays part of it.
  let textFrom = 0;
  let search = 0;
  while (search < n) {
    const lt = html.indexOf('<', search);
    if (lt < 0) break;
    const next = html.charCodeAt(lt + 1);
    const closing = next === 0x2f; /* / */
    const nameStart = closing ? lt + 2 : lt + 1;
    const first = html.charCodeAt(nameStart) | 0x20;
    const opensTag = next === 0x21 /* ! */ || next === 0x3f /* ? */ || (first >= 0x61 && first <= 0x7a);
    if (!opensTag) {
      search = lt + 1;
      continue;
    }
    flushText(textFrom, lt);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      textFrom = search = end < 0 ? n : end + 3;
      continue;
    }
    if (next === 0x21 || next === 0x3f) {
      const end = html.indexOf('>', lt);
      textFrom = search = end < 0 ? n : end + 1;
      continue;
    }
    let j = nameStart;
    while (j < n && isNameChar(html.charCodeAt(j))) j++;
    const name = html.slice(nameStart, j).toLowerCase();
    // Attributes, up to the `>` that is not inside a quoted value.
    let attribs: Map<string, string> | null = null;
    while (j < n && html.charCodeAt(j) !== 0x3e) {
      const c = html[j];
      if (c === '"' || c === "'") {
        const end = html.indexOf(c, j + 1);
        j = end < 0 ? n : end + 1;
        continue;
      }
      if (isSpace(html.charCodeAt(j)) || c === '/') {
        j++;
        continue;
      }
      const attrStart = j;
      while (j < n && !isSpace(html.charCodeAt(j)) && html[j] !== '=' && html[j] !== '>' && html[j] !== '/') j++;
      if (j === attrStart) j++;
      const attr = html.slice(attrStart, j).toLowerCase();
      while (j < n && isSpace(html.charCodeAt(j))) j++;
      if (html[j] !== '=') continue;
      j++;
      while (j < n && isSpace(html.charCodeAt(j))) j++;
      let value: string;
      if (html[j] === '"' || html[j] === "'") {
        const end = html.indexOf(html[j], j + 1);
        value = html.slice(j + 1, end < 0 ? n : end);
        j = end < 0 ? n : end + 1;
      } else {
        const valueStart = j;
        while (j < n && !isSpace(html.charCodeAt(j)) && html[j] !== '>') j++;
        value = html.slice(valueStart, j);
      }
      if (attr === 'class' || attr === 'id' || attr === 'href' || attr === 'start') (attribs ??= new Map()).set(attr, decodeHTML(value.slice(0, 2000)));
    }
    textFrom = search = i = j + 1;

    if (closing) {
      for (let k = stack.length - 1; k >= 0 && k >= stack.length - CLOSE_SEARCH; k--) {
        if (stack[k].name === name) {
          close(k);
          break;
        }
      }
      continue;
    }
    if (RAW_SKIPPED.has(name)) {
      if (html[j - 1] === '/') continue;
      let found = rawFound.get(name);
      if (!found || i < found.from || (found.at >= 0 && i > found.at)) {
        let end = rawEnds.get(name);
        if (!end) rawEnds.set(name, (end = new RegExp(`</${name}\\s*>`, 'gi')));
        end.lastIndex = i;
        const match = end.exec(html);
        found = { from: i, at: match ? match.index : -1, length: match ? match[0].length : 0 };
        rawFound.set(name, found);
      }
      if (found.at >= 0) textFrom = search = found.at + found.length;
      continue;
    }
    if (name === 'br') {
      builder.hardBreak();
      continue;
    }
    if (VOID.has(name)) {
      if (PARAGRAPH.has(name)) builder.lineBreak(2);
      continue;
    }
    // A new paragraph or list item closes an open `<p>` or `<li>`, as browsers do.
    if ((PARAGRAPH.has(name) || name === 'div') && stack.length > 0 && stack[stack.length - 1].name === 'p') close(stack.length - 1);
    if (name === 'li' && stack.length > 0 && stack[stack.length - 1].name === 'li') close(stack.length - 1);

    const open: Open = { name, quote: isQuoteContainer(name, attribs), pre: name === 'pre' };
    if (PARAGRAPH.has(name) || open.quote) builder.lineBreak(2);
    else if (LINE.has(name)) builder.lineBreak(1);
    if (open.quote) builder.quoteDepth++;
    if (open.pre) builder.preDepth++;
    if (name === 'ul' || name === 'ol') {
      builder.listDepth++;
      open.ordered = name === 'ol';
      open.next = Number.parseInt(attribs?.get('start') ?? '1', 10) || 1;
      lists.push(open);
    }
    if (name === 'li') {
      const list = lists[lists.length - 1] as Open | undefined;
      builder.setBullet(list?.ordered ? `${(list.next = (list.next ?? 1) + 1) - 1}. ` : '- ');
    }
    if (name === 'td' || name === 'th') builder.separate();
    if (name === 'a') {
      open.href = attribs?.get('href');
      open.textFrom = builder.size;
    }
    stack.push(open);
  }
  flushText(textFrom, n);
  return builder.toString();
}
