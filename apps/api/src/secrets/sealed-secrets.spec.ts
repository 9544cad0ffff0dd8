import { randomBytes } from 'node:crypto';
import { isSealed, keyIdOf, parseKey, sealedKeyId, SecretSealer, UnsealError } from './sealed-secrets';

const CONTEXT = 'webhooks.secret:0b6f1c55-7c1f-4c8f-9d55-0d7a4c1e2f10';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** The problem an UnsealError reports, or a failure when `open` does not throw one. */
function problemOf(open: () => string): string {
  try {
    open();
  } catch (error) {
    if (error instanceof UnsealError) return error.problem;
    throw error;
  }
  throw new Error('opened');
}

describe('issue 16: stored secrets sealed with AES-256-GCM (SecretSealer)', () => {
  const key = randomBytes(32);
  const sealer = new SecretSealer(key);

  it('round trip: what is sealed opens to itself, and each sealing is different (a fresh IV)', () => {
    const sealed = sealer.seal(SECRET, CONTEXT);
    expect(sealer.open(sealed, CONTEXT)).toBe(SECRET);
    expect(sealer.seal(SECRET, CONTEXT)).not.toBe(sealed);
    expect(sealer.open(sealer.seal('', CONTEXT), CONTEXT)).toBe('');
    expect(sealer.open(sealer.seal('Секрет ✓', CONTEXT), CONTEXT)).toBe('Секрет ✓');
  });

  it('format: v1:<key id>:<iv>:<tag>:<ciphertext>, base64url, the key named by a digest, no clear text', () => {
    const sealed = sealer.seal(SECRET, CONTEXT);
    const parts = sealed.split(':');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('v1');
    expect(parts[1]).toBe(keyIdOf(key));
    expect(parts[1]).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(Buffer.from(parts[2], 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[3], 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[4], 'base64url')).toHaveLength(Buffer.byteLength(SECRET));
    for (const part of parts.slice(1)) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET.slice(6, 16));
    expect(sealed).not.toContain(key.toString('base64url'));
    expect([isSealed(sealed), isSealed(SECRET), sealedKeyId(sealed), sealedKeyId(SECRET)]).toEqual([true, false, keyIdOf(key), undefined]);
  });

  it('tampering with any part is an error, never a wrong value', () => {
    const parts = sealer.seal(SECRET, CONTEXT).split(':');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index], 'base64url');
      bytes[0] ^= 1;
      const tampered = parts.map((part, i) => (i === index ? bytes.toString('base64url') : part)).join(':');
      expect(problemOf(() => sealer.open(tampered, CONTEXT))).toBe('tampered');
    }
    // Bound to its row and column: copied elsewhere it does not open.
    expect(problemOf(() => sealer.open(parts.join(':'), 'webhooks.secret:another-row'))).toBe('tampered');
    expect(problemOf(() => sealer.open(parts.join(':'), CONTEXT.replace('webhooks.secret', 'staff_accounts.totp_secret')))).toBe('tampered');
    expect(problemOf(() => sealer.open(parts.slice(0, 4).join(':'), CONTEXT))).toBe('malformed');
    expect(problemOf(() => sealer.open(['v2', ...parts.slice(1)].join(':'), CONTEXT))).toBe('malformed');
    expect(problemOf(() => sealer.open([...parts.slice(0, 2), 'AAAA', ...parts.slice(3)].join(':'), CONTEXT))).toBe('malformed');
    expect(problemOf(() => sealer.open(SECRET, CONTEXT))).toBe('malformed');
  });

  it('a wrong key is an error naming the settings to fix, not a crash or a guess', () => {
    const sealed = sealer.seal(SECRET, CONTEXT);
    const other = new SecretSealer(randomBytes(32));
    expect(problemOf(() => other.open(sealed, CONTEXT))).toBe('unknown_key');
    expect(() => other.open(sealed, CONTEXT)).toThrow(new RegExp(`sealed with key ${keyIdOf(key)}, which is neither SECRETS_KEY \\(key ${other.currentKeyId}\\) nor in SECRETS_KEY_PREVIOUS`));
    // A key id forged onto another key's value still fails the integrity check.
    const parts = sealed.split(':');
    parts[1] = other.currentKeyId;
    expect(problemOf(() => other.open(parts.join(':'), CONTEXT))).toBe('tampered');
  });

  it('rotation: the previous key still opens what it sealed, new values are sealed with the current one', () => {
    const oldKey = randomBytes(32);
    const before = new SecretSealer(oldKey);
    const sealedBefore = before.seal(SECRET, CONTEXT);
    const rotated = new SecretSealer(key, [oldKey]);
    expect(rotated.open(sealedBefore, CONTEXT)).toBe(SECRET);
    expect(rotated.needsSealing(sealedBefore)).toBe(true);
    const sealedAfter = rotated.seal(SECRET, CONTEXT);
    expect(sealedKeyId(sealedAfter)).toBe(keyIdOf(key));
    expect(rotated.needsSealing(sealedAfter)).toBe(false);
    expect(rotated.needsSealing(SECRET)).toBe(true);
    // The old key alone does not open the new value: once every value is sealed again it may go.
    expect(problemOf(() => before.open(sealedAfter, CONTEXT))).toBe('unknown_key');
    expect([rotated.knowsKey(keyIdOf(oldKey)), before.knowsKey(keyIdOf(key))]).toEqual([true, false]);
  });

  it('reads a key as 64 hex digits or 32 bytes of base64 / base64url, and refuses any other size', () => {
    expect(parseKey(key.toString('hex'))).toEqual(key);
    expect(parseKey(key.toString('base64'))).toEqual(key);
    expect(parseKey(` ${key.toString('base64url')}\n`)).toEqual(key);
    expect(() => parseKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => new SecretSealer(randomBytes(16))).toThrow(/32 bytes/);
  });
});
