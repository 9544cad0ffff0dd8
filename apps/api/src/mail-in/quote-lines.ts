/**
 * R-MAIL-4: which lines of a plain-text reply are the participant's own.
 *
 * The approach of talon (mailgun) and GitHub's email_reply_parser: every line
 * gets a kind (empty, quote marker, quote header, forward marker, text), and
 * the decision is taken over that sequence rather than by one cut at the
 * first splitter. Unlike talon, which gives up on the whole message as soon
 * as an answer sits between quoted lines, answers between and after quoted
 * blocks are kept, because losing what the participant wrote is worse than
 * keeping a quote (staff can always open the whole message).
 *
 * No library does this: planer (talon's JS port) returns inline replies
 * whole and drops text after a quote block; email-reply-parser keeps quoted
 * lines between answers. Neither knows the Ukrainian and Russian headers of
 * ukr.net, i.ua and Gmail in uk/ru.
 *
 * Everything is linear in the input: lines are classified one by one, the
 * patterns only ever see lines no longer than MAX_PATTERN_LINE (a quote
 * header is short; a longer line is text), look-aheads are bounded, and no
 * regular expression runs over unbounded text.
 */

/** Line kinds, as numbers in a typed array: a megabyte of one-character lines must not cost a million strings. */
export const EMPTY = 0;
export const QUOTE = 1;
export const HEADER = 2;
export const FORWARD_MARK = 3;
export const TEXT = 4;

/** Quote headers are short: a longer line is never one, so no pattern sees it. */
const MAX_PATTERN_LINE = 400;
/** Clients wrap a long "On … wrote:" over at most three lines. */
const HEADER_MAX_LINES = 3;
/** Outlook's From/Sent/To/Subject block (and its localised forms) spans a few lines. */
const FROM_BLOCK_MAX_LINES = 8;

/** The verb that ends an "On <date>, <who> wrote:" header, in the languages our participants and their clients use. */
const WROTE = [
  'wrote', 'writes', 'sent', 'a écrit', 'a ecrit', 'schrieb', 'geschrieben', 'geschreven', 'schreef', 'verzond',
  'napisał\\(a\\)', 'napisała', 'napisał', 'napisal', 'pisze', 'napsal\\(a\\)', 'napsal', 'napsala', 'napísal',
  'escribió', 'escribio', 'ha escrito', 'ha scritto', 'scrisse', 'escreveu', 'skrev', 'kirjoitti', 'yazdı', 'írta', 'a scris',
  'написав\\(ла\\)', 'написала', 'написав', 'пише', 'написал\\(а\\)', 'написал', 'пишет', 'написа', 'έγραψε',
  '寫道', '写道', 'のメッセージ', 'wrote on',
].join('|');
const ENDS_WITH_WROTE = new RegExp(`(?<!\\p{L})(?:${WROTE})\\s*:\\s*-*\\s*$`, 'iu');
/**
 * ENDS_WITH_WROTE, tried only on a line whose last character other than
 * blanks and dashes is a colon: the unanchored alternation of every verb costs
 * microseconds a line, and a megabyte of short lines with a colon elsewhere
 * ("From: a") must not pay it three times each.
 */
