import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { CaptchaChallengeView } from '@pidtrymka/contracts';
import { CAPTCHA_PROVIDER, CaptchaProvider } from '@pidtrymka/plugin-sdk';
import { ApiException } from '../common/api.exception';

@Injectable()
export class CaptchaService {
  constructor(@Inject(CAPTCHA_PROVIDER) private readonly provider: CaptchaProvider) {}

  async challenge(): Promise<CaptchaChallengeView> {
    if (!this.provider.required) return { provider: 'none' };
    const { id, image, svg, question, altcha, expiresAt } = await this.provider.createChallenge();
    return { provider: this.provider.name, id, image, svg, question, altcha, expiresAt: expiresAt.toISOString() };
  }

  /** Throws a 400 the participant can act on unless the answer is right (R-SUB-3). */
  async check(challengeId: string | undefined, answer: string | undefined): Promise<void> {
    if (!this.provider.required) return;
    // Same codes' prefix for every provider (the portal refreshes on `captcha…`); a browser's check is not "the number in the picture".
    const prefix = this.provider.answeredBy === 'browser' ? 'captcha_check' : 'captcha';
    if (!challengeId || !answer) throw new ApiException(HttpStatus.BAD_REQUEST, `${prefix}_required`);
    if (!(await this.provider.verify(challengeId, answer))) throw new ApiException(HttpStatus.BAD_REQUEST, `${prefix}_invalid`);
  }
}
