import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule, NgForm } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { FIELD_LIMITS, ParticipantRequestView, ReplyRating, RequestCopiesResponse, RequestVisibility, SatisfactionAnswerView, TicketView } from '@pidtrymka/contracts';
import { catchError, Observable, of } from 'rxjs';
import { apiError } from '../../core/api/api-error';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/message-keys';
import { PageTitle } from '../../core/i18n/page-title';
import { ConversationView } from '../../core/ui/conversation/conversation-view';
import { AttachmentPicker } from '../shared/attachment-picker';
import { SatisfactionForm } from './satisfaction-form';

/**
 * R-VIEW-1, R-VIEW-2, R-VIEW-5: `/ticket?track=…&e=…`, the link of every e-mail. The conversation,
 * the details panel with its refresh, and the reply form. A wrong e-mail shows only "not found".
 * Issue 19: "Was this reply helpful?" under each staff reply, closing or reopening the request, and
 * once it is closed, satisfaction with it (1–5 stars and a comment, once per closing).
 * Issue 18: `/ticket?track=…` alone opens it through the participant's session ("My requests"):
 * their own request, with the switch of who sees it, or a colleague's shared one, marked as such,
 * where they reply under their own name (and do not rate or close: the request is the author's).
 */
@Component({
  selector: 'app-ticket-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AttachmentPicker, ConversationView, SatisfactionForm],
  templateUrl: './ticket-page.html',
  styleUrl: './ticket-page.scss',
})
export class TicketPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(PortalApi);

  readonly track = input<string>();
  /** The e-mail, as the links of our e-mails name it. */
  readonly e = input<string>();

  protected readonly trackingId = computed(() => (this.track() ?? '').trim().toUpperCase());
  protected readonly email = computed(() => (this.e() ?? '').trim());
  /** Issue 18: no address in the link: the request is read through the participant's session. */
  protected readonly bySession = computed(() => !this.email());
  protected readonly session = rxResource({
    params: () => (this.bySession() ? {} : undefined),
    stream: () => this.api.participantSession().pipe(catchError(() => of(null))),
  });
  protected readonly ticket = rxResource<TicketView | ParticipantRequestView | null, { trackingId: string; email: string; locale: string }>({
    params: () => ({ trackingId: this.trackingId(), email: this.email(), locale: this.i18n.locale() }),
    stream: ({ params }): Observable<TicketView | ParticipantRequestView | null> =>
      !params.trackingId ? of(null) : params.email ? this.api.ticket(params.trackingId, params.email) : this.api.participantRequest(params.trackingId),
  });
  /** The session's view of the request (null when opened by tracking ID and address). */
  protected readonly shared = computed((): ParticipantRequestView | null => {
    const ticket = this.ticket.hasValue() ? this.ticket.value() : null;
    return ticket && 'mine' in ticket ? (ticket as ParticipantRequestView) : null;
  });
  /** The author's page: rating, closing and reopening are theirs. A colleague's shared request is not. */
  protected readonly isAuthor = computed(() => this.shared()?.mine ?? true);
  /** The address the author's own actions name: the link's, or the signed-in one's. */
  protected readonly authorEmail = computed(() => this.email() || this.session.value()?.email || '');
  protected readonly loadError = computed(() => {
    const error = this.ticket.error();
    return error ? (apiError(error)?.message ?? this.i18n.t('app.networkError')) : null;
  });

  /** The tracking ID asked for, when it was merged into the request shown (issue 12.2). */
  protected readonly mergedFrom = signal<string | null>(null);
  private readonly router = inject(Router);

  constructor() {
    inject(PageTitle).follow(() => {
      const ticket = this.ticket.hasValue() ? this.ticket.value() : null;
      return ticket ? this.i18n.t('ticket.tabTitle', { subject: ticket.subject, number: ticket.number, trackingId: ticket.trackingId }) : null;
    });
    // A merged-away request's link leads to the request it was merged into: the address, and so every
    // later reply, refresh and bookmark, names that one, and the page says why.
    effect(() => {
      // value() throws while the request is in error (a wrong e-mail): nothing was shown, nothing to follow.
      const shown = this.ticket.hasValue() ? this.ticket.value()?.trackingId : undefined;
      const asked = this.trackingId();
      if (!shown || !asked || shown === asked) return;
      this.mergedFrom.set(asked);
      void this.router.navigate(['/ticket'], { queryParams: { track: shown, e: this.email() || undefined }, replaceUrl: true });
    });
  }

  protected readonly replyText = signal('');
  protected readonly replyFiles = signal<File[]>([]);
  protected readonly sending = signal(false);
  protected readonly replyError = signal<string | null>(null);
  /** "Вашу відповідь додано.", shown where the reply was typed until the next one is (issue 17.4). */
  protected readonly replyNotice = signal<string | null>(null);
  protected readonly attachmentError = signal<string | null>(null);
  protected readonly announcement = signal('');
  protected readonly messageMax = FIELD_LIMITS.messageMaxLength;
  private readonly picker = viewChild(AttachmentPicker);
  private readonly replyForm = viewChild<NgForm>('replyForm');

  protected refresh(): void {
    this.ticket.reload();
    this.announcement.set(this.i18n.t('ticket.refreshed'));
  }

  protected readonly attachmentUrl = (attachmentId: string): string =>
    this.bySession() ? this.api.participantAttachmentUrl(this.trackingId(), attachmentId) : this.api.attachmentUrl(this.trackingId(), attachmentId, this.email());
  protected readonly previewUrl = (attachmentId: string): string =>
    this.bySession() ? this.api.participantAttachmentPreviewUrl(this.trackingId(), attachmentId) : this.api.attachmentPreviewUrl(this.trackingId(), attachmentId, this.email());

  /** Issue 18, "Colleagues in copy": the author's colleagues, loaded for the author's own page only. */
  protected readonly copies = rxResource({
    params: () => {
      const v = this.shared();
      return v?.mine && v.organisation ? { trackingId: v.trackingId } : undefined;
    },
    stream: ({ params }) => this.api.requestCopies(params.trackingId).pipe(catchError(() => of(null))),
  });
  protected readonly copiesBusy = signal(false);
  protected readonly copiesError = signal<string | null>(null);

  /** Issue 18: an address outside the organisation the author is typing, to be approved by an admin. */
  protected readonly otherCopy = signal('');

  protected toggleCopy(email: string, inCopy: boolean): void {
    const current = this.copies.hasValue() ? this.copies.value() : null;
    if (!current) return;
    const colleagues = current.colleagues.filter((c) => (c.email === email ? inCopy : c.inCopy)).map((c) => c.email);
    this.saveCopies([...colleagues, ...current.others.map((o) => o.email)], inCopy ? 'ticket.copies.added' : 'ticket.copies.removed');
  }

  protected addOtherCopy(): void {
    const current = this.copies.hasValue() ? this.copies.value() : null;
    const email = this.otherCopy().trim();
    if (!current || !email) return;
    this.saveCopies([...this.copyEmails(current), email], 'ticket.copies.updated', () => this.otherCopy.set(''));
  }

  protected removeOtherCopy(email: string): void {
    const current = this.copies.hasValue() ? this.copies.value() : null;
    if (!current) return;
    this.saveCopies(this.copyEmails(current).filter((e) => e !== email), 'ticket.copies.removed');
  }

  private copyEmails(current: RequestCopiesResponse): string[] {
    return [...current.colleagues.filter((c) => c.inCopy).map((c) => c.email), ...current.others.map((o) => o.email)];
  }

  /** The whole copy is sent each time, so a second tab's older choice is overwritten, never merged half-way. */
  private saveCopies(emails: string[], announcement: MessageKey, done?: () => void): void {
    const csrf = this.session.value()?.csrfToken;
    if (!csrf) return;
    this.copiesBusy.set(true);
    this.copiesError.set(null);
    this.api.setRequestCopies(this.shared()!.trackingId, emails, csrf).subscribe({
      next: (answer) => {
        this.copiesBusy.set(false);
        this.copies.set(answer);
        done?.();
        this.announcement.set(this.i18n.t(announcement));
      },
      error: (error: unknown) => {
        this.copiesBusy.set(false);
        this.copiesError.set(apiError(error)?.message ?? this.i18n.t('app.networkError'));
      },
    });
  }

  protected readonly visibilityBusy = signal(false);
  protected readonly visibilityError = signal<string | null>(null);

  /** Issue 18: the author shares the request with their organisation's contacts, or keeps it to themselves. */
  protected setVisibility(visibility: RequestVisibility): void {
    const csrf = this.session.value()?.csrfToken;
    if (!csrf) return;
    this.visibilityBusy.set(true);
    this.visibilityError.set(null);
    this.api.setRequestVisibility(this.trackingId(), visibility, csrf).subscribe({
      next: (answer) => {
        this.visibilityBusy.set(false);
        this.ticket.update((t) => (t && 'mine' in t ? { ...t, visibility: answer.visibility } : t));
        this.announcement.set(this.i18n.t(answer.visibility === 'organisation' ? 'ticket.visibility.sharedNow' : 'ticket.visibility.privateNow'));
      },
      error: (error: unknown) => {
        this.visibilityBusy.set(false);
        this.visibilityError.set(apiError(error)?.message ?? this.i18n.t('app.networkError'));
      },
    });
  }

  /** Replies whose vote is on its way, and why a vote was refused (a second tab voted first: 409). */
  protected readonly ratingPending = signal<ReadonlySet<string>>(new Set());
  protected readonly ratingErrors = signal<ReadonlyMap<string, string>>(new Map());

  protected rate(vote: { messageId: string; rating: ReplyRating }): void {
    const { messageId, rating } = vote;
    this.ratingPending.update((pending) => new Set(pending).add(messageId));
    this.ratingErrors.update((errors) => withEntry(errors, messageId, null));
    const done = () => this.ratingPending.update((pending) => { const next = new Set(pending); next.delete(messageId); return next; });
    this.api.rateReply(this.trackingId(), messageId, this.authorEmail(), rating).subscribe({
      next: () => {
        done();
        // The vote is shown at once; the next load says the same.
        this.ticket.update((t) => (t ? { ...t, messages: t.messages.map((m) => (m.id === messageId ? { ...m, rating } : m)) } : t));
        this.announcement.set(this.i18n.t('ticket.rating.thanks'));
      },
      error: (error: unknown) => {
        done();
        this.ratingErrors.update((errors) => withEntry(errors, messageId, apiError(error)?.message ?? this.i18n.t('app.networkError')));
      },
    });
  }

  /** Issue 19: the closing's answer is shown at once; a refused one (answered elsewhere, reopened) reloads the page to show what is so. */
  protected satisfied(answer: SatisfactionAnswerView | null): void {
    if (!answer) {
      this.ticket.reload();
      return;
    }
    this.ticket.update((t) => (t?.satisfaction ? { ...t, satisfaction: { ...t.satisfaction, answer } } : t));
    this.announcement.set(this.i18n.t('ticket.satisfaction.thanks'));
  }

  protected readonly statusBusy = signal(false);
  protected readonly statusError = signal<string | null>(null);
  protected readonly statusNotice = signal<string | null>(null);

  /** Issue 19: "Закрити запит" (after a confirmation) and "Відкрити знову". */
  protected setOwnStatus(action: 'close' | 'reopen'): void {
    if (action === 'close' && !confirm(this.i18n.t('ticket.closeConfirm'))) return;
    this.statusBusy.set(true);
    this.statusError.set(null);
    this.statusNotice.set(null);
    this.api.setOwnStatus(this.trackingId(), this.authorEmail(), action).subscribe({
      next: () => {
        this.statusBusy.set(false);
        this.statusNotice.set(this.i18n.t(action === 'close' ? 'ticket.closedDone' : 'ticket.reopenedDone'));
        this.ticket.reload();
      },
      error: (error: unknown) => {
        this.statusBusy.set(false);
        this.statusError.set(apiError(error)?.message ?? this.i18n.t('app.networkError'));
        // A 409 means the status is not what this page showed: show the real one.
        this.ticket.reload();
      },
    });
  }

  protected sendReply(event: Event): void {
    event.preventDefault();
    this.replyError.set(null);
    this.replyNotice.set(null);
    this.attachmentError.set(null);
    const message = this.replyText();
    if (!message.trim()) {
      this.replyError.set(this.i18n.t('field.required'));
      document.getElementById('reply-message')?.focus();
      return;
    }
    this.sending.set(true);
    const csrf = this.session.value()?.csrfToken ?? '';
    const sent = this.bySession()
      ? this.api.participantReply(this.trackingId(), message, this.replyFiles(), csrf)
      : this.api.reply(this.trackingId(), { email: this.email(), message }, this.replyFiles());
    sent.subscribe({
      next: () => {
        this.sending.set(false);
        // A fresh form, not an emptied one that shows "required" in red.
        this.replyForm()?.resetForm();
        this.replyText.set('');
        this.picker()?.clear();
        this.ticket.reload();
        this.replyNotice.set(this.i18n.t('ticket.sent'));
      },
      error: (error: unknown) => {
        this.sending.set(false);
        const body = apiError(error);
        const text = body?.details?.find((d) => d.field === 'message')?.message ?? body?.message ?? this.i18n.t('app.networkError');
        if (body?.code?.startsWith('attachment')) this.attachmentError.set(text);
        else this.replyError.set(text);
      },
    });
  }

}

/** A copy of `map` with `key` set to `value`, or removed when `value` is null. */
function withEntry(map: ReadonlyMap<string, string>, key: string, value: string | null): ReadonlyMap<string, string> {
  const next = new Map(map);
  if (value === null) next.delete(key);
  else next.set(key, value);
  return next;
}
