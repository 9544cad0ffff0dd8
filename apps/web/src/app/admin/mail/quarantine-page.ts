import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { QuarantinedEmailItem, QuarantinedEmailView, ReplayResult } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { StaffApi } from '../core/staff-api.service';

/**
 * R-MAIL-6 for admins: inbound e-mails that could not be processed, with the reason; each can
 * be read (headers and text only — the API never hands its HTML to the page), processed again
 * once the cause is fixed, or taken out of quarantine.
 */
@Component({
  selector: 'app-quarantine-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatProgressBar, RouterLink],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('quarantine.title') }}</h1>
      <p class="muted">{{ i18n.t('quarantine.intro') }}</p>
      <div class="live" role="status" data-testid="quarantine-notice">
        {{ notice() }}
        @if (createdTicket(); as trackingId) { <a [routerLink]="['/admin/tickets', trackingId]" data-testid="quarantine-ticket-link">{{ trackingId }}</a> }
      </div>
      @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
      <div class="progress">@if (loading()) { <mat-progress-bar mode="indeterminate" [attr.aria-label]="i18n.t('admin.loading')" /> }</div>

      <div class="toolbar">
        <span data-testid="quarantine-total">{{ i18n.t('quarantine.total', { count: total() }) }}</span>
        <button matButton="filled" type="button" (click)="replayAll()" [disabled]="busy() || total() === 0" data-testid="replay-all">{{ i18n.t('quarantine.replayAll') }}</button>
      </div>

      @if (!loading() && items().length === 0) { <p class="empty" data-testid="quarantine-empty">{{ i18n.t('quarantine.empty') }}</p> }
      <ul class="list">
        @for (m of items(); track m.id) {
          <li class="card" data-testid="quarantine-item" [attr.data-id]="m.id">
            <dl class="summary">
              <dt>{{ i18n.t('quarantine.from') }}</dt><dd>{{ m.from ?? i18n.t('quarantine.unknownSender') }}</dd>
              <dt>{{ i18n.t('quarantine.subject') }}</dt><dd class="subject">{{ m.subject || i18n.t('quarantine.noSubject') }}</dd>
              <dt>{{ i18n.t('quarantine.received') }}</dt>
              <dd><time [attr.datetime]="m.receivedAt" [attr.title]="i18n.formatDateTime(m.receivedAt)">{{ i18n.formatDateTime(m.receivedAt) }} ({{ i18n.relativeTime(m.receivedAt) }})</time> · {{ i18n.formatBytes(m.size) }}</dd>
              <dt>{{ i18n.t('quarantine.reason') }}</dt><dd class="reason" data-testid="quarantine-reason">{{ m.reason }}</dd>
            </dl>
            <div class="actions">
              <button matButton="filled" type="button" (click)="replay(m)" [disabled]="busy()" data-testid="replay">{{ i18n.t('quarantine.replay') }}</button>
              <button matButton="outlined" type="button" (click)="toggle(m)" [attr.aria-expanded]="opened()?.id === m.id" [attr.aria-controls]="'mail-' + m.id" data-testid="show-email">
                {{ opened()?.id === m.id ? i18n.t('quarantine.hide') : i18n.t('quarantine.show') }}
              </button>
              <a matButton [href]="api.rawEmailUrl(m.id)" download>{{ i18n.t('quarantine.raw') }}</a>
              <button matButton type="button" (click)="dismiss(m)" [disabled]="busy()" data-testid="dismiss">{{ i18n.t('quarantine.dismiss') }}</button>
            </div>
            @if (opened(); as view) {
              @if (view.id === m.id) {
                <div class="email" [id]="'mail-' + m.id" data-testid="email-view">
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
export class QuarantinePage {
  protected readonly i18n = inject(I18n);
  protected readonly api = inject(StaffApi);

  protected readonly items = signal<QuarantinedEmailItem[]>([]);
  protected readonly total = signal(0);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly opened = signal<QuarantinedEmailView | null>(null);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');
  protected readonly createdTicket = signal<string | null>(null);

  constructor() {
    this.load();
  }

  load(cursor?: string): void {
    this.loading.set(true);
    this.api.quarantine(cursor).subscribe({
      next: (page) => {
        this.items.update((items) => (cursor ? [...items, ...page.items] : page.items));
        this.total.set(page.total);
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (error) => {
        this.loading.set(false);
        this.error.set(errorText(error, this.i18n));
      },
    });
  }

  protected toggle(item: QuarantinedEmailItem): void {
    if (this.opened()?.id === item.id) return this.opened.set(null);
    this.api.quarantinedEmail(item.id).subscribe({ next: (view) => this.opened.set(view), error: (error) => this.error.set(errorText(error, this.i18n)) });
  }

  protected replay(item: QuarantinedEmailItem): void {
    this.act(this.api.replay(item.id), (results) => {
      const result = results[0];
      this.describe(result);
    });
  }

  protected replayAll(): void {
    this.act(this.api.replayAll(), (results) => {
      if (results.length === 0) return this.notice.set(this.i18n.t('quarantine.nothing'));
      if (results.length === 1) return this.describe(results[0]);
      const left = results.filter((r) => r.status === 'quarantined').length;
      this.notice.set(this.i18n.t('quarantine.replayedAll', { processed: results.length - left, left }));
    });
  }

  protected dismiss(item: QuarantinedEmailItem): void {
    if (!confirm(this.i18n.t('quarantine.dismissConfirm'))) return;
    this.busy.set(true);
    this.api.dismiss(item.id).subscribe({
      next: () => {
        this.busy.set(false);
        this.createdTicket.set(null);
        this.notice.set(this.i18n.t('quarantine.dismissed'));
        this.load();
      },
      error: (error) => {
        this.busy.set(false);
        this.error.set(errorText(error, this.i18n));
        this.load();
      },
    });
  }

  private act(request: ReturnType<StaffApi['replayAll']>, then: (results: ReplayResult[]) => void): void {
    this.busy.set(true);
    this.error.set(null);
    this.createdTicket.set(null);
    request.subscribe({
      next: ({ results }) => {
        this.busy.set(false);
        then(results);
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

  private describe(result: ReplayResult | undefined): void {
    if (!result) return this.notice.set(this.i18n.t('quarantine.nothing'));
    if (result.status === 'processed' && result.ticket) {
      this.notice.set(this.i18n.t('quarantine.processed'));
      this.createdTicket.set(result.ticket.trackingId);
    } else if (result.status === 'quarantined') {
      this.notice.set(this.i18n.t('quarantine.stillQuarantined', { reason: result.reason ?? '' }));
    } else {
      this.notice.set(this.i18n.t('quarantine.ignored'));
    }
  }
}
