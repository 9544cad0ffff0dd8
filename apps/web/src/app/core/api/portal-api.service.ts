import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  ATTACHMENTS_FIELD,
  AttachmentLimitsView,
  CaptchaChallengeView,
  CategoryView,
  CreateReplyRequest,
  CreateReplyResponse,
  CreateTicketRequest,
  CreateTicketResponse,
  CSRF_HEADER,
  HONEYPOT_FIELD,
  KbArticleList,
  KbArticleSummary,
  KbArticleView,
  KbCategoryView,
  Locale,
  MyRequestsPage,
  MyRequestsQuery,
  ParticipantOrganisationView,
  ParticipantRequestView,
  ParticipantSessionView,
  RequestVisibility,
  SetRequestVisibilityResponse,
  RequestCopiesResponse,
  ParticipantStatusResponse,
  RateReplyResponse,
  SatisfactionAnswerView,
  SatisfactionRequest,
  ReplyRating,
  TicketView,
} from '@pidtrymka/contracts';
import { Observable } from 'rxjs';

export interface KbArticleQuery {
  category?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** The participants' API (`/api/tickets`, `/api/kb`, `/api/captcha`, …), typed by `libs/contracts`. */
@Injectable({ providedIn: 'root' })
export class PortalApi {
  private readonly http = inject(HttpClient);

  kbCategories(locale: Locale): Observable<KbCategoryView[]> {
    return this.http.get<KbCategoryView[]>('/api/kb/categories', { params: { locale } });
  }

  kbArticles(locale: Locale, query: KbArticleQuery = {}): Observable<KbArticleList> {
    let params = new HttpParams().set('locale', locale);
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params = params.set(key, String(value));
    return this.http.get<KbArticleList>('/api/kb/articles', { params });
  }

  kbArticle(locale: Locale, slug: string): Observable<KbArticleView> {
    return this.http.get<KbArticleView>(`/api/kb/articles/${encodeURIComponent(slug)}`, { params: { locale } });
  }

  kbSuggest(locale: Locale, q: string): Observable<KbArticleSummary[]> {
    return this.http.get<KbArticleSummary[]>('/api/kb/suggest', { params: { locale, q } });
  }

  categories(): Observable<CategoryView[]> {
    return this.http.get<CategoryView[]>('/api/categories');
  }

  captcha(): Observable<CaptchaChallengeView> {
    return this.http.get<CaptchaChallengeView>('/api/captcha');
  }

  attachmentLimits(): Observable<AttachmentLimitsView> {
    return this.http.get<AttachmentLimitsView>('/api/attachments/limits');
  }

  /** Multipart, so files travel with the form; `honeypot` is the hidden field people leave empty (R-SUB-3). */
  createTicket(request: CreateTicketRequest, files: readonly File[], honeypot = ''): Observable<CreateTicketResponse> {
    const form = new FormData();
    for (const [key, value] of Object.entries(request)) if (value !== undefined && value !== null && value !== '') form.append(key, String(value));
    if (honeypot) form.append(HONEYPOT_FIELD, honeypot);
    for (const file of files) form.append(ATTACHMENTS_FIELD, file, file.name);
    return this.http.post<CreateTicketResponse>('/api/tickets', form);
  }

  ticket(trackingId: string, email: string): Observable<TicketView> {
    return this.http.get<TicketView>(`/api/tickets/${encodeURIComponent(trackingId)}`, { params: { email } });
  }

  reply(trackingId: string, request: CreateReplyRequest, files: readonly File[]): Observable<CreateReplyResponse> {
    const form = new FormData();
    form.append('email', request.email);
    form.append('message', request.message);
    for (const file of files) form.append(ATTACHMENTS_FIELD, file, file.name);
    return this.http.post<CreateReplyResponse>(`/api/tickets/${encodeURIComponent(trackingId)}/replies`, form);
  }

  /** Issue 19: "Was this reply helpful?", once per staff reply. */
  rateReply(trackingId: string, messageId: string, email: string, rating: ReplyRating): Observable<RateReplyResponse> {
    return this.http.post<RateReplyResponse>(`/api/tickets/${encodeURIComponent(trackingId)}/messages/${encodeURIComponent(messageId)}/rating`, { email, rating });
  }

  /** Issue 19: satisfaction after closing, once per closing. */
  answerSatisfaction(trackingId: string, request: SatisfactionRequest): Observable<SatisfactionAnswerView> {
    return this.http.post<SatisfactionAnswerView>(`/api/tickets/${encodeURIComponent(trackingId)}/satisfaction`, request);
  }

