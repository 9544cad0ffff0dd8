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
 * lines between answers and its current release needs Node 22. Neither knows
 * the Ukrainian and Russian headers of ukr.net, i.ua and Gmail in uk/ru.
 *
 * Everything is linear in the input: lines are classified one by one, the
 * patterns only ever see lines no longer than MAX_PATTERN_LINE (a quote
 * header is short; a longer line is text), look-aheads are bounded, and no
 * regular expression runs over unbounded text.
 */

export type LineKind = 'empty' | 'quote' | 'header' | 'forward' | 'text';

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

/** Marker-quoted line, without a regex so that a megabyte of blanks costs one pass. */
function isQuoteMarked(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x3e /* > */) return true;
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return false;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0 && c !== 0x0c && c !== 0x0b && c !== 0x200b && c !== 0xfeff) return false;
  }
  return true;
}

const short = (line: string) => line.length <= MAX_PATTERN_LINE;

/** A header that marks quoted text even when it is not `>`-marked: it names a date or an address. */
function isStrongHeader(candidate: string): boolean {
  const line = candidate.trim();
  if (!line.endsWith(':') && !/:\s*-*$/.test(line.slice(-12))) return false;
  if (ENDS_WITH_WROTE.test(line)) return DIGIT_OR_AT.test(line);
  if (AM_OP.test(line) && VERB_BEFORE_SENDER.test(line) && DIGIT_OR_AT.test(line)) return true;
  return ENDS_WITH_ADDRESS.test(line) && TIME.test(line) && HEADER_START.test(line);
}

/** "Roman wrote:" with neither date nor address: a header only when `>` lines follow it. */
function isWeakHeader(candidate: string): boolean {
  const line = candidate.trim();
  return line.length <= 200 && ENDS_WITH_WROTE.test(line);
}

export interface ClassifiedLines {
  lines: string[];
  kinds: LineKind[];
  /** Headers with neither date nor address, which count only when quoted lines follow. */
  weak: boolean[];
}

export function classifyLines(text: string): ClassifiedLines {
  const lines = splitHeaderFromReply(text.replace(/\r\n?/g, '\n').split('\n'));
  const kinds: LineKind[] = new Array(lines.length);
  const weak: boolean[] = new Array(lines.length).fill(false);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) kinds[i] = 'empty';
    else if (isQuoteMarked(line)) kinds[i] = 'quote';
    else kinds[i] = 'text';
  }
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== 'text' || !short(lines[i])) continue;
    const line = lines[i];
    if (FORWARD.test(line)) {
      kinds[i] = 'forward';
      continue;
    }
    if (ORIGINAL_MESSAGE.test(line)) {
      kinds[i] = 'header';
      continue;
    }
    const block = fromBlockEnd(lines, kinds, i);
    if (block > i) {
      const forwarded = lines.slice(i, block).some((field) => FORWARD_SUBJECT.test(field));
      for (let j = i; j < block; j++) kinds[j] = forwarded ? 'forward' : 'header';
      i = block - 1;
      continue;
    }
    const header = headerLines(lines, kinds, i);
    if (header > 0) {
      for (let j = i; j < i + header; j++) kinds[j] = 'header';
      i += header - 1;
      continue;
    }
    if (isWeakHeader(line)) {
      kinds[i] = 'header';
      weak[i] = true;
    }
  }
  // A rule right above a header or forward marker belongs to it.
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== 'text' || !short(lines[i]) || !RULE.test(lines[i])) continue;
    let next = i + 1;
    while (next < lines.length && kinds[next] === 'empty' && next - i <= 2) next++;
    if (next < lines.length && (kinds[next] === 'header' || kinds[next] === 'forward')) {
      kinds[i] = kinds[next];
      weak[i] = weak[next];
    }
  }
  return { lines, kinds, weak };
}

/** How many lines (1 to 3) from `start` form a strong quote header; 0 when none does. */
function headerLines(lines: string[], kinds: LineKind[], start: number): number {
  if (isStrongHeader(lines[start])) return 1;
  if (!HEADER_START.test(lines[start]) && !DIGIT_OR_AT.test(lines[start])) return 0;
  let joined = lines[start].trim();
  for (let n = 2; n <= HEADER_MAX_LINES; n++) {
    const j = start + n - 1;
    if (j >= lines.length || kinds[j] !== 'text' || !short(lines[j])) return 0;
    joined += ` ${lines[j].trim()}`;
    if (isStrongHeader(joined)) return n;
  }
  return 0;
}

/** The end (exclusive) of an Outlook-style From/Sent/To/Subject block starting at `start`, or `start` when there is none. */
function fromBlockEnd(lines: string[], kinds: LineKind[], start: number): number {
  if (!FROM_FIELD.test(lines[start])) return start;
  let end = start + 1;
  let dated = false;
  let fields = 0;
  while (end < lines.length && end - start < FROM_BLOCK_MAX_LINES && kinds[end] !== 'quote' && short(lines[end])) {
    const line = lines[end];
    if (kinds[end] === 'empty') {
      // Outlook on the web leaves a blank line between the fields now and then.
      if (end + 1 < lines.length && short(lines[end + 1]) && (DATE_FIELD.test(lines[end + 1]) || OTHER_FIELD.test(lines[end + 1]))) {
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
  const addressed = lines[start].includes('@');
  return (dated && fields >= 1) || (addressed && fields >= 1) || fields >= 2 ? end : start;
}

/**
 * "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:" and
 * "bla--- On …": the header is moved onto its own line so that the words
 * before it stay the reply's. Only lines that end like a header are looked at.
 */
function splitHeaderFromReply(lines: string[]): string[] {
  let out: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const split = short(line) && !isQuoteMarked(line) ? splitLine(line) : null;
    if (split && !out) out = lines.slice(0, i);
    if (out) split ? out.push(...split) : out.push(line);
  }
  return out ?? lines;
}

function splitLine(line: string): string[] | null {
  if (ENDS_WITH_WROTE.test(line)) {
    const inside = HEADER_START_INSIDE.exec(line);
    if (inside && inside.index > 0) {
      const before = line.slice(0, inside.index).replace(/-+\s*$/, '');
      const header = line.slice(inside.index).replace(/^\s*-*\s*/, '');
      if (before.trim() && isStrongHeader(header)) return [before.trimEnd(), header];
    }
    return null;
  }
  // "On Thu, Apr 29, 2021 at 10:55, Support<s@x> wrote:   Please check…" (Yahoo on Android): the header, then the quote.
  const verb = WROTE_COLON.exec(line);
  if (verb && HEADER_START.test(line)) {
    const end = verb.index + verb[0].length;
    const header = line.slice(0, end);
    if (line.slice(end).trim() && isStrongHeader(header)) return [header, line.slice(end).trim()];
  }
  return null;
}