function endsWithWrote(line: string): boolean {
  let last = line.length - 1;
  while (last >= 0 && (line.charCodeAt(last) === 0x2d || /\s/.test(line[last]))) last--;
  return last >= 0 && line.charCodeAt(last) === 0x3a && ENDS_WITH_WROTE.test(line);
}
/** The same verb anywhere: Yahoo on Android puts the quoted text on the header's own line. */
const WROTE_COLON = new RegExp(`(?<!\\p{L})(?:${WROTE})\\s*:`, 'iu');
/** German and Dutch put the verb before the sender: "Am 29.04.2021 um 10:55 schrieb Support <s@x>:" (two tests, not one `.*….*`, to stay linear). */
const AM_OP = /^\s*(?:am|op)\s/i;
const VERB_BEFORE_SENDER = /(?<!\p{L})(?:schrieb|schreef|verzond)(?!\p{L})/iu;
/** Date-first headers without a verb (Gmail in ru/uk, Yandex, mail.ru): "чт, 29 апр. 2021 г. в 10:55, Support <s@x>:". */
const ENDS_WITH_ADDRESS = /@[^\s@<>]+>?\)?"?\s*:\s*$/u;
const TIME = /\d{1,2}:\d{2}/;
const DIGIT_OR_AT = /[\d@]/;
/** How a header's first line starts when a client wrapped it: a preposition, a weekday or a date. */
const HEADER_START = new RegExp(
  '^\\s*-*\\s*(?:' +
    [
      'on', 'le', 'am', 'op', 'w dniu', 'dne', 'el', 'il', 'em', 'på', 'den', 'у', 'в', 'во', 'от',
      'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'нд', 'вс',
      'pon', 'wt', 'śr', 'czw', 'pt', 'sob', 'niedz', 'lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim',
      'mo', 'di', 'mi', 'do', 'fr', 'sa', 'so', 'понеділок', 'вівторок', 'середа', 'четвер', "п'ятниця", 'субота', 'неділя',
      'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье',
    ].join('|') +
    ')(?!\\p{L})|^\\s*-*\\s*\\d{1,4}[./\\-年 ]',
  'iu',
);
/** Where a header starts inside a line that also holds the last words of the reply ("reply On Wed, … wrote:"). */
const HEADER_START_INSIDE = /(?:-{2,}\s?|\s)(?:On|Le|Am|Op|W dniu|El|Il giorno|Em|У|В)\s|(?:-{2,}\s?|\s)(?=\d{1,2}[./]\d{1,2}[./]\d{2,4}[ ,])/u;

/** "-----Original Message-----" and the same rule in other clients and languages. */
const ORIGINAL_MESSAGE = new RegExp(
  '^\\s*[-=_*]{2,}\\s*(?:' +
    [
      'original message', 'reply message', 'original', 'ursprüngliche nachricht', 'originalnachricht', "message d'origine", 'message original',
      'oryginalna wiadomość', 'wiadomość oryginalna', 'oryginalna wiadomosc', 'mensaje original', 'messaggio originale', 'mensagem original',
      'oorspronkelijk bericht', 'oprindelig meddelelse', 'původní zpráva', 'исходное сообщение', 'оригинальное сообщение', 'исходное письмо',
      'оригінальне повідомлення', 'вихідне повідомлення', 'початкове повідомлення', 'оригінальний лист', 'вихідний лист',
    ].join('|') +
    ')\\s*[-=_*]{2,}\\s*$',
  'iu',
);
/** A forwarded message: the participant's own message, kept whole. */
const FORWARD = new RegExp(
  '^\\s*(?:[-=_*]{2,}\\s*)?(?:' +
    [
      'forwarded message', 'weitergeleitete nachricht', 'message transféré', 'message transfere', 'wiadomość przekazana dalej',
      'przekazana wiadomość', 'mensaje reenviado', 'messaggio inoltrato', 'mensagem encaminhada', 'doorgestuurd bericht',
      'пересланное сообщение', 'пересланий лист', 'переслане повідомлення', 'пересланное письмо', 'переадресоване повідомлення',
      'begin forwarded message', 'anfang der weitergeleiteten nachricht', 'début du message réexpédié', 'початок пересланого листа',
      'початок пересланого повідомлення', 'начало пересылаемого сообщения', 'inicio del mensaje reenviado', 'początek przekazywanej wiadomości',
    ].join('|') +
    ')\\s*:?\\s*(?:[-=_*]{2,})?\\s*$',
  'iu',
);
/** Outlook's block: "From:" in many languages, then Sent/Date, To, Cc, Subject. */
const FROM_FIELD = /^\s*\*?\s*(?:from|von|de|van|od|da|fra|från|lähettäjä|kimden|feladó|від кого|від|от кого|от|відправник|отправитель|nadawca|mittente|remitente|afzender)\s*\*?\s*:\s*\*?\s*\S/iu;
const DATE_FIELD = /^\s*\*?\s*(?:sent|date|datum|gesendet|envoyé|envoyé le|enviado|enviado el|enviada|inviato|data|verzonden|wysłano|wysłane|odesláno|dátum|надіслано|відправлено|дата|отправлено|когда)\s*\*?\s*:/iu;
const OTHER_FIELD = /^\s*\*?\s*(?:to|an|à|a|para|aan|do|komu|til|till|кому|cc|kopie|copie|dw|kopia|копія|копия|subject|betreff|objet|asunto|oggetto|assunto|onderwerp|temat|předmět|emne|ämne|тема|reply-to|importance|wichtigkeit)\s*\*?\s*:/iu;
const FORWARD_SUBJECT = /^\s*\*?\s*(?:subject|betreff|objet|asunto|oggetto|assunto|onderwerp|temat|předmět|emne|ämne|тема)\s*\*?\s*:\s*\*?\s*(?:fwd?|wg|tr|rv|enc|i|pd|doorst|vs|fs|пересл|переслать|пересл\.)\s*:/iu;
/** A rule drawn above a header ("---", Outlook's underscores): part of the header, not of the reply. */
const RULE = /^\s*(?:[-_=*]{2,}\s*|--\s)$/;

