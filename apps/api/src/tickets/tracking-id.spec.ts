import { TRACKING_ID_PATTERN } from '@pidtrymka/contracts';
import { generateTrackingId, normalizeTrackingId } from './tracking-id';

describe('tracking IDs (R-SUB-4)', () => {
  it('look like AZA-DMP-AJ8S and never use look-alike characters', () => {
    for (let i = 0; i < 2000; i++) {
      const id = generateTrackingId();
      expect(id).toMatch(TRACKING_ID_PATTERN);
      expect(id).not.toMatch(/[01OIL]/);
    }
  });

  it('are spread over the alphabet rather than repeating', () => {
    const ids = new Set(Array.from({ length: 10_000 }, generateTrackingId));
    expect(ids.size).toBe(10_000);
  });

  it.each([
    ['  aza-dmp-aj8s ', 'AZA-DMP-AJ8S'],
    ['AZADMPAJ8S', 'AZA-DMP-AJ8S'],
    ['[#NQV-5ND-HWAE]', 'NQV-5ND-HWAE'],
    ['aza dmp aj8s', 'AZA-DMP-AJ8S'],
  ])('normalises %j to %s', (input, expected) => {
    expect(normalizeTrackingId(input)).toBe(expected);
  });

  it.each(['', 'AZA-DMP-AJ8', 'AZA-DMP-AJ8SS', 'AZA-DMP-AJ0S', 'AZA-DMP-AJOS', "' OR 1=1 --"])('refuses %j', (input) => {
    expect(normalizeTrackingId(input)).toBeNull();
  });
});
