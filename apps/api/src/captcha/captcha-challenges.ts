import { Setting } from '@pidtrymka/plugin-sdk';
import { IsInt, Max, Min } from 'class-validator';

/** The settings of the captchas whose challenges are kept in the database (CaptchaChallengesRepository). */
export class CaptchaChallengeSettings {
  /** How long a challenge can be answered (each is accepted once, by any instance). */
  @Setting('CAPTCHA_TTL_SECONDS') @IsInt() @Min(30) @Max(86_400)
  readonly ttlSeconds: number = 600;

  get ttlMs(): number {
    return this.ttlSeconds * 1000;
  }
}