const isBlankChar = (c: number) => c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x0c || c === 0x0b || c === 0x200b || c === 0xfeff || c === 0x3000;

/** A header that marks quoted text even when it is not `>`-marked: it names a date or an address. */
function isStrongHeader(candidate: string): boolean {
  const line = candidate.trim();
  if (!line.endsWith(':') && !/:\s*-*$/.test(line.slice(-12))) return false;
  if (endsWithWrote(line)) return DIGIT_OR_AT.test(line);
  if (AM_OP.test(line) && VERB_BEFORE_SENDER.test(line) && DIGIT_OR_AT.test(line)) return true;
  return ENDS_WITH_ADDRESS.test(line) && TIME.test(line) && HEADER_START.test(line);
}

/** "Roman wrote:" with neither date nor address: a header only when `>` lines follow it. */
function isWeakHeader(candidate: string): boolean {
  const line = candidate.trim();
  return line.length <= 200 && endsWithWrote(line);
}

/**
 * The lines of a text as offsets into it: a megabyte of one-character lines
 * costs two integers a line, not a million strings, and a line's text is
 * sliced only when a pattern has to look at it.
 */
export class TextLines {
  n = 0;
  start: Int32Array;
  end: Int32Array;
  /** EMPTY, QUOTE, HEADER, FORWARD_MARK or TEXT for each line. */
  kind: Uint8Array;
  /** 1 when a short line holds a colon: every header and field has one. */
  colon: Uint8Array;

  /** Sized once for the text's line count: only a header split off a reply's last words adds a line. */
  constructor(readonly text: string) {
    let count = 1;
    for (let pos = 0; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(pos + 1) !== 0x0a)) count++;
    }
    this.start = new Int32Array(count + 8);
    this.end = new Int32Array(count + 8);
    this.kind = new Uint8Array(count + 8);
    this.colon = new Uint8Array(count + 10);
  }

  push(start: number, end: number, kind: number, colon: number): void {
    if (this.n === this.start.length) this.grow();
    this.start[this.n] = start;
    this.end[this.n] = end;
    this.kind[this.n] = kind;
    this.colon[this.n] = colon;
    this.n++;
  }

  private grow(): void {
    const size = Math.ceil(this.start.length * 1.25) + 8;
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    const kind = new Uint8Array(size);
    const colon = new Uint8Array(size + 2);
    start.set(this.start);
    end.set(this.end);
    kind.set(this.kind);
    colon.set(this.colon.subarray(0, this.n));
    Object.assign(this, { start, end, kind, colon });
  }

  line(i: number): string {
    return this.text.slice(this.start[i], this.end[i]);
  }

  length(i: number): number {
    return this.end[i] - this.start[i];
  }
}

export interface ClassifiedLines {
  lines: TextLines;
  /** EMPTY, QUOTE, HEADER, FORWARD_MARK or TEXT for each line. */
  kinds: Uint8Array;
  /** Headers with neither date nor address, which count only when quoted lines follow. */
  weak: Uint8Array;
}

