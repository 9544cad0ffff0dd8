import { ChangeDetectionStrategy, Component, Directive, computed, inject, input, type OnInit, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { Observable } from 'rxjs';
import type { QuarantinedEmailView } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { StaffApi } from '../core/staff-api.service';
import { CursorList, type CursorPage } from './cursor-list';

/**
 * What the staff workspace's mail pages (held, failed, kept, quarantined) have in common: a paged
 * list, a notice and an error for the last action, and the busy flag while one runs. A page says
 * only where its pages come from and what its own actions do.
 */
@Directive()
export abstract class MailListPage<T> implements OnInit {
  protected readonly i18n = inject(I18n);
  protected readonly api = inject(StaffApi);

  private readonly list = new CursorList<T>(
    (cursor) => this.fetchPage(cursor),
    (error) => this.showError(error),
  );
  protected readonly items = this.list.items;
  protected readonly total = this.list.total;
  protected readonly nextCursor = this.list.nextCursor;
  protected readonly loading = this.list.loading;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');

  /** The page after `cursor`, or the first; may read the page's own fields (filters), hence not called before they exist. */
  protected abstract fetchPage(cursor?: string): Observable<CursorPage<T>>;

  // Not in the constructor: a subclass's fetchPage may read its filters, which are set only after this class's constructor.
  ngOnInit(): void {
    this.load();
  }

  load(cursor?: string): void {
    this.list.load(cursor);
  }

  protected showError(error: unknown): void {
    this.error.set(errorText(error, this.i18n));
  }

  /** An outgoing e-mail's template by its translated name, or its key when there is none. */
  protected templateLabel(template: string): string {
    return this.i18n.known(`template.${template}`) ?? template;
  }

  /** Runs one action: busy meanwhile, the last error cleared, `done` told the answer, and the list read again either way. */
  protected act<R>(request: Observable<R>, done: (response: R) => void): void {
    this.busy.set(true);
    this.error.set(null);
    request.subscribe({
      next: (response) => {
        this.busy.set(false);
        done(response);
        this.load();
      },
      error: (error) => {
        this.busy.set(false);
        this.showError(error);
        this.load();
      },
    });
  }
}

/**
 * The pages of kept inbound e-mails (kept, quarantined): one e-mail can be opened to read, and an
 * action that processes one may leave a ticket to link to; both are cleared by the next action.
 */
@Directive()
export abstract class InboundMailPage<T extends { id: string }, V extends { id: string }> extends MailListPage<T> {
  protected readonly opened = signal<V | null>(null);
  protected readonly createdTicket = signal<string | null>(null);

  protected abstract fetchView(id: string): Observable<V>;

  protected toggle(item: T): void {
    if (this.opened()?.id === item.id) return this.opened.set(null);
    this.fetchView(item.id).subscribe({ next: (view) => this.opened.set(view), error: (error) => this.showError(error) });
  }

  protected override act<R>(request: Observable<R>, done: (response: R) => void): void {
    this.createdTicket.set(null);
    super.act(request, (response) => {
      done(response);
      this.opened.set(null);
    });
  }

  /** The e-mail went through and made (or joined) a ticket: say so and link to it. */
  protected processedInto(trackingId: string): void {
    this.notice.set(this.i18n.t('quarantine.processed'));
    this.createdTicket.set(trackingId);
  }
}

/**
 * A mail page's heading, intro, notice (with a link to the ticket an action made), error and
 * progress bar. The link is drawn here rather than projected so that the notice's styles reach it.
 */
@Component({
  selector: 'app-mail-page-head',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatProgressBar, RouterLink],
  template: `
    <h1>{{ title() }}</h1>
    <p class="muted">{{ intro() }}</p>
    <div class="live" role="status" [attr.data-testid]="page() + '-notice'">{{ notice() }}@if (createdTicket(); as trackingId) {&ngsp;<a [routerLink]="['/admin/tickets', trackingId]" [attr.data-testid]="page() + '-ticket-link'">{{ trackingId }}</a> }</div>
    @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
    <div class="progress">@if (loading()) { <mat-progress-bar mode="indeterminate" [attr.aria-label]="i18n.t('admin.loading')" /> }</div>
  `,
  styleUrls: ['./mail-part.scss', './mail-pages.scss'],
})
export class MailPageHead {
  protected readonly i18n = inject(I18n);
  /** The page's text-key prefix (`held`, `failed`, `kept`, `quarantine`), also the prefix of its test ids. */
  readonly page = input.required<'held' | 'failed' | 'kept' | 'quarantine'>();
  protected readonly title = computed(() => this.i18n.t(`${this.page()}.title`));
  protected readonly intro = computed(() => this.i18n.t(`${this.page()}.intro`));
  readonly notice = input.required<string>();
  readonly error = input.required<string | null>();
  readonly loading = input.required<boolean>();
  readonly createdTicket = input<string | null>(null);
}

/** "Show more" under a mail list while there is a next page. */
@Component({
  selector: 'app-load-more',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton],
  template: `
    @if (nextCursor(); as cursor) {
      <div class="actions"><button matButton="outlined" type="button" (click)="more.emit(cursor)" [disabled]="loading()">{{ i18n.t('admin.loadMore') }}</button></div>
    }
  `,
  styleUrl: './mail-part.scss',
})
export class LoadMore {
  protected readonly i18n = inject(I18n);
  readonly nextCursor = input.required<string | null>();
  readonly loading = input.required<boolean>();
  readonly more = output<string>();
}

/** An inbound e-mail as an admin reads it: headers, attachments by name and the text, never its HTML. */
@Component({
  selector: 'app-email-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let v = view();
    <div class="email" [id]="domId()" [attr.data-testid]="testId()">
      @if (v.parseError) { <p class="error-text">{{ i18n.t('quarantine.parseError', { error: v.parseError }) }}</p> }
      <h3>{{ i18n.t('quarantine.headers') }}</h3>
      <table class="headers">
        <caption class="visually-hidden">{{ i18n.t('quarantine.headers') }}</caption>
        <tbody>
          @for (h of v.headers; track $index) { <tr><th scope="row">{{ h.name }}</th><td>{{ h.value }}</td></tr> }
        </tbody>
      </table>
      @if (v.attachments.length) {
        <h3>{{ i18n.t('staffTicket.attachments') }}</h3>
        <ul>@for (a of v.attachments; track $index) { <li>{{ a.filename || '—' }} ({{ a.contentType }}, {{ i18n.formatBytes(a.size) }})</li> }</ul>
      }
      <h3>{{ i18n.t('quarantine.text') }}</h3>
      <pre class="text">{{ v.text }}</pre>
      @if (v.textTruncated) { <p class="muted">{{ i18n.t('quarantine.truncated') }}</p> }
    </div>
  `,
  styleUrls: ['./mail-part.scss', './mail-pages.scss'],
})
export class EmailView {
  protected readonly i18n = inject(I18n);
  readonly view = input.required<Pick<QuarantinedEmailView, 'parseError' | 'headers' | 'attachments' | 'text' | 'textTruncated'>>();
  /** The id the page's show/hide button names in aria-controls. */
  readonly domId = input.required<string>();
  readonly testId = input.required<string>();
}
