import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CaptchaChallenge, CaptchaProvider, PLUGIN_CONTEXT, PluginContext } from '@pidtrymka/plugin-sdk';
import { LessThan, Repository } from 'typeorm';
import { CaptchaChallengeEntity } from './captcha-challenge.entity';
import { drawCaptchaPng } from './captcha-picture';

const LENGTH = 5;
/** Expired challenges are swept on about one creation in this many. */
const SWEEP_ONE_IN = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A five-digit number drawn as a distorted raster picture (R-SUB-3), usable once. A PNG, not an SVG:
 * an SVG's glyph paths gave the number away to a script counting their commands (issue 12.7).
 */
@Injectable()
export class ImageCaptchaProvider implements CaptchaProvider {
  readonly name = 'image';
  readonly required = true;
  private readonly ttlMs: number;

  constructor(
    @InjectRepository(CaptchaChallengeEntity) private readonly challenges: Repository<CaptchaChallengeEntity>,
    @Inject(PLUGIN_CONTEXT) context: PluginContext,
  ) {
    this.ttlMs = Number(context.setting('CAPTCHA_TTL_SECONDS') ?? 600) * 1000;
  }

  async createChallenge(): Promise<CaptchaChallenge> {
    const answer = Array.from({ length: LENGTH }, () => randomInt(10)).join('');
    const image = `data:image/png;base64,${(await drawCaptchaPng(answer)).toString('base64')}`;
    const challenge = { id: randomUUID(), answer, expiresAt: new Date(Date.now() + this.ttlMs) };
    await this.challenges.insert(challenge);
    if (randomInt(SWEEP_ONE_IN) === 0) await this.challenges.delete({ expiresAt: LessThan(new Date()) });
    return { id: challenge.id, image, expiresAt: challenge.expiresAt };
  }

  async verify(challengeId: string, answer: string): Promise<boolean> {
    if (!UUID.test(challengeId)) return false;
    // One statement takes the challenge whatever the answer; expiry is judged by the database's clock, shared by all instances.
    const rows: { answer: string; fresh: boolean }[] = await this.challenges.query(
      `WITH taken AS (DELETE FROM captcha_challenges WHERE id = $1 RETURNING answer, expires_at)
       SELECT answer, expires_at > now() AS fresh FROM taken`,
      [challengeId],
    );
    const challenge = rows[0];
    return !!challenge && challenge.fresh && challenge.answer === answer.trim();
  }
}
