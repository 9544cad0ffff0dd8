/** Token under which the chosen `CaptchaProvider` is provided. */
export const CAPTCHA_PROVIDER = 'pidtrymka:CaptchaProvider';

export interface CaptchaChallenge {
  id: string;
  /**
   * A raster picture to show, as a `data:image/png;base64,…` or `data:image/webp;base64,…` URL.
   * Preferred for picture captchas: the portal shows it in an `<img>`.
   */
  image?: string;
  /**
   * An image to show as an SVG document. Kept for outside plugins; an SVG's shapes can be read by a
   * script (issue 12.7), so the built-in picture captcha sends `image` instead.
   */
  svg?: string;
  /** A question to show as text, for text captchas. */
  question?: string;
  /**
   * A proof-of-work challenge in ALTCHA's v2 format (`{ parameters, signature }`) that the browser
   * solves; the answer is then the base64 JSON `{ challenge, solution }`.
   */
  altcha?: { parameters: Record<string, unknown>; signature?: string };
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
  /**
   * Who gives the answer: a person (the default: a picture, a question) or the browser (a proof of
   * work, e.g. `altcha`). It picks the wording of a refusal; nothing else.
   */
  readonly answeredBy?: 'person' | 'browser';
  createChallenge(): Promise<CaptchaChallenge>;
  /** Consumes the challenge whatever the answer, so it cannot be tried twice. */
  verify(challengeId: string, answer: string): Promise<boolean>;
}
