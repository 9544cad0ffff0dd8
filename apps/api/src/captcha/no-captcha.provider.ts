import { Injectable } from '@nestjs/common';
import { CaptchaChallenge, CaptchaProvider } from '@pidtrymka/plugin-sdk';

/** For deployments and tests that switch the anti-spam step off (R-SUB-3). */
@Injectable()
export class NoCaptchaProvider implements CaptchaProvider {
  readonly name = 'none';
  readonly required = false;

  createChallenge(): Promise<CaptchaChallenge> {
    throw new Error('The "none" captcha provider has no challenges');
  }

  async verify(): Promise<boolean> {
    return true;
  }
}
