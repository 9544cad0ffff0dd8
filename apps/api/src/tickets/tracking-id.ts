import { randomInt } from 'node:crypto';
import { TRACKING_ID_ALPHABET, TRACKING_ID_PATTERN } from '@pidtrymka/contracts';

const LENGTH = 10;

/** `AZA-DMP-AJ8S`: 31^10 ≈ 8·10^14 values from a CSPRNG, so IDs cannot be guessed (R-SUB-4). */
export function generateTrackingId(): string {
  let raw = '';
  for (let i = 0; i < LENGTH; i++) raw += TRACKING_ID_ALPHABET[randomInt(TRACKING_ID_ALPHABET.length)];
  return format(raw);
}

/**
 * What people type or paste: surrounding spaces, lower case, no dashes, `[#…]`
 * from an e-mail subject. Null when it cannot be a tracking ID.
 */
export function normalizeTrackingId(input: string): string | null {
  const raw = input.trim().replace(/^\[?#?/, '').replace(/\]$/, '').replace(/[\s-]/g, '').toUpperCase();
  if (raw.length !== LENGTH) return null;
  const candidate = format(raw);
  return TRACKING_ID_PATTERN.test(candidate) ? candidate : null;
}

function format(raw: string): string {
  return `${raw.slice(0, 3)}-${raw.slice(3, 6)}-${raw.slice(6)}`;
}
