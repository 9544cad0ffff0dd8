import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CaptchaChallenge, CaptchaProvider } from '@pidtrymka/plugin-sdk';
import { Repository } from 'typeorm';
import { CaptchaChallengeEntity } from './captcha-challenge.entity';
import { CaptchaChallengeSettings, storeChallenge, takeChallenge } from './captcha-challenges';
import { drawCaptchaPng } from './captcha-picture';

const LENGTH = 5;

/**
 * A five-digit number drawn as a distorted raster picture (R-SUB-3), usable once. A PNG, not an SVG:
 * an SVG's glyph paths gave the number away to a script counting their commands (issue 12.7).
 */
@Injectable()
export class ImageCaptchaProvider implements CaptchaProvider {
  readonly name = 'image';
  readonly required = true;

  constructor(
    @InjectRepository(CaptchaChallengeEntity) private readonly challenges: Repository<CaptchaChallengeEntity>,
    private readonly settings: CaptchaChallengeSettings,
  ) {}

  async createChallenge(): Promise<CaptchaChallenge> {
    const answer = Array.from({ length: LENGTH }, () => randomInt(10)).join('');
    const image = `data:image/png;base64,${(await drawCaptchaPng(answer)).toString('base64')}`;
    const challenge = { id: randomUUID(), answer, expiresAt: new Date(Date.now() + this.settings.ttlMs) };
    await storeChallenge(this.challenges, challenge);
    return { id: challenge.id, image, expiresAt: challenge.expiresAt };
  }

  async verify(challengeId: string, answer: string): Promise<boolean> {
    const expected = await takeChallenge(this.challenges, challengeId);
    return expected !== null && expected === answer.trim();
  }
}
