/** An ALTCHA v2 proof-of-work challenge: the browser finds `solution` and sends `{ challenge, solution }`. */
export interface AltchaChallengeView {
  parameters: Record<string, unknown>;
  signature?: string;
}

/**
 * `GET /api/captcha`. `provider: "none"` means the form needs no anti-spam step. Otherwise exactly one
 * of `image` (a raster picture as a data URL), `svg` (outside plugins), `question` or `altcha` is set,
 * and the answer is sent back as `captchaAnswer` with `captchaId`.
 */
export type CaptchaChallengeView =
  | { provider: 'none' }
  | { provider: string; id: string; image?: string; svg?: string; question?: string; altcha?: AltchaChallengeView; expiresAt: string };
