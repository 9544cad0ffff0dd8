import type MarkdownIt from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';

interface ArticleRenderer {
  markdown: MarkdownIt;
  sanitize: typeof sanitizeHtml;
  allowed: sanitizeHtml.IOptions;
  convert: typeof import('html-to-text').convert;
}

let renderer: ArticleRenderer | undefined;

/**
 * Loaded with the first article, not at start (issue 14): the three packages are large, and articles
 * are rendered only when the CMS sends them. Synchronous, as rendering is.
 */
function articleRenderer(): ArticleRenderer {
  if (renderer) return renderer;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (above) */
  const MarkdownItClass = require('markdown-it') as typeof MarkdownIt;
  const sanitize = require('sanitize-html') as typeof sanitizeHtml;
  const { convert } = require('html-to-text') as typeof import('html-to-text');
  /* eslint-enable @typescript-eslint/no-require-imports */
  renderer = {
    // Editors write Markdown; raw HTML in it is not interpreted, and the result is
    // sanitised again, so a compromised CMS account cannot put script on the portal.
    markdown: new MarkdownItClass({ html: false, linkify: true, breaks: false }),
    sanitize,
    allowed: {
      allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img'],
      allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'title'], th: ['style'], td: ['style'] },
      allowedSchemes: ['http', 'https', 'mailto'],
      allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
      transformTags: { a: sanitize.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
    },
    convert,
  };
  return renderer;
}

export function renderArticleBody(source: string): { html: string; text: string } {
  const { markdown, sanitize, allowed, convert } = articleRenderer();
  const html = sanitize(markdown.render(source), allowed);
  const text = convert(html, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'h2', options: { uppercase: false } }, { selector: 'h1', options: { uppercase: false } }, { selector: 'h3', options: { uppercase: false } }] })
    .replace(/\s+/g, ' ')
    .trim();
  return { html, text };
}
