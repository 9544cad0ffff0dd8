/** Field limits of the participants' forms; the API enforces them, the portal shows them. */
export const FIELD_LIMITS = {
  nameMaxLength: 50,
  emailMaxLength: 254,
  subjectMaxLength: 200,
  messageMaxLength: 50_000,
} as const;

/** A form field that people never see and bots fill in (R-SUB-3). */
export const HONEYPOT_FIELD = 'website';

/** The multipart field that carries attachments. */
export const ATTACHMENTS_FIELD = 'attachments';

/** `AZA-DMP-AJ8S`: ten characters without look-alikes (no 0/O, 1/I/L), grouped 3-3-4 (R-SUB-4). */
export const TRACKING_ID_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const TRACKING_ID_PATTERN = /^[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{4}$/;

/** `GET /api/attachments/limits`: the attachment settings, so the forms show them before a file is refused (R-SUB-6). */
export interface AttachmentLimitsView {
  maxCount: number;
  maxBytes: number;
  /** Lower case, without the dot: `pdf`, `p7s`. */
  extensions: string[];
}