export { isBlankChar };

export function classifyLines(input: string): ClassifiedLines {
  // CRLF and CR end lines too; they are not rewritten (a megabyte of CRs would make a second megabyte).
  const text = input;
  const lines = new TextLines(text);
  // One pass over the characters: where each line ends, whether it is blank or `>`-quoted, whether it has a colon.
  let lineStart = 0;
  for (let pos = 0; pos <= text.length; pos++) {
    const c = pos < text.length ? text.charCodeAt(pos) : 0x0a;
    if (c !== 0x0a && c !== 0x0d) continue;
    let first = lineStart;
    while (first < pos && isBlankChar(text.charCodeAt(first))) first++;
    const kind = first === pos ? EMPTY : text.charCodeAt(first) === 0x3e ? QUOTE : TEXT;
    let hasColon = 0;
    if (kind === TEXT && pos - lineStart <= MAX_PATTERN_LINE) {
      for (let k = first; k < pos; k++) if (text.charCodeAt(k) === 0x3a || text.charCodeAt(k) === 0xff1a) hasColon = 1;
    }
    const split = hasColon ? splitLine(text.slice(lineStart, pos)) : null;
    if (split) {
      for (const [from, to] of split) lines.push(lineStart + from, lineStart + to, TEXT, text.slice(lineStart + from, lineStart + to).includes(':') ? 1 : 0);
    } else {
      lines.push(lineStart, pos, kind, hasColon);
    }
    if (c === 0x0d && text.charCodeAt(pos + 1) === 0x0a) pos++;
    lineStart = pos + 1;
  }
  const n = lines.n;
  const kinds = lines.kind;
  const colon = lines.colon;
  const weak = new Uint8Array(n);

  for (let i = 0; i < n; i++) {
    // Every marker, header and field has a colon or a rule; other lines are text, with no pattern run on them.
    if (kinds[i] !== TEXT || lines.length(i) > MAX_PATTERN_LINE) continue;
    if (!colon[i] && !colon[i + 1] && !colon[i + 2] && !hasRuleChars(lines, i)) continue;
    const line = lines.line(i);
    if (FORWARD.test(line)) {
      kinds[i] = FORWARD_MARK;
      continue;
    }
    if (ORIGINAL_MESSAGE.test(line)) {
      kinds[i] = HEADER;
      continue;
    }
    const block = colon[i] ? fromBlockEnd(lines, kinds, i) : i;
    if (block > i) {
      let forwarded = false;
      for (let j = i; j < block; j++) forwarded ||= FORWARD_SUBJECT.test(lines.line(j));
      kinds.fill(forwarded ? FORWARD_MARK : HEADER, i, block);
      i = block - 1;
      continue;
    }
    const header = headerLines(lines, kinds, i);
    if (header > 0) {
      kinds.fill(HEADER, i, i + header);
      i += header - 1;
      continue;
    }
    if (colon[i] && isWeakHeader(line)) {
      kinds[i] = HEADER;
      weak[i] = 1;
    }
  }
  // A rule right above a header or forward marker belongs to it.
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== TEXT || lines.length(i) > MAX_PATTERN_LINE || !hasRuleChars(lines, i) || !RULE.test(lines.line(i))) continue;
    let next = i + 1;
    while (next < n && kinds[next] === EMPTY && next - i <= 2) next++;
    if (next < n && (kinds[next] === HEADER || kinds[next] === FORWARD_MARK)) {
      kinds[i] = kinds[next];
      weak[i] = weak[next];
    }
  }
  return { lines, kinds, weak };
}

/** Two rule characters in a row (`--`, `__`, `==`, `**`), found without slicing the line. */
function hasRuleChars(lines: TextLines, i: number): boolean {
  const { text } = lines;
  for (let k = lines.start[i] + 1; k < lines.end[i]; k++) {
    const c = text.charCodeAt(k);
    if ((c === 0x2d || c === 0x5f || c === 0x3d || c === 0x2a) && text.charCodeAt(k - 1) === c) return true;
  }
  return false;
}

