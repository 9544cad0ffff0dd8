import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  DecidedCopyView,
  PendingCopyView,
  MailboxInput,
  MailboxView,
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDeliveryPage,
  WebhookPingResult,
  WebhookSecretResponse,
  WebhookView,
  ATTACHMENTS_FIELD,
  CannedResponseRequest,
  CannedResponseView,
  CategoryView,
  ChangePasswordRequest,
  CreateOrganisationRequest,
  CreateStaffRequest,
  CreateStaffResponse,
  CSRF_HEADER,
  FailedEmailPage,
  HeldEmailPage,
  KeptEmailPage,
  KeptEmailQuery,
  KeptEmailView,
  ReleaseResponse,
  MailProblemCounts,
  OrganisationImportResult,
  OrganisationListQuery,
  OrganisationPage,
  OrganisationView,
  TicketOrganisationPanel,
  UpdateOrganisationRequest,
  PresenceState,
  QuarantinedEmailPage,
  QuarantinedEmailView,
  QueueCounts,
  QueuePage,
  QueueQuery,
  RecoveryCodesView,
  RenderedCannedResponse,
  RelatedTickets,
  StaffDraft,
  StaffDraftKind,
  StaffDrafts,
  ReplayResponse,
  OpenQuarantinedRequest,
  RetryResponse,
  StaffAccountView,
  StaffMessageRequest,
  StaffMessageResponse,
  StaffTeamMember,
  StaffTicketView,
  TotpSetupView,
  UpdateOwnProfileRequest,
  UpdateStaffRequest,
  UpdateTicketRequest,
  PublicHolidayView,
  SlaCalendarInput,
  SlaCalendarView,
  SlaPolicyInput,
  SlaPolicyView,
  BulkTicketAction,
  BulkTicketsResponse,
  CreateTagRequest,
  SavedView,
  SaveViewRequest,
  TagView,
  UpdateTagRequest,
  UpdateViewRequest,
  ReportFormat,
  ReportQuery,
  ReportTable,
  ReportView,
} from '@pidtrymka/contracts';
import { Observable, catchError, throwError } from 'rxjs';
import { StaffSession } from './staff-session.service';

/**
 * The staff API (`/api/staff/…`), typed by `libs/contracts`. The session travels in its
 * httpOnly cookie; every state-changing call carries the session's CSRF token; a 401
 * anywhere means the session ended and leads back to the sign-in page.
 */
@Injectable({ providedIn: 'root' })
export class StaffApi {
  private readonly http = inject(HttpClient);
  private readonly session = inject(StaffSession);

  // The queue
  queue(query: QueueQuery): Observable<QueuePage> {
    return this.get<QueuePage>('/api/staff/tickets', query);
  }
  counts(query: QueueQuery): Observable<QueueCounts> {
    const { status: _status, sort: _sort, order: _order, limit: _limit, cursor: _cursor, ...filters } = query;
    return this.get<QueueCounts>('/api/staff/tickets/counts', filters);
  }

  /** Issue 17: one change to many requests; the answer says, per request, done or refused and why. */
  bulk(trackingIds: string[], action: BulkTicketAction): Observable<BulkTicketsResponse> {
    return this.send<BulkTicketsResponse>('POST', '/api/staff/tickets/bulk', { trackingIds, action });
  }

  // Issue 17: tags (staff-only) and saved views
  tags(): Observable<TagView[]> {
    return this.get<TagView[]>('/api/staff/tags');
  }
  createTag(request: CreateTagRequest): Observable<TagView> {
    return this.send<TagView>('POST', '/api/staff/tags', request);
  }
  updateTag(id: number, request: UpdateTagRequest): Observable<TagView> {
    return this.send<TagView>('PATCH', `/api/staff/tags/${id}`, request);
  }
  deleteTag(id: number): Observable<void> {
    return this.send<void>('DELETE', `/api/staff/tags/${id}`);
  }
  addTicketTag(trackingId: string, name: string): Observable<StaffTicketView> {
    return this.send<StaffTicketView>('POST', `/api/staff/tickets/${encodeURIComponent(trackingId)}/tags`, { name });
  }
  removeTicketTag(trackingId: string, name: string): Observable<StaffTicketView> {
    return this.send<StaffTicketView>('DELETE', `/api/staff/tickets/${encodeURIComponent(trackingId)}/tags/${encodeURIComponent(name)}`);
  }
  views(): Observable<SavedView[]> {
    return this.get<SavedView[]>('/api/staff/views');
  }
  saveView(request: SaveViewRequest): Observable<SavedView> {
    return this.send<SavedView>('POST', '/api/staff/views', request);
  }
  updateView(id: number, request: UpdateViewRequest): Observable<SavedView> {
    return this.send<SavedView>('PATCH', `/api/staff/views/${id}`, request);
  }
  deleteView(id: number): Observable<void> {
    return this.send<void>('DELETE', `/api/staff/views/${id}`);
  }

