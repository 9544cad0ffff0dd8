import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Issue 16: the one way the API keeps a secret it must read back (a webhook's
 * signing secret, a staff member's TOTP secret) in PostgreSQL: AES-256-GCM
 * with a key that never enters the database, so a dump, a backup or a reader
 * of the embedded server's files gets nothing it can sign or sign in with.
 *
 * Stored form: `v1:<key id>:<iv>:<tag>:<ciphertext>`, each part base64url.
 * The key id names the key (a digest of it, not the key), so several keys can
 * be in force while one is rotated out. The context (e.g.
 * `webhooks.secret:<id>`) is the additional authenticated data: a sealed value
 * copied onto another row, or into another column, does not open there.
 */
export const SEALED_VERSION = 'v1';
const PREFIX = `${SEALED_VERSION}:`;
const ALGORITHM = 'aes-256-gcm';
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PART = /^[A-Za-z0-9_-]+$/;
/** An empty secret seals to no ciphertext at all. */
const CIPHERTEXT = /^[A-Za-z0-9_-]*$/;

/** Why a sealed value did not open: the messages name the settings an operator can change. */
export type UnsealProblem = 'unknown_key' | 'tampered' | 'malformed';

export class UnsealError extends Error {
  constructor(
    readonly problem: UnsealProblem,
    message: string,
  ) {
    super(message);
    this.name = 'UnsealError';
  }
}

/** A key's id: 8 base64url characters of a digest, enough to tell keys apart, nothing about the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('pidtrymka sealed-secrets key id\0').update(key).digest().subarray(0, 6).toString('base64url');
}

/** A key as the settings give it: 64 hex digits or 32 bytes in base64 / base64url (44 characters, 43 without padding). */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`a key must be ${KEY_BYTES} bytes (64 hex digits or 44 base64 characters), got ${key.length}`);
  return key;
}

/** True for a value in the sealed form, whatever its key; anything else in a sealed column is clear text an earlier version stored. */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** The id of the key a sealed value was sealed with; undefined for a value not sealed. */
export function sealedKeyId(stored: string): string | undefined {
  return isSealed(stored) ? stored.split(':')[1] : undefined;
}

/**
 * Seals with the current key and opens with it or any previous one. Pure: the
 * keys come from SecretsService, which reads them from the settings (or
 * DATA_DIR).
 */
export class SecretSealer {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  /**
   * @param current seals every new value
   * @param previous still open what they sealed (a rotation in progress), never seal
   * @param settingNames how the messages name the settings, for the operator
   */
  constructor(
    private readonly current: Buffer,
    previous: readonly Buffer[] = [],
    private readonly settingNames = { current: 'SECRETS_KEY', previous: 'SECRETS_KEY_PREVIOUS' },
  ) {
    if (current.length !== KEY_BYTES) throw new Error(`the sealing key must be ${KEY_BYTES} bytes`);
    this.currentKeyId = keyIdOf(current);
    for (const key of previous) this.keys.set(keyIdOf(key), key);
    this.keys.set(this.currentKeyId, current);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [SEALED_VERSION, this.currentKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
  }

  /** The clear value; throws UnsealError when it cannot be had (never returns a guess). */
  open(stored: string, context: string): string {
    const parts = stored.split(':');
    if (parts.length !== 5 || parts[0] !== SEALED_VERSION || !parts.slice(1, 4).every((part) => PART.test(part)) || !CIPHERTEXT.test(parts[4])) {
      throw new UnsealError('malformed', `not a sealed value of version ${SEALED_VERSION}`);
    }
    const [, keyId, iv, tag, ciphertext] = parts;
    const key = this.keys.get(keyId);
    if (!key) {
      throw new UnsealError(
        'unknown_key',
        `sealed with key ${keyId}, which is neither ${this.settingNames.current} (key ${this.currentKeyId}) nor in ${this.settingNames.previous}: give every instance the key that sealed it`,
      );
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new UnsealError('malformed', 'a sealed value with a wrong IV or tag length');
    try {
      const decipher = createDecipheriv(ALGORITHM, key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnsealError('tampered', `a sealed value of key ${keyId} failed its integrity check (changed, or copied from another record)`);
    }
  }

  /** Clear text, or sealed by a key other than the current one: what the start-up step seals (again). */
  needsSealing(stored: string): boolean {
    return sealedKeyId(stored) !== this.currentKeyId;
  }

  knowsKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }
}