/** How many lines (1 to 3) from `start` form a strong quote header; 0 when none does. */
function headerLines(lines: TextLines, kinds: Uint8Array, start: number): number {
  const first = lines.line(start);
  if (isStrongHeader(first)) return 1;
  if (!HEADER_START.test(first) && !DIGIT_OR_AT.test(first)) return 0;
  let joined = first.trim();
  for (let n = 2; n <= HEADER_MAX_LINES; n++) {
    const j = start + n - 1;
    if (j >= lines.n || kinds[j] !== TEXT || lines.length(j) > MAX_PATTERN_LINE) return 0;
    joined += ` ${lines.line(j).trim()}`;
    if (isStrongHeader(joined)) return n;
  }
  return 0;
}

/** The end (exclusive) of an Outlook-style From/Sent/To/Subject block starting at `start`, or `start` when there is none. */
function fromBlockEnd(lines: TextLines, kinds: Uint8Array, start: number): number {
  const from = lines.line(start);
  if (!FROM_FIELD.test(from)) return start;
  let end = start + 1;
  let dated = false;
  let fields = 0;
  while (end < lines.n && end - start < FROM_BLOCK_MAX_LINES && kinds[end] !== QUOTE && lines.length(end) <= MAX_PATTERN_LINE) {
    const line = lines.line(end);
    if (kinds[end] === EMPTY) {
      // Outlook on the web leaves a blank line between the fields now and then.
      const next = end + 1 < lines.n && lines.length(end + 1) <= MAX_PATTERN_LINE ? lines.line(end + 1) : '';
      if (DATE_FIELD.test(next) || OTHER_FIELD.test(next)) {
        end++;
        continue;
      }
      break;
    }
    if (DATE_FIELD.test(line)) dated = true;
    else if (!OTHER_FIELD.test(line)) break;
    fields++;
    end++;
  }
  const addressed = from.includes('@');
  return (dated && fields >= 1) || (addressed && fields >= 1) || fields >= 2 ? end : start;
}

/**
 * "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:" and
 * "bla--- On …": the header goes onto a line of its own so that the words
 * before it stay the reply's; "On …, Support<s@x> wrote:   Please check…"
 * (Yahoo on Android): the quote after the header goes onto a line of its
 * own. The parts, as [from, to) offsets into the line; null when the line
 * stays whole.
 */
function splitLine(line: string): [number, number][] | null {
  if (isQuoteMarked(line)) return null;
  if (endsWithWrote(line)) {
    const inside = HEADER_START_INSIDE.exec(line);
    if (!inside || inside.index === 0) return null;
    let beforeEnd = inside.index;
    while (beforeEnd > 0 && isBlankChar(line.charCodeAt(beforeEnd - 1))) beforeEnd--;
    while (beforeEnd > 0 && line.charCodeAt(beforeEnd - 1) === 0x2d) beforeEnd--;
    while (beforeEnd > 0 && isBlankChar(line.charCodeAt(beforeEnd - 1))) beforeEnd--;
    let headerStart = inside.index;
    while (headerStart < line.length && (isBlankChar(line.charCodeAt(headerStart)) || line.charCodeAt(headerStart) === 0x2d)) headerStart++;
    const before = line.slice(0, beforeEnd);
    return before.trim() && isStrongHeader(line.slice(headerStart)) ? [[0, beforeEnd], [headerStart, line.length]] : null;
  }
  // The anchored test first: it fails on the first words of almost every line, the verb search scans all of it.
  const verb = HEADER_START.test(line) ? WROTE_COLON.exec(line) : null;
  if (verb) {
    const end = verb.index + verb[0].length;
    let restStart = end;
    while (restStart < line.length && isBlankChar(line.charCodeAt(restStart))) restStart++;
    if (restStart < line.length && isStrongHeader(line.slice(0, end))) return [[0, end], [restStart, line.length]];
  }
  return null;
}

function isQuoteMarked(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x3e) return true;
    if (!isBlankChar(c)) return false;
  }
  return false;
}
