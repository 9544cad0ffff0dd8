import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import * as argon2 from 'argon2';
import { ApiException } from '../common/api.exception';

const PASSWORD_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const MIN_PASSWORD_LENGTH = 10;

export function hashSecret(secret: string): Promise<string> {
  return argon2.hash(secret, { type: argon2.argon2id });
}

export async function verifySecret(hash: string, secret: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, secret);
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows: verified against when the e-mail is unknown, so timing does not tell which e-mails exist. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashSecret(randomBytes(16).toString('hex'));
  return decoyHash;
}

export function generatePassword(length = 16): string {
  let password = '';
  for (let i = 0; i < length; i++) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}

/** `ABCDE-FGH23`: 50 bits each, typed rarely, so readable beats short. */
export function generateRecoveryCode(): string {
  let raw = '';
  for (let i = 0; i < 10; i++) raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

export function normalizeRecoveryCode(input: string): string {
  const raw = input.replace(/[\s-]/g, '').toUpperCase();
  return raw.length === 10 ? `${raw.slice(0, 5)}-${raw.slice(5)}` : raw;
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The CSRF token of a session, derived from its secret token: the browser
 * gets it from an answer it can read only on our origin, and no table keeps it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

/** Whether a state-changing call carries its session's CSRF token (compared in constant time). */
export function csrfTokenMatches(given: string | undefined, sessionToken: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(csrfTokenFor(sessionToken));
  return a.length === b.length && timingSafeEqual(a, b);
}

export function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ApiException(HttpStatus.BAD_REQUEST, 'password_too_short', { min: MIN_PASSWORD_LENGTH });
}
