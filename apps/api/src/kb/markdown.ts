import MarkdownIt from 'markdown-it';
import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

// Editors write Markdown; raw HTML in it is not interpreted, and the result is
// sanitised again, so a compromised CMS account cannot put script on the portal.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'title'], th: ['style'], td: ['style'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
};

export function renderArticleBody(source: string): { html: string; text: string } {
  const html = sanitizeHtml(markdown.render(source), ALLOWED);
  const text = convert(html, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'h2', options: { uppercase: false } }, { selector: 'h1', options: { uppercase: false } }, { selector: 'h3', options: { uppercase: false } }] })
    .replace(/\s+/g, ' ')
    .trim();
  return { html, text };
}
