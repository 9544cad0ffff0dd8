import type { TicketView } from './tickets';
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
  /** False: a colleague's request shared with the organisation (issue 18, "Sharing, per request"). */
  mine: boolean;
  /** A colleague's request: its author's name; null on the participant's own. */
  authorName: string | null;
}

/**
 * "My requests" counts its matches up to this many: a contact of a large organisation may see tens of
 * thousands, and counting them all read every one (130–310 ms at 33,333); past it, search or filter.
 */
export const MY_REQUESTS_COUNT_CAP = 1000;

export interface MyRequestsPage {
  items: MyRequestItem[];
  /** Matches of the filter, all pages, at most `MY_REQUESTS_COUNT_CAP`. */
  total: number;
  /** True: more than `total` match (the count stopped at the cap). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/**
 * Issue 18, "Sharing, per request": who besides its author sees a request on the
 * site. `organisation`: the other contacts of the request's (active) organisation,
 * each signed in; `private`: the author alone.
 */
export const REQUEST_VISIBILITIES = ['organisation', 'private'] as const;
export type RequestVisibility = (typeof REQUEST_VISIBILITIES)[number];

/** An organisation the signed-in participant is a contact of (their own session only: no one learns another address's). */
export interface ParticipantOrganisationView {
  id: number;
  name: string;
  /** The visibility the organisation chose for its people's new requests. */
  defaultVisibility: RequestVisibility;
}

/** A request through the participant's session: the author's own, or a colleague's shared one. */
export interface ParticipantRequestView extends TicketView {
  /** True: the signed-in participant wrote it (may change its visibility, close, rate). */
  mine: boolean;
  visibility: RequestVisibility;
  /** The request's organisation when the author is its active contact (the visibility applies then only); null otherwise. */
  organisation: { id: number; name: string } | null;
}

export interface SetRequestVisibilityRequest {
  visibility: RequestVisibility;
}

export interface SetRequestVisibilityResponse {
  visibility: RequestVisibility;
}

/** Issue 18, "Colleagues in copy": a colleague the author may put in copy of their request. */
export interface RequestCopyColleague {
  name: string;
  email: string;
  inCopy: boolean;
}

/**
 * Issue 18: an address outside the request's organisation the author put in
 * copy; it gets nothing and may not reply until an admin approves it.
 */
export type OutsideCopyState = 'pending' | 'approved';

export interface RequestCopyOutside {
  email: string;
  state: OutsideCopyState;
}

export interface RequestCopiesResponse {
  colleagues: RequestCopyColleague[];
  /** Addresses outside the organisation, pending an admin's approval or approved. */
  others: RequestCopyOutside[];
}

/** Issue 18: an outside address in copy waiting for an admin (GET /api/staff/copies/pending). */
export interface PendingCopyView {
  id: string;
  email: string;
  /** The author's address when they added it. */
  addedBy: string;
  addedAt: string;
  trackingId: string;
  subject: string;
  requesterName: string;
  organisation: { id: number; name: string } | null;
}

export interface DecidedCopyView {
  id: string;
  state: 'approved' | 'refused';
}

/**
 * The whole copy, as the author wants it: addresses of contacts of the
 * request's organisation, and any other valid address, pending an admin.
 */
export interface SetRequestCopiesRequest {
  emails: string[];
}

/** A reply through the participant's session: no e-mail field, the session says who writes. */
export interface ParticipantReplyRequest {
  message: string;
}
