import LinkifyIt from 'linkify-it';

/**
 * Issue 17: a message's text as HTML, with its web and mail addresses as links — one function for
 * the portal, the workspace and the HTML e-mails, so all three escape and link alike. The only
 * runtime dependency of the contracts: the API and the web app must not disagree on what a link is.
 *
 * What is found is linkify-it's (the engine markdown-it links with): `http(s)://…`, `mailto:…`, bare
 * `www.…` or `domain.tld/…` (made `http://`) and bare addresses (made `mailto:`), with trailing
 * punctuation and an unbalanced closing bracket left outside. Other schemes (`ftp:`, `//`) are turned
 * off, and whatever a match normalises to must still start with http:, https: or mailto:, so a
 * `javascript:` or `data:` link can never come out. The text is escaped once, here: give it raw text,
 * never HTML.
 */
const linkify = new LinkifyIt({}, { fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false }).add('ftp:', null).add('//', null);

const CLOSING_QUOTES = '»”’';
const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
/**
 * Issue 12.7's `unlinkable` puts a zero-width space after each `.`, `:` and `@` of a link-like word a
 * participant wrote, for our e-mails; such a word stays text here too, whatever linkify-it makes of it.
 */
const BROKEN_ON_PURPOSE = /\u200b|\u200c|\u200d|\u2060|\ufeff/;
/** Handlebars' escapes, so that an e-mail's text reads byte for byte as before links were made. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };

/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => ESCAPES[c]);
}

/** The links of a text: where each starts and ends, and the address it leads to (http, https or mailto only). */
export interface TextLink {
  start: number;
  end: number;
  href: string;
}

export function findLinks(text: string): TextLink[] {
  const links: TextLink[] = [];
  for (const match of linkify.match(text) ?? []) {
    if (!SAFE_URL.test(match.url) || BROKEN_ON_PURPOSE.test(match.raw)) continue;
    // linkify-it takes the closing quotes Ukrainian text writes («…», “…”) for part of the address.
    let cut = 0;
    while (cut < match.raw.length - 1 && CLOSING_QUOTES.includes(match.raw[match.raw.length - 1 - cut]) && match.url.endsWith(match.raw.slice(match.raw.length - 1 - cut))) cut++;
    links.push({ start: match.index, end: match.lastIndex - cut, href: match.url.slice(0, match.url.length - cut) });
  }
  return links;
}

/**
 * `text` escaped, its links as `<a href="…" rel="noopener noreferrer" target="_blank">`. Line breaks
 * are kept as they are (a page shows them with `white-space: pre-wrap`, an e-mail turns them into `<br>`).
 * Linear: linkify-it scans once, and the pieces between links are escaped once each.
 */
export function linkifyHtml(text: string): string {
  let html = '';
  let at = 0;
  for (const link of findLinks(text)) {
    html += escapeHtml(text.slice(at, link.start));
    html += `<a href="${escapeHtml(link.href)}" rel="noopener noreferrer" target="_blank">${escapeHtml(text.slice(link.start, link.end))}</a>`;
    at = link.end;
  }
  return html + escapeHtml(text.slice(at));
}
