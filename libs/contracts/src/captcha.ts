/** `GET /api/captcha`. `provider: "none"` means the form needs no anti-spam step. */
export type CaptchaChallengeView =
  | { provider: 'none' }
  | { provider: string; id: string; svg?: string; question?: string; expiresAt: string };
