import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Repository } from 'typeorm';
import { settingsFrom } from '../config/settings';
import { AltchaCaptchaProvider, AltchaCaptchaSettings } from './altcha-captcha.provider';
import type { CaptchaChallengeEntity } from './captcha-challenge.entity';
import { CaptchaChallengeSettings } from './captcha-challenges';
import { CaptchaChallengesRepository } from './captcha-challenges.repository';
import { ImageCaptchaProvider } from './image-captcha.provider';

/**
 * The providers against a stand-in for `captcha_challenges`: rows by id, taken (deleted) by the
 * one-statement check the providers run, with `fresh` from an expiry the test can move.
 */
function fakeChallenges() {
  const rows = new Map<string, { answer: string; expiresAt: Date }>();
  const repository = {
    insert: jest.fn(async (row: { id: string; answer: string; expiresAt: Date }) => void rows.set(row.id, { answer: row.answer, expiresAt: row.expiresAt })),
    delete: jest.fn(async () => undefined),
    query: jest.fn(async (_sql: string, [id]: [string]) => {
      const row = rows.get(id);
      rows.delete(id);
      return row ? [{ answer: row.answer, fresh: row.expiresAt.getTime() > Date.now() }] : [];
    }),
  };
  return { rows, repository: new CaptchaChallengesRepository(repository as unknown as Repository<CaptchaChallengeEntity>) };
}

describe('12.7 the image captcha provider', () => {
  it('draws a PNG and keeps a five-digit answer; nothing vector is sent', async () => {
    const { rows, repository } = fakeChallenges();
    const provider = new ImageCaptchaProvider(repository, new CaptchaChallengeSettings());
    const challenge = await provider.createChallenge();
    expect(challenge.svg).toBeUndefined();
    expect(challenge.image).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(challenge.image!.split(',')[1], 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.toString('latin1')).not.toMatch(/<svg|<path/);
    expect(rows.get(challenge.id)?.answer).toMatch(/^\d{5}$/);
  });

  it('accepts the right answer once', async () => {
    const { rows, repository } = fakeChallenges();
    const provider = new ImageCaptchaProvider(repository, new CaptchaChallengeSettings());
    const { id } = await provider.createChallenge();
    const answer = rows.get(id)!.answer;
    expect(await provider.verify(id, answer)).toBe(true);
    expect(await provider.verify(id, answer)).toBe(false);
  });
});

describe('12.7 the ALTCHA captcha provider', () => {
  const settings = settingsFrom(AltchaCaptchaSettings, { CAPTCHA_ALTCHA_COST: '5', CAPTCHA_ALTCHA_COUNTER_MAX: '40', CAPTCHA_TTL_SECONDS: '600' });
  const payload = (challenge: Challenge, solution: unknown) => Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  async function solved(provider: AltchaCaptchaProvider) {
    const { id, altcha } = await provider.createChallenge();
    // The SDK types the challenge as the JSON the widget receives; altcha-lib's solver wants its own stricter type.
    const challenge = altcha as unknown as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    return { id, challenge, solution, answer: payload(challenge, solution) };
  }

  it('makes a signed PBKDF2 challenge with its id inside, and keeps only its key', async () => {
    const { rows, repository } = fakeChallenges();
    const provider = new AltchaCaptchaProvider(repository, settings);
    expect(provider.answeredBy).toBe('browser');
    const { id, altcha, expiresAt } = await provider.createChallenge();
    expect(altcha?.parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 5, data: { id } });
    expect(rows.get(id)).toEqual({ answer: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/), expiresAt });
    expect(JSON.stringify(altcha)).not.toContain(rows.get(id)!.answer);
  });

  it('accepts a solved payload once', async () => {
    const { repository } = fakeChallenges();
    const provider = new AltchaCaptchaProvider(repository, settings);
    const { id, answer } = await solved(provider);
    expect(await provider.verify(id, answer)).toBe(true);
    expect(await provider.verify(id, answer)).toBe(false);
  });

  it('refuses a made-up key, another challenge\'s solution, an expired one, and junk', async () => {
    const { rows, repository } = fakeChallenges();
    const provider = new AltchaCaptchaProvider(repository, settings);
    const wrong = await solved(provider);
    // The derived key is the proof (its signature is in the challenge): one bit off is no proof.
    const key = wrong.solution!.derivedKey;
    const forged = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');
    expect(await provider.verify(wrong.id, payload(wrong.challenge, { ...wrong.solution!, derivedKey: forged }))).toBe(false);

    const [a, b] = [await solved(provider), await solved(provider)];
    expect(await provider.verify(b.id, a.answer)).toBe(false);

    const late = await solved(provider);
    rows.get(late.id)!.expiresAt = new Date(Date.now() - 1000);
    expect(await provider.verify(late.id, late.answer)).toBe(false);

    for (const junk of ['', '%%%', Buffer.from('null').toString('base64'), Buffer.from('{"challenge":{"parameters":{}},"solution":{}}').toString('base64')]) {
      const { id } = await provider.createChallenge();
      expect(await provider.verify(id, junk)).toBe(false);
    }
    expect(await provider.verify('not-a-uuid', a.answer)).toBe(false);
  });

  it('a key from another challenge does not verify: each challenge has its own', async () => {
    const { rows, repository } = fakeChallenges();
    const provider = new AltchaCaptchaProvider(repository, settings);
    const [a, b] = [await solved(provider), await solved(provider)];
    // b's row now holds a's key: a's signature must not pass as b's.
    rows.set(b.id, { ...rows.get(b.id)!, answer: rows.get(a.id)!.answer });
    expect(await provider.verify(b.id, b.answer)).toBe(false);
  });
});
