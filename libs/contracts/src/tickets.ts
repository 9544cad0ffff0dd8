import type { SignatureLine } from './signatures';
import type { MessageAuthorType, TicketPriority, TicketStatus } from './ticket-status';

export interface CreateTicketRequest {
  name: string;
  email: string;
  subject: string;
  message: string;
  categoryId?: number;
  captchaId?: string;
  captchaAnswer?: string;
  /** Issue 18: `organisation` or `private`; absent: the organisation's default. Applies only when the address is an active contact of the request's organisation. */
  visibility?: 'organisation' | 'private';
}

export interface CreateTicketResponse {
  trackingId: string;
  number: number;
  status: TicketStatus;
  subject: string;
  createdAt: string;
  /** Relative to the API: `/api/tickets/{trackingId}?email=…`. */
  viewUrl: string;
}

/**
 * Issue 17: how a page may show an attachment, decided by the API from the file's own bytes (never
 * its name or the sender's declared type): `image` a thumbnail and viewer, `pdf` and `text` a
 * sandboxed frame, `none` its type and size with the download link.
 */
export const ATTACHMENT_PREVIEWS = ['image', 'pdf', 'text', 'none'] as const;
export type AttachmentPreview = (typeof ATTACHMENT_PREVIEWS)[number];

export interface AttachmentView {
  id: string;
  filename: string;
  size: number;
  /** Issue 17: which preview `…/attachments/{id}/preview` serves inline; `none`: it answers as the download does. */
  preview: AttachmentPreview;
  /** Issue 20: each qualified signature the file carries that verified; absent when none (or not yet inspected). */
  signatures?: SignatureLine[];
}

export interface TicketMessageView {
  id: string;
  authorType: MessageAuthorType;
  authorName: string;
  /** Shown for the participant's own messages only. */
  authorEmail: string | null;
  body: string;
  /** An e-mailed message's whole text, quotes included, when quote removal took something out of `body` (issue 15). */
  fullBody: string | null;
  createdAt: string;
  attachments: AttachmentView[];
  /** Issue 19: the participant's vote on a staff reply; null until they vote (and always null on their own messages). */
  rating: ReplyRating | null;
}

/** Issue 19, HESK's "Was this reply helpful? Yes / No". */
export const REPLY_RATINGS = ['helpful', 'not_helpful'] as const;
export type ReplyRating = (typeof REPLY_RATINGS)[number];

/** `POST /api/tickets/{trackingId}/messages/{messageId}/rating`: once per staff reply. */
export interface RateReplyRequest {
  email: string;
  rating: ReplyRating;
}

export interface RateReplyResponse {
  messageId: string;
  rating: ReplyRating;
}

/** Issue 19: satisfaction after closing, 1 to 5 stars and an optional comment, once per closing. */
export const SATISFACTION_STARS = [1, 2, 3, 4, 5] as const;
export type SatisfactionStars = (typeof SATISFACTION_STARS)[number];
export const SATISFACTION_COMMENT_MAX_LENGTH = 2000;

/** `POST /api/tickets/{trackingId}/satisfaction`: the current closing's answer. */
export interface SatisfactionRequest {
  email: string;
  stars: SatisfactionStars;
  comment?: string;
}

/** One closing's answer. */
export interface SatisfactionAnswerView {
  stars: SatisfactionStars;
  comment: string | null;
  /** The closing it answers. */
  closedAt: string;
  answeredAt: string;
}

/** What the participant's page knows of the current closing: null while the request is open. */
export interface SatisfactionState {
  closedAt: string;
  /** Null: not answered yet, so the page asks. */
  answer: SatisfactionAnswerView | null;
}

/** `POST /api/tickets/{trackingId}/close` and `/reopen`: the participant's own request (issue 19). */
export interface ParticipantStatusRequest {
  email: string;
}

export interface ParticipantStatusResponse {
  status: TicketStatus;
}

/** What a request is, as both the participant's page and the staff queue show it. */
export interface TicketSummary {
  trackingId: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: { id: number; name: string };
  requester: { name: string; email: string };
  createdAt: string;
  updatedAt: string;
}

/** Everything the request page shows (R-VIEW-1). */
export interface TicketView extends TicketSummary {
  lastReplyBy: string;
  replyCount: number;
  messages: TicketMessageView[];
  /** Issue 19: the current closing and its answer; null while the request is open. */
  satisfaction: SatisfactionState | null;
}

export interface CreateReplyRequest {
  email: string;
  message: string;
}

export interface CreateReplyResponse {
  status: TicketStatus;
  message: TicketMessageView;
}

export interface TrackingReminderRequest {
  email: string;
}
