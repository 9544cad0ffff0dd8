import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { KEPT_EMAIL_FILTERS, KEPT_EMAIL_REASONS } from '@pidtrymka/contracts';
import type { KeptEmailFilter, KeptEmailItem, KeptEmailReason, KeptEmailView } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { StaffApi } from '../core/staff-api.service';
import { CursorList } from './cursor-list';

/**
 * Issue 12.4 and R-MAIL-8 for admins: every inbound e-mail kept without effect — an
 * auto-reply, a bounce, a duplicate, a burst held, a quarantined one — and every one flagged
 * (a Message-ID used before by other content), with the reason; filtered by status and kind
 * of reason; each can be read (headers and text only) and released: processed as if new.
 */
@Component({
  selector: 'app-kept-emails-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatProgressBar, RouterLink],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('kept.title') }}</h1>
      <p class="muted">{{ i18n.t('kept.intro') }}</p>
      <div class="live" role="status" data-testid="kept-notice">
        {{ notice() }}
        @if (createdTicket(); as trackingId) { <a [routerLink]="['/admin/tickets', trackingId]" data-testid="kept-ticket-link">{{ trackingId }}</a> }
      </div>
      @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
      <div class="progress">@if (loading()) { <mat-progress-bar mode="indeterminate" [attr.aria-label]="i18n.t('admin.loading')" /> }</div>

      <div class="toolbar">
        <span data-testid="kept-total">{{ i18n.t('quarantine.total', { count: total() }) }}</span>
        <span class="filters">
          <label>{{ i18n.t('kept.filterStatus') }}
            <select (change)="filterStatus($any($event.target).value)" data-testid="kept-status">
              <option value="">{{ i18n.t('kept.all') }}</option>
              @for (s of statuses; track s) { <option [value]="s" [selected]="status() === s">{{ i18n.t('kept.status.' + s) }}</option> }
            </select>
          </label>
          <label>{{ i18n.t('kept.filterReason') }}
            <select (change)="filterReason($any($event.target).value)" data-testid="kept-reason">
              <option value="">{{ i18n.t('kept.all') }}</option>
              @for (r of reasons; track r) { <option [value]="r" [selected]="reason() === r">{{ i18n.t('kept.reason.' + r) }}</option> }
            </select>
          </label>
        </span>
      </div>

      @if (!loading() && items().length === 0) { <p class="empty" data-testid="kept-empty">{{ i18n.t('kept.empty') }}</p> }
      <ul class="list">
        @for (m of items(); track m.id) {
          <li class="card" data-testid="kept-item" [attr.data-id]="m.id" [attr.data-status]="m.status">
            <dl class="summary">
              <dt>{{ i18n.t('kept.statusLabel') }}</dt>
              <dd>{{ i18n.t('kept.status.' + m.status) }}@if (m.ticket) { · <a [routerLink]="['/admin/tickets', m.ticket.trackingId]">{{ m.ticket.trackingId }}</a> }</dd>
              <dt>{{ i18n.t('quarantine.from') }}</dt><dd>{{ m.from ?? i18n.t('quarantine.unknownSender') }}</dd>
              <dt>{{ i18n.t('quarantine.subject') }}</dt><dd class="subject">{{ m.subject || i18n.t('quarantine.noSubject') }}</dd>
              <dt>{{ i18n.t('quarantine.received') }}</dt>
              <dd><time [attr.datetime]="m.receivedAt">{{ i18n.formatDateTime(m.receivedAt) }} ({{ i18n.relativeTime(m.receivedAt) }})</time> · {{ i18n.formatBytes(m.size) }}</dd>
              @if (m.reason) { <dt>{{ i18n.t('quarantine.reason') }}</dt><dd class="reason" data-testid="kept-reason-text">{{ m.reason }}</dd> }
              @if (m.reusedMessageIdOf) { <dt>{{ i18n.t('kept.flag') }}</dt><dd class="reason" data-testid="kept-flag">{{ i18n.t('kept.reused', { id: m.reusedMessageIdOf }) }}</dd> }
            </dl>
            <div class="actions">
              @if (m.status !== 'processed') {
                <button matButton="filled" type="button" (click)="release(m)" [disabled]="busy()" data-testid="release">{{ i18n.t('kept.release') }}</button>
              }
              <button matButton="outlined" type="button" (click)="toggle(m)" [attr.aria-expanded]="opened()?.id === m.id" [attr.aria-controls]="'kept-' + m.id">
                {{ opened()?.id === m.id ? i18n.t('quarantine.hide') : i18n.t('quarantine.show') }}
              </button>
              <a matButton [href]="api.rawKeptEmailUrl(m.id)" download>{{ i18n.t('quarantine.raw') }}</a>
            </div>
            @if (opened(); as view) {
              @if (view.id === m.id) {
                <div class="email" [id]="'kept-' + m.id" data-testid="kept-view">
                  @if (view.parseError) { <p class="error-text">{{ i18n.t('quarantine.parseError', { error: view.parseError }) }}</p> }
                  <h3>{{ i18n.t('quarantine.headers') }}</h3>
                  <table class="headers">
                    <caption class="visually-hidden">{{ i18n.t('quarantine.headers') }}</caption>
                    <tbody>
                      @for (h of view.headers; track $index) { <tr><th scope="row">{{ h.name }}</th><td>{{ h.value }}</td></tr> }
                    </tbody>
                  </table>
                  @if (view.attachments.length) {
                    <h3>{{ i18n.t('staffTicket.attachments') }}</h3>
                    <ul>@for (a of view.attachments; track $index) { <li>{{ a.filename || '—' }} ({{ a.contentType }}, {{ i18n.formatBytes(a.size) }})</li> }</ul>
                  }
                  <h3>{{ i18n.t('quarantine.text') }}</h3>
                  <pre class="text">{{ view.text }}</pre>
                  @if (view.textTruncated) { <p class="muted">{{ i18n.t('quarantine.truncated') }}</p> }
                </div>
              }
            }
          </li>
        }
      </ul>
      @if (nextCursor()) {
        <div class="actions"><button matButton="outlined" type="button" (click)="load(nextCursor()!)" [disabled]="loading()">{{ i18n.t('admin.loadMore') }}</button></div>
      }
    </div>
  `,
  styleUrl: './mail-pages.scss',
})
export class KeptEmailsPage {
  protected readonly i18n = inject(I18n);
  protected readonly api = inject(StaffApi);
  protected readonly statuses = KEPT_EMAIL_FILTERS;
  protected readonly reasons = KEPT_EMAIL_REASONS;
  protected readonly status = signal<KeptEmailFilter | undefined>(undefined);
  protected readonly reason = signal<KeptEmailReason | undefined>(undefined);

  private readonly list = new CursorList<KeptEmailItem>(
    (cursor) => this.api.keptEmails({ cursor, status: this.status(), reason: this.reason() }),
    (error) => this.error.set(errorText(error, this.i18n)),
  );
  protected readonly items = this.list.items;
  protected readonly total = this.list.total;
  protected readonly nextCursor = this.list.nextCursor;
  protected readonly opened = signal<KeptEmailView | null>(null);
  protected readonly loading = this.list.loading;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');
  protected readonly createdTicket = signal<string | null>(null);

  constructor() {
    this.load();
  }

  load(cursor?: string): void {
    this.list.load(cursor);
  }

  protected filterStatus(value: string): void {
    this.status.set((KEPT_EMAIL_FILTERS as readonly string[]).includes(value) ? (value as KeptEmailFilter) : undefined);
    this.load();
  }

  protected filterReason(value: string): void {
    this.reason.set((KEPT_EMAIL_REASONS as readonly string[]).includes(value) ? (value as KeptEmailReason) : undefined);
    this.load();
  }

  protected toggle(item: KeptEmailItem): void {
    if (this.opened()?.id === item.id) return this.opened.set(null);
    this.api.keptEmail(item.id).subscribe({ next: (view) => this.opened.set(view), error: (error) => this.error.set(errorText(error, this.i18n)) });
  }

  /** One click: processed as if new, past the rule that kept it. */
  protected release(item: KeptEmailItem): void {
    this.busy.set(true);
    this.error.set(null);
    this.createdTicket.set(null);
    this.api.releaseKept(item.id).subscribe({
      next: ({ results }) => {
        this.busy.set(false);
        const result = results[0];
        if (result?.status === 'processed' && result.ticket) {
          this.notice.set(this.i18n.t('quarantine.processed'));
          this.createdTicket.set(result.ticket.trackingId);
        } else {
          this.notice.set(this.i18n.t('quarantine.stillQuarantined', { reason: result?.reason ?? '' }));
        }
        this.opened.set(null);
        this.load();
      },
      error: (error) => {
        this.busy.set(false);
        this.error.set(errorText(error, this.i18n));
        this.load();
      },
    });
  }
}
