import { renderArticleBody } from './markdown';

describe('renderArticleBody', () => {
  it('renders the Markdown editors write: headings, numbered steps, links', () => {
    const { html, text } = renderArticleBody('## Кроки\n\n1. Очистіть кеш\n2. Перевірте [czo.gov.ua](https://czo.gov.ua)\n');
    expect(html).toContain('<h2>Кроки</h2>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<a href="https://czo.gov.ua" rel="noopener noreferrer" target="_blank">czo.gov.ua</a>');
    expect(text).toBe('Кроки 1. Очистіть кеш 2. Перевірте czo.gov.ua');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '![x](javascript:alert(1))',
    '<iframe src="https://evil"></iframe>',
  ])('leaves nothing executable of %j', (source) => {
    const { html } = renderArticleBody(source);
    expect(html).not.toMatch(/<(script|iframe|img)\b/);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/);
    expect(html).not.toMatch(/<[^>]*(href|src)="javascript:/i);
  });
});
