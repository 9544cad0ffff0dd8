import { randomInt } from 'node:crypto';
import { Setting } from '@pidtrymka/plugin-sdk';
import { IsInt, Max, Min } from 'class-validator';
import { LessThan, type Repository } from 'typeorm';
import type { CaptchaChallengeEntity } from './captcha-challenge.entity';

/** Expired challenges are swept on about one creation in this many. */
const SWEEP_ONE_IN = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The settings of the captchas whose challenges are kept here. */
export class CaptchaChallengeSettings {
  /** How long a challenge can be answered (each is accepted once, by any instance). */
  @Setting('CAPTCHA_TTL_SECONDS') @IsInt() @Min(30) @Max(86_400)
  readonly ttlSeconds: number = 600;

  get ttlMs(): number {
    return this.ttlSeconds * 1000;
  }
}

/** Keeps a new challenge until it is used or expires; now and then the expired ones go. */
export async function storeChallenge(challenges: Repository<CaptchaChallengeEntity>, challenge: CaptchaChallengeEntity): Promise<void> {
  await challenges.insert(challenge);
  if (randomInt(SWEEP_ONE_IN) === 0) await challenges.delete({ expiresAt: LessThan(new Date()) });
}

/**
 * Takes the challenge out whatever the answer will turn out to be, so each is used once, and
 * returns what checks its answer — or null when there was no such challenge or it had expired.
 * One statement, and expiry is judged by the database's clock, shared by all API instances.
 */
export async function takeChallenge(challenges: Repository<CaptchaChallengeEntity>, challengeId: string): Promise<string | null> {
  if (!UUID.test(challengeId)) return null;
  const rows: { answer: string; fresh: boolean }[] = await challenges.query(
    `WITH taken AS (DELETE FROM captcha_challenges WHERE id = $1 RETURNING answer, expires_at)
     SELECT answer, expires_at > now() AS fresh FROM taken`,
    [challengeId],
  );
  const taken = rows[0];
  return taken?.fresh ? taken.answer : null;
}
