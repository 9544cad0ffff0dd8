import { readQuoteCorpus } from './reply-corpus';
import { htmlToText, stripQuotedText } from './reply-text';

/**
 * Issue 15 / R-MAIL-4: the corpus of real-shaped replies in tests/mail/quotes.
 * Every case must come out exactly right; the share by client and language
 * is printed so that a regression shows where it is.
 */
const corpus = readQuoteCorpus();

function clean(input: string, type: 'text' | 'html'): string {
  return type === 'html' ? htmlToText(input, { withoutQuotes: true }) : stripQuotedText(input);
}

describe('15.3 the quote-removal corpus (R-MAIL-4)', () => {
  it('has at least 100 cases from the common clients, in uk, en and other languages, plain and HTML', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
    expect(new Set(corpus.map((c) => c.client)).size).toBeGreaterThanOrEqual(8);
    expect(corpus.filter((c) => c.type === 'html').length).toBeGreaterThanOrEqual(20);
  });

  it('reports the share exactly right by client and language', () => {
    const score = (key: (c: (typeof corpus)[number]) => string) => {
      const table = new Map<string, [number, number]>();
      for (const c of corpus) {
        const [right, all] = table.get(key(c)) ?? [0, 0];
        table.set(key(c), [right + (clean(c.input, c.type) === c.expected ? 1 : 0), all + 1]);
      }
      return [...table].map(([name, [right, all]]) => `${name} ${right}/${all}`).join(', ');
    };
    const right = corpus.filter((c) => clean(c.input, c.type) === c.expected).length;
    console.log(`quote corpus: ${right}/${corpus.length} exactly right (${((100 * right) / corpus.length).toFixed(1)} %)\nby client: ${score((c) => c.client)}\nby language: ${score((c) => c.language)}\nby type: ${score((c) => c.type)}`);
    expect(right / corpus.length).toBeGreaterThanOrEqual(0.98);
  });

  it.each(corpus.map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(clean(c.input, c.type)).toBe(c.expected);
  });
});
