import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import type { AltchaChallengeView } from '@pidtrymka/contracts';

/**
 * Issue 12.7, CAPTCHA_PROVIDER=altcha: finds the proof of work the API asked for, with the browser's
 * own WebCrypto PBKDF2 (nothing else is downloaded, no third party is asked). Loaded only on a form
 * that needs it, so the portal's first load does not carry it. The search awaits WebCrypto for each
 * try and yields regularly, so the page stays responsive meanwhile.
 * Resolves to ALTCHA's payload, base64 JSON `{ challenge, solution }`, or null if it was aborted.
 */
export async function solveAltcha(challenge: AltchaChallengeView, signal: AbortSignal): Promise<string | null> {
  const controller = new AbortController();
  signal.addEventListener('abort', () => controller.abort(), { once: true });
  const solution = await solveChallenge({ challenge: challenge as unknown as Challenge, deriveKey, controller });
  if (!solution) return null;
  return btoa(JSON.stringify({ challenge, solution }));
}
