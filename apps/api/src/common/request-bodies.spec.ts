import { normalizeBody } from './request-bodies';

describe('request body normalisation', () => {
  it('measures nesting without recursion, so a body 100,000 deep cannot overflow the check itself', () => {
    expect(normalizeBody(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), 16)).toBe(false);
    expect(normalizeBody({ name: 'a', categoryIds: [1, 2] }, 16)).toBe(true);
    expect(normalizeBody(JSON.parse('{"a":'.repeat(16) + '1' + '}'.repeat(16)), 16)).toBe(true);
    expect(normalizeBody(JSON.parse('{"a":'.repeat(17) + '{}' + '}'.repeat(17)), 16)).toBe(false);
    expect(normalizeBody('text', 0)).toBe(true);
    expect(normalizeBody(undefined, 16)).toBe(true);
  });

  it('replaces lone surrogates in place and leaves well-formed text alone', () => {
    const body = JSON.parse('{"a":"x\\ud800y","b":["\\udfff"],"c":"👩‍👩‍👧","d":{"e":"\\udbff"}}');
    expect(normalizeBody(body, 16)).toBe(true);
    expect(body).toEqual({ a: 'x\uFFFDy', b: ['\uFFFD'], c: '👩‍👩‍👧', d: { e: '\uFFFD' } });
  });
});