  // A request
  ticket(trackingId: string): Observable<StaffTicketView> {
    return this.get<StaffTicketView>(`/api/staff/tickets/${encodeURIComponent(trackingId)}`);
  }
  /** Issue 17: the participant's other requests this staff member may see. */
  relatedTickets(trackingId: string): Observable<RelatedTickets> {
    return this.get<RelatedTickets>(`/api/staff/tickets/${encodeURIComponent(trackingId)}/related`);
  }
  addMessage(trackingId: string, request: StaffMessageRequest, files: readonly File[]): Observable<StaffMessageResponse> {
    const form = new FormData();
    form.append('body', request.body);
    form.append('lastSeenMessageId', request.lastSeenMessageId);
    if (request.internal) form.append('internal', 'true');
    if (request.status) form.append('status', request.status);
    for (const file of files) form.append(ATTACHMENTS_FIELD, file, file.name);
    return this.send<StaffMessageResponse>('POST', `/api/staff/tickets/${encodeURIComponent(trackingId)}/messages`, form);
  }
  updateTicket(trackingId: string, request: UpdateTicketRequest): Observable<StaffTicketView> {
    return this.send<StaffTicketView>('PATCH', `/api/staff/tickets/${encodeURIComponent(trackingId)}`, request);
  }
  merge(trackingId: string, intoTrackingId: string): Observable<StaffTicketView> {
    return this.send<StaffTicketView>('POST', `/api/staff/tickets/${encodeURIComponent(trackingId)}/merge`, { intoTrackingId });
  }
  /** Tells colleagues who may see the request that this agent views it, types in it, or left (issue 17). */
  /** Issue 17: this staff member's own unsent reply and note on the request. */
  drafts(trackingId: string): Observable<StaffDrafts> {
    return this.get<StaffDrafts>(`/api/staff/tickets/${encodeURIComponent(trackingId)}/drafts`);
  }
  /** An empty body deletes the draft. */
  saveDraft(trackingId: string, kind: StaffDraftKind, body: string): Observable<StaffDraft | null> {
    return this.send<StaffDraft | null>('PUT', this.draftUrl(trackingId, kind), { body });
  }
  /**
   * The same save as the page goes away (pagehide): a request the browser still
   * finishes after the page is gone, which HttpClient's is not.
   */
  saveDraftAsLeaving(trackingId: string, kind: StaffDraftKind, body: string): void {
    void fetch(this.draftUrl(trackingId, kind), {
      method: 'PUT',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: this.session.csrfToken() },
      body: JSON.stringify({ body }),
    }).catch(() => undefined);
  }
  private draftUrl(trackingId: string, kind: StaffDraftKind): string {
    return `/api/staff/tickets/${encodeURIComponent(trackingId)}/drafts/${kind}`;
  }
  presence(trackingId: string, state: PresenceState): Observable<void> {
    return this.send<void>('POST', `/api/staff/tickets/${encodeURIComponent(trackingId)}/presence`, { state });
  }
  /** A plain link: the API answers with Content-Disposition: attachment, and the cookie goes along. */
  attachmentUrl(trackingId: string, attachmentId: string): string {
    return `/api/staff/tickets/${encodeURIComponent(trackingId)}/attachments/${encodeURIComponent(attachmentId)}`;
  }
  /** Issue 17: the same file for a preview, inline only when its bytes are an image, a PDF or text. */
  attachmentPreviewUrl(trackingId: string, attachmentId: string): string {
    return `${this.attachmentUrl(trackingId, attachmentId)}/preview`;
  }

  // Canned responses
  cannedResponses(): Observable<CannedResponseView[]> {
    return this.get<CannedResponseView[]>('/api/staff/canned-responses');
  }
  createCannedResponse(request: CannedResponseRequest): Observable<CannedResponseView> {
    return this.send<CannedResponseView>('POST', '/api/staff/canned-responses', request);
  }
  updateCannedResponse(id: string, request: CannedResponseRequest): Observable<CannedResponseView> {
    return this.send<CannedResponseView>('PUT', `/api/staff/canned-responses/${encodeURIComponent(id)}`, request);
  }
  deleteCannedResponse(id: string): Observable<void> {
    return this.send<void>('DELETE', `/api/staff/canned-responses/${encodeURIComponent(id)}`);
  }
  renderCannedResponse(trackingId: string, id: string): Observable<RenderedCannedResponse> {
    return this.get<RenderedCannedResponse>(`/api/staff/tickets/${encodeURIComponent(trackingId)}/canned-responses/${encodeURIComponent(id)}`);
  }

  // People
  team(): Observable<StaffTeamMember[]> {
    return this.get<StaffTeamMember[]>('/api/staff/team');
  }
  accounts(): Observable<StaffAccountView[]> {
    return this.get<StaffAccountView[]>('/api/staff/accounts');
  }
  createAccount(request: CreateStaffRequest): Observable<CreateStaffResponse> {
    return this.send<CreateStaffResponse>('POST', '/api/staff/accounts', request);
  }
  updateAccount(id: string, request: UpdateStaffRequest): Observable<StaffAccountView> {
    return this.send<StaffAccountView>('PATCH', `/api/staff/accounts/${encodeURIComponent(id)}`, request);
  }
  updateOwnProfile(request: UpdateOwnProfileRequest): Observable<UpdateOwnProfileRequest> {
    return this.send<UpdateOwnProfileRequest>('PATCH', '/api/staff/profile', request);
  }
  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.send<void>('POST', '/api/staff/auth/password', request);
  }
  setUpTotp(): Observable<TotpSetupView> {
    return this.send<TotpSetupView>('POST', '/api/staff/auth/totp/setup');
  }
  enableTotp(code: string): Observable<RecoveryCodesView> {
    return this.send<RecoveryCodesView>('POST', '/api/staff/auth/totp/enable', { code });
  }

  // Organisations (issue 18): staff read, admins change
  organisations(query: OrganisationListQuery): Observable<OrganisationPage> {
    return this.get<OrganisationPage>('/api/staff/organisations', query);
  }
  organisation(id: number): Observable<OrganisationView> {
    return this.get<OrganisationView>(`/api/staff/organisations/${id}`);
  }
  createOrganisation(request: CreateOrganisationRequest): Observable<OrganisationView> {
    return this.send<OrganisationView>('POST', '/api/staff/organisations', request);
  }
  updateOrganisation(id: number, request: UpdateOrganisationRequest): Observable<OrganisationView> {
    return this.send<OrganisationView>('PATCH', `/api/staff/organisations/${id}`, request);
  }
  mergeOrganisation(id: number, intoId: number): Observable<OrganisationView> {
    return this.send<OrganisationView>('POST', `/api/staff/organisations/${id}/merge`, { intoId });
  }
  importOrganisations(csv: string, dryRun: boolean): Observable<OrganisationImportResult> {
    return this.send<OrganisationImportResult>('POST', '/api/staff/organisations/import', { csv, dryRun });
  }
  /** A plain link: the cookie goes along and the browser saves the file. */
  readonly organisationsExportUrl = '/api/staff/organisations/export.csv';

  /** Issue 19: a report; an agent's covers their own requests. */
  report(query: ReportQuery): Observable<ReportView> {
    return this.get<ReportView>('/api/staff/reports', { from: query.from, to: query.to, interval: query.interval, groupBy: query.groupBy });
  }

  /** A link (the session cookie goes with it) that downloads one table of a report. */
  reportExportUrl(query: ReportQuery & { table: ReportTable; format: ReportFormat }): string {
    const params = new HttpParams({ fromObject: { from: query.from, to: query.to, interval: query.interval ?? 'day', groupBy: query.groupBy ?? 'category', table: query.table, format: query.format } });
    return `/api/staff/reports/export?${params.toString()}`;
  }
  ticketOrganisation(trackingId: string): Observable<TicketOrganisationPanel> {
    return this.get<TicketOrganisationPanel>(`/api/staff/tickets/${encodeURIComponent(trackingId)}/organisation`);
  }

  // Service levels (admins, issue 19)
  slaCalendars(): Observable<SlaCalendarView[]> {
    return this.get<SlaCalendarView[]>('/api/staff/sla/calendars');
  }
  saveSlaCalendar(id: number | null, request: SlaCalendarInput): Observable<SlaCalendarView> {
    return id === null ? this.send<SlaCalendarView>('POST', '/api/staff/sla/calendars', request) : this.send<SlaCalendarView>('PUT', `/api/staff/sla/calendars/${id}`, request);
  }
  publicHolidays(year: number): Observable<PublicHolidayView[]> {
    return this.get<PublicHolidayView[]>('/api/staff/sla/holidays', { year: String(year) });
  }
  slaPolicies(): Observable<SlaPolicyView[]> {
    return this.get<SlaPolicyView[]>('/api/staff/sla/policies');
  }
  saveSlaPolicy(id: number | null, request: SlaPolicyInput): Observable<SlaPolicyView> {
    return id === null ? this.send<SlaPolicyView>('POST', '/api/staff/sla/policies', request) : this.send<SlaPolicyView>('PUT', `/api/staff/sla/policies/${id}`, request);
  }
  deleteSlaPolicy(id: number): Observable<void> {
    return this.send<void>('DELETE', `/api/staff/sla/policies/${id}`);
  }

  // E-mail problems (admins)
  mailCounts(): Observable<MailProblemCounts> {
    return this.get<MailProblemCounts>('/api/staff/mail/counts');
  }
  quarantine(cursor?: string): Observable<QuarantinedEmailPage> {
    return this.get<QuarantinedEmailPage>('/api/staff/mail/quarantine', { cursor });
  }
  quarantinedEmail(id: string): Observable<QuarantinedEmailView> {
    return this.get<QuarantinedEmailView>(`/api/staff/mail/quarantine/${encodeURIComponent(id)}`);
  }
  /** The e-mail a request's message was made from (admins; a plain link, the cookie goes along). */
  originalEmailUrl(messageId: string): string {
    return `/api/staff/mail/messages/${encodeURIComponent(messageId)}/original`;
  }
  rawEmailUrl(id: string): string {
    return `/api/staff/mail/quarantine/${encodeURIComponent(id)}/raw`;
  }
  /** Issue 17: a sender-less quarantined e-mail made a request of the participant given. */
  openQuarantinedRequest(id: string, request: OpenQuarantinedRequest): Observable<ReplayResponse> {
    return this.send<ReplayResponse>('POST', `/api/staff/mail/quarantine/${encodeURIComponent(id)}/open-request`, request);
  }
  replay(id: string): Observable<ReplayResponse> {
    return this.send<ReplayResponse>('POST', `/api/staff/mail/quarantine/${encodeURIComponent(id)}/replay`);
  }
  replayAll(): Observable<ReplayResponse> {
    return this.send<ReplayResponse>('POST', '/api/staff/mail/quarantine/replay-all');
  }
  dismiss(id: string): Observable<void> {
    return this.send<void>('POST', `/api/staff/mail/quarantine/${encodeURIComponent(id)}/dismiss`);
  }
  failedEmails(cursor?: string): Observable<FailedEmailPage> {
    return this.get<FailedEmailPage>('/api/staff/mail/failed', { cursor });
  }
  retry(id: string): Observable<RetryResponse> {
    return this.send<RetryResponse>('POST', `/api/staff/mail/failed/${encodeURIComponent(id)}/retry`);
  }
  retryAll(): Observable<RetryResponse> {
    return this.send<RetryResponse>('POST', '/api/staff/mail/failed/retry-all');
  }
  keptEmails(query: KeptEmailQuery): Observable<KeptEmailPage> {
    return this.get<KeptEmailPage>('/api/staff/mail/kept', query);
  }
  keptEmail(id: string): Observable<KeptEmailView> {
    return this.get<KeptEmailView>(`/api/staff/mail/kept/${encodeURIComponent(id)}`);
  }
  rawKeptEmailUrl(id: string): string {
    return `/api/staff/mail/kept/${encodeURIComponent(id)}/raw`;
  }
  releaseKept(id: string): Observable<ReplayResponse> {
    return this.send<ReplayResponse>('POST', `/api/staff/mail/kept/${encodeURIComponent(id)}/release`);
  }
  /** Issue 18: outside addresses in copy of requests, waiting for an admin. */
  pendingCopies(): Observable<PendingCopyView[]> {
    return this.get<PendingCopyView[]>('/api/staff/copies/pending');
  }
  decideCopy(id: string, approve: boolean): Observable<DecidedCopyView> {
    return this.send<DecidedCopyView>('POST', `/api/staff/copies/${encodeURIComponent(id)}/${approve ? 'approve' : 'refuse'}`);
  }
  heldOutgoing(cursor?: string): Observable<HeldEmailPage> {
    return this.get<HeldEmailPage>('/api/staff/mail/outgoing-held', { cursor });
  }
  releaseOutgoing(id: string): Observable<ReleaseResponse> {
    return this.send<ReleaseResponse>('POST', `/api/staff/mail/outgoing-held/${encodeURIComponent(id)}/release`);
  }
  releaseAllOutgoing(): Observable<ReleaseResponse> {
    return this.send<ReleaseResponse>('POST', '/api/staff/mail/outgoing-held/release-all');
  }

  // Inbound mailboxes (admins, issue 16)
  mailboxes(): Observable<MailboxView[]> {
    return this.get<MailboxView[]>('/api/staff/mailboxes');
  }
  createMailbox(request: MailboxInput): Observable<MailboxView> {
    return this.send<MailboxView>('POST', '/api/staff/mailboxes', request);
  }
  updateMailbox(id: string, request: MailboxInput): Observable<MailboxView> {
    return this.send<MailboxView>('PATCH', `/api/staff/mailboxes/${encodeURIComponent(id)}`, request);
  }
  deleteMailbox(id: string): Observable<void> {
    return this.send<void>('DELETE', `/api/staff/mailboxes/${encodeURIComponent(id)}`);
  }

  // Outbound webhooks (admins)
  webhooks(): Observable<WebhookView[]> {
    return this.get<WebhookView[]>('/api/staff/webhooks');
  }
  createWebhook(request: CreateWebhookRequest): Observable<WebhookSecretResponse> {
    return this.send<WebhookSecretResponse>('POST', '/api/staff/webhooks', request);
  }
  updateWebhook(id: string, request: UpdateWebhookRequest): Observable<WebhookView> {
    return this.send<WebhookView>('PATCH', `/api/staff/webhooks/${encodeURIComponent(id)}`, request);
  }
  deleteWebhook(id: string): Observable<void> {
    return this.send<void>('DELETE', `/api/staff/webhooks/${encodeURIComponent(id)}`);
  }
  rotateWebhookSecret(id: string): Observable<WebhookSecretResponse> {
    return this.send<WebhookSecretResponse>('POST', `/api/staff/webhooks/${encodeURIComponent(id)}/rotate-secret`);
  }
  webhookDeliveries(id: string, cursor?: string): Observable<WebhookDeliveryPage> {
    return this.get<WebhookDeliveryPage>(`/api/staff/webhooks/${encodeURIComponent(id)}/deliveries`, { cursor });
  }
  resendWebhookDelivery(id: string, eventId: string): Observable<void> {
    return this.send<void>('POST', `/api/staff/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(eventId)}/resend`);
  }
  pingWebhook(id: string): Observable<WebhookPingResult> {
    return this.send<WebhookPingResult>('POST', `/api/staff/webhooks/${encodeURIComponent(id)}/ping`);
  }

  // Shared with the portal, for the controls
  categories(): Observable<CategoryView[]> {
    return this.get<CategoryView[]>('/api/categories');
  }

  private get<T>(url: string, query: object = {}): Observable<T> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
    return this.http.get<T>(url, { params }).pipe(catchError((error) => this.failed(error)));
  }

  private send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body: unknown = null): Observable<T> {
    return this.http
      .request<T>(method, url, { body, headers: { [CSRF_HEADER]: this.session.csrfToken() } })
      .pipe(catchError((error) => this.failed(error)));
  }

  private failed(error: unknown): Observable<never> {
    if (error instanceof HttpErrorResponse && error.status === 401) this.session.endedByServer();
    return throwError(() => error);
  }
}
