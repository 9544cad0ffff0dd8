import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { CaptchaChallengeEntity } from './captcha-challenge.entity';

/** Expired challenges are swept on about one creation in this many. */
const SWEEP_ONE_IN = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The challenges of the picture and ALTCHA captchas (`captcha_challenges`), shared by every API instance. */
@Injectable()
export class CaptchaChallengesRepository {
  constructor(@InjectRepository(CaptchaChallengeEntity) private readonly challenges: Repository<CaptchaChallengeEntity>) {}

  /** Keeps a new challenge until it is used or expires; now and then the expired ones go. */
  async store(challenge: CaptchaChallengeEntity): Promise<void> {
    await this.challenges.insert(challenge);
    if (randomInt(SWEEP_ONE_IN) === 0) await this.challenges.delete({ expiresAt: LessThan(new Date()) });
  }

  /**
   * Takes the challenge out whatever the answer will turn out to be, so each is used once, and
   * returns what checks its answer — or null when there was no such challenge or it had expired.
   * One statement, and expiry is judged by the database's clock, shared by all API instances.
   */
  async take(challengeId: string): Promise<string | null> {
    // Anything but a UUID would make PostgreSQL refuse the statement: it names no challenge.
    if (!UUID.test(challengeId)) return null;
    const rows = await this.challenges.query<(Pick<CaptchaChallengeEntity, 'answer'> & { fresh: boolean })[]>(
      `WITH taken AS (DELETE FROM captcha_challenges WHERE id = $1 RETURNING answer, expires_at)
       SELECT answer, expires_at > now() AS fresh FROM taken`,
      [challengeId],
    );
    const taken = rows[0];
    return taken?.fresh ? taken.answer : null;
  }
}
