/**
 * Admins' view of e-mail that went wrong: inbound messages kept in quarantine
 * (R-MAIL-6) and outgoing e-mails the outbox gave up on. Under
 * `/api/staff/mail/…`, admins only.
 */

/**
 * What an inbound message became: `processed` made or joined a request;
 * kept without effect, listed for admins and releasable: `ignored` (an
 * auto-reply, a bounce, a loop), `duplicate` (the same text again within the
 * burst window), `held` (a new request beyond the burst limit),
 * `quarantined` (it could not be processed).
 */
export const INBOUND_STATUSES = ['received', 'processed', 'ignored', 'duplicate', 'held', 'quarantined'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

export interface MailListQuery {
  /** 1–100, default 25. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * Issue 17: why an inbound message was kept without effect, stored as a code with parameters and put
 * into words in the reader's language when shown (`reason` of the views below):
 * `no-sender` (no From address), `sender-too-long` {max}, `max-attempts` {max} (MAIL_IN_MAX_ATTEMPTS),
 * `processing-failed` {error} (the technical error, as the software said it), `sender-unverified`
 * {finding, …its parameters} (12.8's check: a code of SENDER_FINDING_CODES; rows the migration could not
 * read back keep the old English {detail}), `loop` (from our own address), `auto-reply` {header, value?},
 * `bounce` {kind: dsn | sender | null-return-path, sender?}, `duplicate` {of, seconds},
 * `burst` {limit, seconds, sender}, `dismissed` {name, email} (taken out of quarantine by that admin).
 */
export const INBOUND_REASON_CODES = [
  'no-sender',
  'sender-too-long',
  'max-attempts',
  'processing-failed',
  'sender-unverified',
  'loop',
  'auto-reply',
  'bounce',
  'duplicate',
  'burst',
  'dismissed',
] as const;
export type InboundReasonCode = (typeof INBOUND_REASON_CODES)[number];
export type InboundReasonParams = Record<string, string | number>;

/**
 * Issue 17: what the sender check (12.8: DMARC, with DKIM and SPF) found about an inbound e-mail, stored as
 * a code with parameters and worded in the reader's language. `dmarc-pass`, `dmarc-fail` {policy?},
 * `no-dmarc`, `dmarc-error` {result: temperror | permerror | …} are about {domain}; besides, `off`
 * (MAIL_IN_VERIFY=off), `released` (by staff), `timeout` {ms}, `check-error` {error}, `dmarc-unevaluated`,
 * `several-from` {count}, `from-mismatch` {checked, address}, `no-authserv` {authserv},
 * `dmarc-other-domain` {authserv, evaluated, domain}. Optional on any: `failure` dkim | spf with
 * `failureDomain` and `failureDetail?` (the From domain's own signature or SPF failing), `spf`
 * no-received {receivedBy} | no-envelope (why SPF was not checked), `authserv` (whose
 * Authentication-Results were read), `letThrough: 'auto'` (could not be told, let through by MAIL_IN_VERIFY=auto).
 */
export const SENDER_FINDING_CODES = [
  'off',
  'released',
  'timeout',
  'check-error',
  'dmarc-unevaluated',
  'several-from',
  'from-mismatch',
  'no-authserv',
  'dmarc-other-domain',
  'dmarc-pass',
  'dmarc-fail',
  'no-dmarc',
  'dmarc-error',
] as const;
export type SenderFindingCode = (typeof SENDER_FINDING_CODES)[number];
export interface SenderFinding {
  code: SenderFindingCode;
  params: InboundReasonParams;
}

export interface QuarantinedEmailItem {
  id: string;
  /** The sender's address as far as it could be read; null when the message has none. */
  from: string | null;
  subject: string | null;
  /** Why it was kept, in the caller's language (Accept-Language); empty when it has no reason. */
  reason: string;
  /** The same as stored: a code of INBOUND_REASON_CODES (null when none) and its parameters. */
  reasonCode: InboundReasonCode | null;
  reasonParams: InboundReasonParams;
  /** The channel that brought it, e.g. `maildir`, `imap:support@…/INBOX`. */
  origin: string;
  /** Bytes of the raw message. */
  size: number;
  receivedAt: string;
}

export interface QuarantinedEmailPage {
  items: QuarantinedEmailItem[];
  nextCursor: string | null;
  /** Every quarantined message, not just this page. */
  total: number;
}

export interface EmailHeaderView {
  name: string;
  value: string;
}

/** One quarantined message, read safely: headers and text only, never its HTML; the raw bytes are a separate download. */
export interface QuarantinedEmailView extends QuarantinedEmailItem {
  messageId: string;
  headers: EmailHeaderView[];
  /** The text part, or the HTML part turned into text; cut at `TEXT_PREVIEW_MAX_CHARS`. */
  text: string;
  textTruncated: boolean;
  attachments: { filename: string; contentType: string; size: number }[];
  /** Set when the message could not even be parsed: `headers` and `text` then come from the raw bytes. */
  parseError: string | null;
}

export const QUARANTINE_TEXT_PREVIEW_MAX_CHARS = 100_000;

export interface ReplayResult {
  id: string;
  status: InboundStatus;
  /** The request it created or joined, when it was processed. */
  ticket: { trackingId: string } | null;
  /** The new reason, in the caller's language, when it was kept again. */
  reason: string | null;
}

/**
 * Issue 17: `POST /api/staff/mail/quarantine/{id}/open-request` (admins): a quarantined e-mail with no
 * usable sender becomes a request of the participant the admin names, as if they had sent it.
 */
export interface OpenQuarantinedRequest {
  email: string;
  /** The participant's name; omitted: the part of the address before the @. */
  name?: string;
}

export interface ReplayResponse {
  results: ReplayResult[];
}

export interface FailedEmailItem {
  id: string;
  recipient: string;
  /** E.g. `staff_reply`, `ticket_created`. */
  template: string;
  /** The subject as it would be sent; null when the stored payload cannot be rendered. */
  subject: string | null;
  locale: string;
  /**
   * `failed`: delivery was given up (may be retried); `skipped`: never sent because its recipient
   * could no longer see the request when it was due (issue 12.3), never retried.
   */
  status: 'failed' | 'skipped';
  /** The last delivery error, or why it was skipped. */
  error: string | null;
  attempts: number;
  ticket: { trackingId: string } | null;
  /** When it was queued. */
  createdAt: string;
}

export interface FailedEmailPage {
  items: FailedEmailItem[];
  nextCursor: string | null;
  total: number;
}

export interface RetryResponse {
  /** The outbox rows put back in the queue, each with a fresh set of attempts. */
  retried: string[];
}

export interface MailProblemCounts {
  quarantined: number;
  failed: number;
  /** New requests held by the burst rule, waiting for an admin. */
  held: number;
  /** Automatic e-mails held by the per-address hourly cap (they go out on their own as the hour allows). */
  outgoingHeld: number;
}

/** The admins' list of inbound mail kept without effect, by status; `flagged`: a Message-ID used before by other content. */
export const KEPT_EMAIL_FILTERS = ['ignored', 'duplicate', 'held', 'quarantined', 'flagged'] as const;
export type KeptEmailFilter = (typeof KEPT_EMAIL_FILTERS)[number];

/** The reasons the kept list filters by (codes of INBOUND_REASON_CODES). */
export const KEPT_EMAIL_REASONS = ['auto-reply', 'bounce', 'loop', 'burst', 'duplicate', 'dismissed'] as const;
export type KeptEmailReason = (typeof KEPT_EMAIL_REASONS)[number];

export interface KeptEmailQuery extends MailListQuery {
  status?: KeptEmailFilter;
  reason?: KeptEmailReason;
}

/** An inbound message kept without effect (or processed and flagged), with why. */
export interface KeptEmailItem extends QuarantinedEmailItem {
  status: InboundStatus;
  /** Set when an earlier message used the same Message-ID with other content: this one was processed all the same. */
  reusedMessageIdOf: string | null;
  /** The request it made or joined, when it did. */
  ticket: { trackingId: string } | null;
  /** When an admin released it, if one did. */
  releasedAt: string | null;
}

export interface KeptEmailPage {
  items: KeptEmailItem[];
  nextCursor: string | null;
  /** Every message the filter matches, not just this page. */
  total: number;
}

export type KeptEmailView = Omit<QuarantinedEmailView, keyof QuarantinedEmailItem> & KeptEmailItem;

/** An automatic e-mail held by its hourly cap, oldest (next to go) first. */
export interface HeldEmailItem {
  id: string;
  recipient: string;
  template: string;
  subject: string | null;
  locale: string;
  /** At most this many e-mails of its kind go to this address per hour. */
  perHour: number;
  ticket: { trackingId: string } | null;
  createdAt: string;
}

export interface HeldEmailPage {
  items: HeldEmailItem[];
  nextCursor: string | null;
  total: number;
}

export interface ReleaseResponse {
  /** The outbox rows released to be sent now. */
  released: string[];
}
