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

export interface AttachmentView {
  id: string;
  filename: string;
  size: number;
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
