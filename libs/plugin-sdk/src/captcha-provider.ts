/** Token under which the chosen `CaptchaProvider` is provided. */
export const CAPTCHA_PROVIDER = 'pidtrymka:CaptchaProvider';

export interface CaptchaChallenge {
  id: string;
  /** An image to show (an SVG document), for picture captchas. */
  svg?: string;
  /** A question to show as text, for text captchas. */
  question?: string;
  expiresAt: Date;
}

/**
 * The anti-spam step of the participants' forms (R-SUB-3).
 * Challenges must be checkable by any API instance and usable once.
 */
export interface CaptchaProvider {
  readonly name: string;
  /** False for a provider that asks nothing (e.g. `none`). */
  readonly required: boolean;
  createChallenge(): Promise<CaptchaChallenge>;
  /** Consumes the challenge whatever the answer, so it cannot be tried twice. */
  verify(challengeId: string, answer: string): Promise<boolean>;
}
