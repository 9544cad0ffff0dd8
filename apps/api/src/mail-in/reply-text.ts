import { renderHtmlAsText } from './html-text';
import { classifyLines, EMPTY, FORWARD_MARK, HEADER, isBlankChar, QUOTE, TEXT, TextLines } from './quote-lines';

/**
 * R-MAIL-4: the participant's own words of a reply, without what it quotes.
 *
 * Over the classified lines (quote-lines.ts):
 * - `>` lines are dropped wherever they are; the text between and after them
 *   (inline answers, a sign-off or a P.S. below the quote) is kept;
 * - a quote header followed by `>` lines goes with them; one followed by
 *   unmarked text (Outlook, our own e-mail quoted as the manual shows it)
 *   starts a quote that runs to the end, since nothing marks where it ends;
 * - a forwarded message is the participant's message: from its marker on,
 *   everything is kept, and a message that forwards before it quotes is
 *   kept whole.
 */
export function stripQuotedText(text: string): string {
  const { lines, kinds, weak } = classifyLines(text);
  const n = lines.n;
  // The next line that is not empty, for each line, in one backward pass.
  const nextContent = new Int32Array(n + 1);
  nextContent[n] = n;
  for (let i = n - 1; i >= 0; i--) nextContent[i] = kinds[i] === EMPTY ? nextContent[i + 1] : i;

  const keep = new Uint8Array(n);
  let i = 0;
  for (; i < n; i++) {
    const kind = kinds[i];
    if (kind === FORWARD_MARK) break;
    if (kind === TEXT || kind === EMPTY) {
      keep[i] = 1;
      continue;
    }
    if (kind === QUOTE) continue;
    let last = i;
    while (last + 1 < n && kinds[last + 1] === HEADER) last++;
    const next = nextContent[last + 1];
    if (next < n && kinds[next] === QUOTE) {
      i = last;
      continue;
    }
    if (weak[i] && last === i) {
      keep[i] = 1;
      continue;
    }
    i = n;
  }
  keep.fill(1, i);
  return joinKept(lines, kinds, keep);
}

/**
 * The kept lines, one blank line where something was dropped between them,
 * no runs of blank lines, no trailing blanks. Runs of lines that need no
 * change are copied as one slice of the text.
 */
function joinKept(lines: TextLines, kinds: Uint8Array, keep: Uint8Array): string {
  const { text } = lines;
  const out: string[] = [];
  let runStart = -1;
  let runEnd = -1;
  let dropped = false;
  let blank = false;
  for (let i = 0; i < lines.n; i++) {
    if (!keep[i]) {
      dropped = true;
      continue;
    }
    if (kinds[i] === EMPTY) {
      blank = true;
      continue;
    }
    const start = lines.start[i];
    let end = lines.end[i];
    while (end > start && isBlankChar(text.charCodeAt(end - 1))) end--;
    if (runStart >= 0 && !blank && !dropped && start === runEnd + 1 && lines.end[i - 1] === runEnd && text.charCodeAt(runEnd) === 0x0a) {
      runEnd = end;
      continue;
    }
    if (runStart >= 0) {
      out.push(text.slice(runStart, runEnd));
      out.push(blank || dropped ? '\n\n' : '\n');
    }
    runStart = start;
    runEnd = end;
    blank = false;
    dropped = false;
  }
  if (runStart >= 0) out.push(text.slice(runStart, runEnd));
  return out.join('');
}

/**
 * HTML mail as text: rendered in one linear pass (html-text.ts) with every
 * quote container (`<blockquote>`, Yahoo's and the webmails' quote divs) as
 * `>` lines, then, for the participant's own words, the quote removed by the
 * same line rules as a plain-text reply. So inline answers between quotes
 * and text below them survive in HTML mail too, Gmail's forwarded message
 * (inside its `gmail_quote` but in no `<blockquote>`) stays, and Outlook's
 * quote (no container, only its From/Sent block followed by sibling
 * elements) is cut at that block.
 */
export function htmlToText(html: string, { withoutQuotes }: { withoutQuotes: boolean }): string {
  const text = renderHtmlAsText(html);
  return withoutQuotes ? stripQuotedText(text) : collapseBlankLines(text);
}

/** The whole text as staff see it: no runs of blank lines, none around it. */
function collapseBlankLines(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').trim();
}
