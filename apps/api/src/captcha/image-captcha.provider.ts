import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CaptchaChallenge, CaptchaProvider } from '@pidtrymka/plugin-sdk';
import { CaptchaChallengeSettings } from './captcha-challenges';
import { CaptchaChallengesRepository } from './captcha-challenges.repository';
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
    private readonly challenges: CaptchaChallengesRepository,
    private readonly settings: CaptchaChallengeSettings,
  ) {}

  async createChallenge(): Promise<CaptchaChallenge> {
    const answer = Array.from({ length: LENGTH }, () => randomInt(10)).join('');
    const image = `data:image/png;base64,${(await drawCaptchaPng(answer)).toString('base64')}`;
    const challenge = { id: randomUUID(), answer, expiresAt: new Date(Date.now() + this.settings.ttlMs) };
    await this.challenges.store(challenge);
    return { id: challenge.id, image, expiresAt: challenge.expiresAt };
  }

  async verify(challengeId: string, answer: string): Promise<boolean> {
    const expected = await this.challenges.take(challengeId);
    return expected !== null && expected === answer.trim();
  }
}
