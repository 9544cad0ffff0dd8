import type { TicketStatus } from './ticket-status';

/** Issue 18: the participant's own space. */

/** How long a sign-in link sent by e-mail works, once. */
export const SIGN_IN_LINK_MINUTES = 15;

export interface SignInLinkRequest {
  email: string;
}

export interface RedeemSignInLinkRequest {
  token: string;
}

/** The signed-in participant: their address, the CSRF token for state-changing calls and when the session ends. */
export interface ParticipantSessionView {
  email: string;
  csrfToken: string;
  expiresAt: string;
}

export const MY_REQUESTS_SORTS = ['updated', 'created'] as const;
export type MyRequestsSort = (typeof MY_REQUESTS_SORTS)[number];
export const MY_REQUESTS_MAX_PAGE_SIZE = 50;
export const MY_REQUESTS_MAX_PAGE = 1000;

export interface MyRequestsQuery {
  /** Part of the subject or the tracking ID. */
  q?: string;
  status?: TicketStatus;
  /** Newest first. */
  sort?: MyRequestsSort;
  /** From 1. */
  page?: number;
  pageSize?: number;
}

export interface MyRequestItem {
  trackingId: string;
  number: number;
  subject: string;
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
}

export interface MyRequestsPage {
  items: MyRequestItem[];
  total: number;
  page: number;
  pageSize: number;
}
