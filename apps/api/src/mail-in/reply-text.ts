import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

const QUOTE_VERBS = '(?:wrote|пише|написав|написала|написав\\(ла\\)|пишет|написал|написала?\\(а\\)|schrieb)';
/** "29.04.2021 10:55, Технічна підтримка пише:", "On Mon, 29 Apr 2021 at 10:55, X <x@y> wrote:". */
const QUOTE_HEADER = new RegExp(`^(?:.{0,300}\\s)?${QUOTE_VERBS}\\s*:\\s*$`, 'i');
/** Some clients wrap the "On … wrote:" line: its first half starts with On/У/В and a date or weekday. */
const QUOTE_HEADER_START = /^\s*(On|У|В|Вт|Пн|Ср|Чт|Пт|Сб|Нд|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\b/i;
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(Original Message|Оригінальне повідомлення|Вихідне повідомлення|Исходное сообщение|Forwarded message|Пересланий лист)\s*-{2,}\s*$/i;
const OUTLOOK_FROM = /^\s*\*?(From|Від|От|Відправник)\s*:\*?\s*\S/i;
const OUTLOOK_SENT = /^\s*\*?(Sent|Date|Надіслано|Дата|Отправлено)\s*:\*?\s*\S/i;
const OUTLOOK_RULE = /^\s*(_{10,}|-{10,})\s*$/;
const QUOTED_LINE = /^\s*>/;

/**
 * R-MAIL-4: the participant's own words of a reply, without what it quotes.
 * Cuts at the first quote header (Ukrainian and English clients, Outlook's
 * From/Sent block, "-----Original Message-----") and drops `>` lines.
 */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (ORIGINAL_MESSAGE.test(line)) {
      end = i;
      break;
    }
    if (QUOTE_HEADER.test(line)) {
      const previous = i > 0 ? lines[i - 1] : '';
      end = previous.trim() && QUOTE_HEADER_START.test(previous) && !QUOTE_HEADER_START.test(line) ? i - 1 : i;
      break;
    }
    if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 5).some((next) => OUTLOOK_SENT.test(next))) {
      end = i > 0 && OUTLOOK_RULE.test(lines[i - 1]) ? i - 1 : i;
      break;
    }
  }
  const own = lines
    .slice(0, end)
    .filter((line) => !QUOTED_LINE.test(line))
    .join('\n');
  // Only a blank that follows no blank may start the match: `/[ \t]+$/gm` alone retried from every blank of a
  // run and rescanned the rest of it, quadratic in the run (60,000 blanks held the event loop for 10 s).
  return own.replace(/(?<![ \t])[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Quote containers of Gmail, Apple Mail, Thunderbird and Yahoo, dropped
 * before the HTML becomes text. Outlook's quote is no container (its
 * From/Sent block is followed by sibling elements), so it is left to the
 * text rules, which cut at that block.
 */
const HTML_QUOTE_SELECTORS = ['blockquote', 'div.gmail_quote', 'div.gmail_extra', 'div.moz-cite-prefix', 'div.yahoo_quoted'];

/**
 * HTML-only mail as text: sanitised first (no scripts, styles or remote
 * content survive), quote containers skipped, then rendered to plain text.
 */
export function htmlToText(html: string, { withoutQuotes }: { withoutQuotes: boolean }): string {
  const clean = sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img']),
    allowedAttributes: { a: ['href'], div: ['class', 'id'], blockquote: ['type', 'class'], img: ['alt'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    // Deeper tags are dropped (their text kept): html-to-text's time grows with the square of the nesting,
    // 6 s for 80,000 nested <b>. Real mail nests a few dozen deep.
    nestingLimit: 200,
  });
  const text = convert(clean, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'img', format: 'skip' },
      { selector: 'hr', format: 'skip' },
      ...(withoutQuotes ? HTML_QUOTE_SELECTORS.map((selector) => ({ selector, format: 'skip' })) : []),
    ],
  });
  return withoutQuotes ? stripQuotedText(text) : text.trim();
}
