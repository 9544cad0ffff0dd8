import { negotiateLocale } from './locale';

describe('negotiateLocale: Ukrainian by default, English when asked', () => {
  it.each([
    [undefined, 'uk'],
    ['', 'uk'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['uk-UA,uk;q=0.9,en;q=0.8', 'uk'],
    ['de-DE,de;q=0.9,en;q=0.5', 'en'],
    ['de, fr', 'uk'],
    ['en;q=0.3, uk;q=0.7', 'uk'],
    ['en;q=0, uk;q=0', 'uk'],
    ['*', 'uk'],
    [['en', 'uk'], 'en'],
    ['garbage;;;q=abc', 'uk'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});
