import type { ApiErrorBody } from './errors';
import type { Locale } from './locale';
import type { MessageAuthorType, TicketPriority, TicketStatus } from './ticket-status';
import type { TicketSlaView } from './sla';
import type { AttachmentInspectionView } from './signatures';
import type { AttachmentView, ReplyRating, SatisfactionAnswerView, TicketSummary } from './tickets';
import type { RequestVisibility } from './participant';

/** `admin` does everything; `agent` sees and works only the categories granted to them. */
export const STAFF_ROLES = ['admin', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The header every state-changing staff call carries, with the token from sign-in or `GET /api/staff/auth/session`. */
export const CSRF_HEADER = 'x-csrf-token';

export interface SignInRequest {
  email: string;
  password: string;
  /** The authenticator's 6 digits, or a one-time recovery code; required once two-factor sign-in is on. */
  code?: string;
}

/**
 * Issue 17, R-STAFF-2: which e-mails about requests a staff member gets.
 * - `all`: every new request of their categories (an admin's: every category), and a participant's reply
 *   to such a request while nobody owns it;
 * - `fallback`: the same, but only for a category nobody with `all` hears of, so that no request goes
 *   untold (the admins' default: before this setting, admins heard of a category's requests only while
 *   no agent was granted it);
 * - `assigned`: only requests assigned to them: the assignment, and participants' replies to their requests;
 * - `none`: no e-mails about requests (the workspace and its live updates still show everything).
 * Replies to a request with an owner go to the owner alone, unless the owner chose `none`.
 * STAFF_NOTIFY_EMAIL, when set, gets every new-request e-mail instead of anyone on staff.
 */
export const NEW_REQUEST_EMAILS = ['all', 'fallback', 'assigned', 'none'] as const;
export type NewRequestEmails = (typeof NEW_REQUEST_EMAILS)[number];

/** What an account gets until someone changes it: agents hear of their categories, admins are the safety net. */
export const DEFAULT_NEW_REQUEST_EMAILS: Readonly<Record<StaffRole, NewRequestEmails>> = { admin: 'fallback', agent: 'all' };

export interface StaffMe {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  locale: Locale;
  /** Issue 17: which e-mails about requests this person gets. */
  newRequestEmails: NewRequestEmails;
  totpEnabled: boolean;
  /** For agents, the categories they work; admins see every category. */
  categoryIds: number[];
}

export interface StaffSessionView {
  staff: StaffMe;
  csrfToken: string;
  expiresAt: string;
}

export interface TotpSetupView {
  secret: string;
  otpauthUrl: string;
}

export interface TotpEnableRequest {
  code: string;
}

export interface RecoveryCodesView {
  /** Shown once: only their hashes are kept. */
  recoveryCodes: string[];
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface StaffAccountView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  locale: Locale;
  /** Issue 17: which e-mails about requests this person gets. */
  newRequestEmails: NewRequestEmails;
  active: boolean;
  totpEnabled: boolean;
  categoryIds: number[];
  createdAt: string;
}

/** `GET /api/staff/team`: who can own requests, for any signed-in staff member (owner choices, the queue's owner filter). */
export interface StaffTeamMember {
  id: string;
  name: string;
  role: StaffRole;
  /** An agent can own requests of these categories only; an admin of any. */
  categoryIds: number[];
}

export interface CreateStaffRequest {
  email: string;
  name: string;
  role: StaffRole;
  locale?: Locale;
  /** Omitted: DEFAULT_NEW_REQUEST_EMAILS of the role. */
  newRequestEmails?: NewRequestEmails;
  /** Omitted: one is generated and returned once. */
  password?: string;
  categoryIds?: number[];
}

export interface CreateStaffResponse {
  account: StaffAccountView;
  /** Only when the password was generated. */
  password?: string;
}

export interface UpdateStaffRequest {
  name?: string;
  role?: StaffRole;
  locale?: Locale;
  newRequestEmails?: NewRequestEmails;
  active?: boolean;
  categoryIds?: number[];
  /** Turns two-factor sign-in off, for someone who lost their device and codes. */
  resetTotp?: boolean;
}

/** `PATCH /api/staff/profile`: what each staff member sets for themselves. */
export interface UpdateOwnProfileRequest {
  newRequestEmails: NewRequestEmails;
}

/** `due`: the nearest SLA due time first (issue 19); requests with no running clock last. */
export const QUEUE_SORTS = ['updated', 'created', 'priority', 'number', 'due'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueQuery {
  /** Comma-separated statuses. */
  status?: string;
  categoryId?: number;
  /** `me`, `unassigned`, or a staff id. */
  owner?: string;
  /** Comma-separated priorities. */
  priority?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  /** Issue 18: the requests of this organisation. */
  organisationId?: number;
  /** Tracking ID, request number, participant name or e-mail, subject, any message, the organisation's name, ЄДРПОУ or EIC; partial words match. */
  q?: string;
  /** Issue 19: `overdue` (a running SLA clock past its due time) or `running` (any running clock). */
  sla?: QueueSlaFilter;
  /** Issue 17: comma-separated tag ids; a request carrying any of them. */
  tag?: string;
  /** Issue 17: `true`, only the requests that changed since this staff member last opened them. */
  unread?: 'true';
  sort?: QueueSort;
  order?: 'asc' | 'desc';
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export const QUEUE_SLA_FILTERS = ['overdue', 'running'] as const;
export type QueueSlaFilter = (typeof QUEUE_SLA_FILTERS)[number];

export interface QueueItem extends TicketSummary {
  id: string;
  owner: { id: string; name: string } | null;
  /** Issue 18: the company the participant wrote for, in the caller's language. */
  organisation: { id: number; name: string } | null;
  /** Issue 19: the nearest due time of a running SLA clock; null while paused, met, or with no policy. */
  slaDueAt: string | null;
  /**
   * Issue 17: changed since this staff member last opened it (or, never opened, since their account was
   * made): a message, a status or owner change by someone else. Their own changes count as seen.
   */
  unread: boolean;
  /** Issue 17: staff-only labels; never shown to the participant. */
  tags: TagRef[];
}

/** A request listed beside another: the participant's (issue 17) or the organisation's (issue 18) other requests. */
export interface RelatedTicketItem {
  trackingId: string;
  number: number;
  subject: string;
  status: TicketStatus;
  createdAt: string;
}

/** `GET /api/staff/tickets/:trackingId/related` (issue 17): the participant's other requests this staff member may see, newest first. */
export interface RelatedTickets {
  participant: RelatedTicketItem[];
}

/** Issue 17 ("never lose typing"): the two text areas of a request's page whose typing is kept on the server. */
export const STAFF_DRAFT_KINDS = ['reply', 'note'] as const;
export type StaffDraftKind = (typeof STAFF_DRAFT_KINDS)[number];

export interface StaffDraft {
  body: string;
  updatedAt: string;
}

/** A staff member's own unsent reply and note on one request; null: none kept. */
export interface StaffDrafts {
  reply: StaffDraft | null;
  note: StaffDraft | null;
}

export interface SaveStaffDraftRequest {
  /** Empty (or only blanks): the draft is deleted. */
  body: string;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
}

export type QueueCounts = Record<TicketStatus, number>;

export interface StaffMessageView {
  id: string;
  authorType: MessageAuthorType;
  authorName: string;
  authorEmail: string | null;
  body: string;
  /** An e-mailed message's whole text, quotes included, when quote removal took something out of `body` (issue 15). */
  fullBody: string | null;
  /** How it came: `email` messages have an original e-mail admins can download. */
  channel: string;
  /** A note: never shown to the participant nor e-mailed to them. */
  internal: boolean;
  createdAt: string;
  attachments: StaffAttachmentView[];
  /** Issue 19: the participant's vote on a staff reply, null if none. */
  rating: ReplyRating | null;
}

/** Issue 20: an attachment with what the attachment-inspector plugins found (none yet: empty). */
export interface StaffAttachmentView extends AttachmentView {
  inspections: AttachmentInspectionView[];
}

export interface AuditEntryView {
  id: string;
  actorType: MessageAuthorType;
  actorName: string;
  action: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface StaffTicketView extends QueueItem {
  locale: Locale;
  channel: string;
  /** Set when this request was merged into another: open that one instead. */
  mergedInto: { trackingId: string } | null;
  messages: StaffMessageView[];
  audit: AuditEntryView[];
  /** Issue 19: each SLA clock; null for a request with none. */
  sla: TicketSlaView | null;
  /**
   * Issue 18: `organisation`: the author's colleagues (active contacts of its
   * organisation) may see it on the portal, when it has one; `private`: the author alone.
   */
  visibility: RequestVisibility;
  /** Issue 18: the author's colleagues in copy now, who get the author's e-mails about it and may answer them. */
  copies: StaffTicketCopy[];
  /** Issue 19: the participant's answer to each closing they answered, oldest first. */
  satisfaction: SatisfactionAnswerView[];
}

export interface StaffTicketCopy {
  name: string;
  email: string;
}

export interface StaffMessageRequest {
  body: string;
  /** A note rather than a reply. */
  internal?: boolean;
  /** The status to leave the request in after a reply (default `replied`); a note leaves it as it is unless given. */
  status?: TicketStatus;
  /** The newest message the agent saw; a newer one means `409` with `newMessages`. */
  lastSeenMessageId: string;
}

export interface StaffMessageResponse {
  status: TicketStatus;
  message: StaffMessageView;
}

/** The `409` of a reply or note written without seeing the newest messages. */
export interface CollisionErrorBody extends ApiErrorBody {
  newMessages: StaffMessageView[];
}

export interface UpdateTicketRequest {
  status?: TicketStatus;
  priority?: TicketPriority;
  categoryId?: number;
  /** Null unassigns. */
  ownerId?: string | null;
  /** Issue 18: the request's organisation; null: none. */
  organisationId?: number | null;
  /** Issue 17: tag names to put on (a new name makes a free tag). */
  addTags?: string[];
  /** Issue 17: tag names to take off. */
  removeTags?: string[];
}

export interface MergeTicketRequest {
  /** The request this one is merged into. */
  intoTrackingId: string;
}

export interface CannedResponseView {
  id: string;
  title: string;
  body: string;
  createdBy: string;
  updatedAt: string;
}

export interface CannedResponseRequest {
  title: string;
  /** May hold `{{name}}`, `{{trackingId}}`, `{{agentName}}`. */
  body: string;
}

export interface RenderedCannedResponse {
  body: string;
}

/** Issue 17: a label on requests, staff-only. Curated ones (an admin's list) carry a colour; free ones are made by typing a new name. */
export interface TagRef {
  id: number;
  name: string;
  /** `#rrggbb`; null for a free tag. */
  color: string | null;
}

export interface TagView extends TagRef {
  /** On the admins' list (it has a colour): offered first when tagging. */
  curated: boolean;
}

export const TAG_NAME_MAX_LENGTH = 40;
export const TAG_NAME_PATTERN = '^[\\p{L}\\p{N}][\\p{L}\\p{N} _.\\-]*$';

export interface CreateTagRequest {
  name: string;
  color?: string | null;
}

export interface UpdateTagRequest {
  name?: string;
  /** Null makes it a free tag again (off the curated list). */
  color?: string | null;
}

export interface AddTicketTagRequest {
  name: string;
}

/** Issue 17: how many requests one bulk call may change; more is refused with 400. */
export const BULK_MAX_TICKETS = 100;

/** What a bulk call does to each request: exactly what a single change does (the organisation aside). */
export type BulkTicketAction = Omit<UpdateTicketRequest, 'organisationId'>;

export interface BulkTicketsRequest {
  trackingIds: string[];
  action: BulkTicketAction;
}

export type BulkTicketResult =
  | { trackingId: string; ok: true }
  /** `code`: the error's code (e.g. `ticket_not_found`, which a request outside one's categories gets too); `message` in the caller's language. */
  | { trackingId: string; ok: false; status: number; code: string; message: string };

export interface BulkTicketsResponse {
  results: BulkTicketResult[];
  succeeded: number;
  failed: number;
}

/** Issue 17: a named queue filter and sort; an admin may share one with everyone. */
export interface SavedView {
  id: number;
  name: string;
  /** The queue's query string (`status=new&tag=3&sort=due`…), without a cursor. */
  query: string;
  shared: boolean;
  mine: boolean;
  /** Requests matching it that this staff member may see, counted up to `SAVED_VIEW_COUNT_CAP` (more reads as that cap). */
  count: number;
}

export const SAVED_VIEW_COUNT_CAP = 1000;
export const SAVED_VIEWS_MAX_PER_PERSON = 30;

export interface SaveViewRequest {
  name: string;
  query: string;
  /** Admins only. */
  shared?: boolean;
}

export interface UpdateViewRequest {
  name?: string;
  query?: string;
  shared?: boolean;
}
