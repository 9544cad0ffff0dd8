import { searchTerms } from './staff-tickets.service';

describe('searchTerms', () => {
  it('turns words into prefix matches of the simple configuration, in any script', () => {
    expect(searchTerms('Невалідний СЕРТИФ').tsquery).toBe('невалідний:* & сертиф:*');
    expect(searchTerms('authoris-fail').tsquery).toBe('authoris:* & fail:*');
  });

  it('keeps tsquery syntax out of the query, so no input is a syntax error', () => {
    expect(searchTerms("a' | !b & (c:*)").tsquery).toBe('a:* & b:* & c:*');
    expect(searchTerms('!!!').tsquery).toBeNull();
  });

  it('escapes LIKE wildcards and skips trigrams under three characters', () => {
    expect(searchTerms('50%_off').like).toBe('%50\\%\\_off%');
    expect(searchTerms('ab').like).toBeNull();
  });

  it('recognises a tracking ID however it is typed, and a request number', () => {
    expect(searchTerms('aza dmp aj8s').trackingId).toBe('AZA-DMP-AJ8S');
    expect(searchTerms('#79').number).toBe(79);
    expect(searchTerms('79 bids').number).toBeNull();
  });
});
