import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CaptchaChallenge, CaptchaProvider, Setting } from '@pidtrymka/plugin-sdk';
import { createChallenge, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { IsInt, Max, Min } from 'class-validator';
import { CaptchaChallengeSettings } from './captcha-challenges';
import { CaptchaChallengesRepository } from './captcha-challenges.repository';

/** The browser derives keys with WebCrypto, which has PBKDF2 natively: no WebAssembly to ship. */
const ALGORITHM = 'PBKDF2/SHA-256';
/** A payload is a few hundred bytes of base64; anything much longer is not one. */
const MAX_PAYLOAD_LENGTH = 4000;

export class AltchaCaptchaSettings extends CaptchaChallengeSettings {
  /** PBKDF2 rounds of one try of the browser's proof of work. */
  @Setting('CAPTCHA_ALTCHA_COST') @IsInt() @Min(1) @Max(1_000_000)
  readonly cost: number = 1000;

  /** The most tries a solution takes (drawn between half of this and this). */
  @Setting('CAPTCHA_ALTCHA_COUNTER_MAX') @IsInt() @Min(2) @Max(10_000_000)
  readonly counterMax: number = 3000;
}

/**
 * ALTCHA (issue 12.7): the browser proves some seconds of work instead of reading a picture; no third
 * party is asked and nothing has to be seen or heard, so it is accessible to everyone.
 *
 * Each challenge is signed with its own random key, kept in `captcha_challenges` beside the challenge's
 * id until it is used or expires. So any API instance can check a solution (no secret to share between
 * instances), and a solved payload is accepted once: the check deletes the row whatever its outcome,
 * in one statement, judged by the database's clock, exactly as for the picture captcha.
 */
@Injectable()
export class AltchaCaptchaProvider implements CaptchaProvider {
  readonly name = 'altcha';
  readonly required = true;
  readonly answeredBy = 'browser';

  constructor(
    private readonly challenges: CaptchaChallengesRepository,
    private readonly settings: AltchaCaptchaSettings,
  ) {}

  async createChallenge(): Promise<CaptchaChallenge> {
    const id = randomUUID();
    // 96 random bits, within the 16 characters of the `answer` column: a key no one outside can forge a signature with in the challenge's few minutes.
    const key = randomBytes(12).toString('base64url');
    const expiresAt = new Date(Date.now() + this.settings.ttlMs);
    const challenge = await createChallenge({
      algorithm: ALGORITHM,
      cost: this.settings.cost,
      // Deterministic mode: the solution is this counter, so the work is known in advance and checked with one HMAC.
      counter: randomInt(Math.max(1, Math.floor(this.settings.counterMax / 2)), this.settings.counterMax + 1),
      deriveKey,
      expiresAt,
      data: { id },
      hmacSignatureSecret: key,
      hmacKeySignatureSecret: `${key}:key`,
    });
    await this.challenges.store({ id, answer: key, expiresAt });
    return { id, altcha: { parameters: { ...challenge.parameters }, signature: challenge.signature }, expiresAt };
  }

  /** `answer` is ALTCHA's payload: base64 of the JSON `{ challenge, solution }`. */
  async verify(challengeId: string, answer: string): Promise<boolean> {
    const key = await this.challenges.take(challengeId);
    if (key === null) return false;
    const payload = parsePayload(answer);
    // The id is inside the signed parameters: a payload solved for one challenge cannot spend another's row.
    if (!payload || payload.challenge.parameters?.data?.['id'] !== challengeId) return false;
    try {
      const result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: key,
        hmacKeySignatureSecret: `${key}:key`,
      });
      return result.verified;
    } catch {
      // A payload shaped to make the library throw is a wrong answer, not a server error.
      return false;
    }
  }
}

function parsePayload(answer: string): { challenge: Challenge; solution: Solution } | null {
  if (answer.length > MAX_PAYLOAD_LENGTH) return null;
  try {
    const value = JSON.parse(Buffer.from(answer, 'base64').toString('utf8')) as { challenge?: Challenge; solution?: Solution };
    if (!value || typeof value !== 'object' || !value.challenge || typeof value.challenge !== 'object' || !value.challenge.parameters || typeof value.challenge.parameters !== 'object') return null;
    if (!value.solution || typeof value.solution !== 'object') return null;
    return { challenge: value.challenge, solution: value.solution };
  } catch {
    return null;
  }
}