  /** Issue 19: the participant closes (`close`) or reopens (`reopen`) their own request. */
  setOwnStatus(trackingId: string, email: string, action: 'close' | 'reopen'): Observable<ParticipantStatusResponse> {
    return this.http.post<ParticipantStatusResponse>(`/api/tickets/${encodeURIComponent(trackingId)}/${action}`, { email });
  }

  remindTrackingIds(email: string): Observable<void> {
    return this.http.post<void>('/api/tickets/remind', { email });
  }

  // Issue 18: the participant's own space. Its cookie is httpOnly; state-changing calls carry the session's CSRF token.

  sendSignInLink(email: string): Observable<void> {
    return this.http.post<void>('/api/participant/auth/link', { email });
  }

  redeemSignInLink(token: string): Observable<ParticipantSessionView> {
    return this.http.post<ParticipantSessionView>('/api/participant/auth/redeem', { token });
  }

  participantSession(): Observable<ParticipantSessionView> {
    return this.http.get<ParticipantSessionView>('/api/participant/auth/session');
  }

  participantSignOut(csrfToken: string, everywhere: boolean): Observable<void> {
    return this.http.post<void>(`/api/participant/auth/${everywhere ? 'sign-out-everywhere' : 'sign-out'}`, null, { headers: { [CSRF_HEADER]: csrfToken } });
  }

  myRequests(query: MyRequestsQuery): Observable<MyRequestsPage> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params = params.set(key, String(value));
    return this.http.get<MyRequestsPage>('/api/participant/requests', { params });
  }

  /** Issue 18: the signed-in participant's organisations, for the submit form's "who sees it" choice. */
  participantOrganisations(): Observable<ParticipantOrganisationView[]> {
    return this.http.get<ParticipantOrganisationView[]>('/api/participant/organisations');
  }

  /** Issue 18: a request through the session: the participant's own, or a colleague's shared one. */
  participantRequest(trackingId: string): Observable<ParticipantRequestView> {
    return this.http.get<ParticipantRequestView>(`/api/participant/requests/${encodeURIComponent(trackingId)}`);
  }

  participantReply(trackingId: string, message: string, files: readonly File[], csrfToken: string): Observable<CreateReplyResponse> {
    const form = new FormData();
    form.append('message', message);
    for (const file of files) form.append(ATTACHMENTS_FIELD, file, file.name);
    return this.http.post<CreateReplyResponse>(`/api/participant/requests/${encodeURIComponent(trackingId)}/replies`, form, { headers: { [CSRF_HEADER]: csrfToken } });
  }

  /** Issue 18: the colleagues the author may put in copy, and who is. */
  requestCopies(trackingId: string): Observable<RequestCopiesResponse> {
    return this.http.get<RequestCopiesResponse>(`/api/participant/requests/${encodeURIComponent(trackingId)}/copies`);
  }

  setRequestCopies(trackingId: string, emails: string[], csrfToken: string): Observable<RequestCopiesResponse> {
    return this.http.put<RequestCopiesResponse>(`/api/participant/requests/${encodeURIComponent(trackingId)}/copies`, { emails }, { headers: { [CSRF_HEADER]: csrfToken } });
  }

  setRequestVisibility(trackingId: string, visibility: RequestVisibility, csrfToken: string): Observable<SetRequestVisibilityResponse> {
    return this.http.put<SetRequestVisibilityResponse>(`/api/participant/requests/${encodeURIComponent(trackingId)}/visibility`, { visibility }, { headers: { [CSRF_HEADER]: csrfToken } });
  }

  /** The session's link to an attachment (its cookie is sent with it, same site). */
  participantAttachmentUrl(trackingId: string, attachmentId: string): string {
    return `/api/participant/requests/${encodeURIComponent(trackingId)}/attachments/${encodeURIComponent(attachmentId)}`;
  }

  /** A plain link: the API answers with Content-Disposition: attachment (R-SUB-6). */
  attachmentUrl(trackingId: string, attachmentId: string, email: string): string {
    return `/api/tickets/${encodeURIComponent(trackingId)}/attachments/${encodeURIComponent(attachmentId)}?email=${encodeURIComponent(email)}`;
  }

  /** Issue 17: the same files for previews, inline only when their bytes are an image, a PDF or text. */
  participantAttachmentPreviewUrl(trackingId: string, attachmentId: string): string {
    return `${this.participantAttachmentUrl(trackingId, attachmentId)}/preview`;
  }

  attachmentPreviewUrl(trackingId: string, attachmentId: string, email: string): string {
    return `/api/tickets/${encodeURIComponent(trackingId)}/attachments/${encodeURIComponent(attachmentId)}/preview?email=${encodeURIComponent(email)}`;
  }
}
