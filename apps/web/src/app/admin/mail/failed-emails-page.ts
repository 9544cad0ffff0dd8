import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { FailedEmailItem, RetryResponse } from '@pidtrymka/contracts';
import { LoadMore, MailListPage, MailPageHead } from './mail-list-page';

/** Outgoing e-mails the outbox gave up on, with the last error; each, or all, can be queued again. */
@Component({
  selector: 'app-failed-emails-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, RouterLink, MailPageHead, LoadMore],
  template: `
    <div class="page wide">
      <app-mail-page-head page="failed" [notice]="notice()" [error]="error()" [loading]="loading()" />

      <div class="toolbar">
        <span>{{ i18n.t('quarantine.total', { count: total() }) }}</span>
        <button matButton="filled" type="button" (click)="retryAll()" [disabled]="busy() || total() === 0" data-testid="retry-all">{{ i18n.t('failed.retryAll') }}</button>
      </div>

      @if (!loading() && items().length === 0) { <p class="empty" data-testid="failed-empty">{{ i18n.t('failed.empty') }}</p> }
      <ul class="list">
        @for (m of items(); track m.id) {
          <li class="card" data-testid="failed-item">
            <dl class="summary">
              <dt>{{ i18n.t('failed.recipient') }}</dt><dd>{{ m.recipient }}</dd>
              <dt>{{ i18n.t('failed.subject') }}</dt><dd class="subject">{{ m.subject ?? i18n.t('admin.none') }}</dd>
              <dt>{{ i18n.t('failed.template') }}</dt>
              <dd>{{ templateLabel(m.template) }}@if (m.ticket) { · <a [routerLink]="['/admin/tickets', m.ticket.trackingId]">{{ m.ticket.trackingId }}</a> }</dd>
              <dt>{{ i18n.t('failed.queued') }}</dt><dd>{{ i18n.formatDateTime(m.createdAt) }}</dd>
              <dt>{{ i18n.t('failed.attempts') }}</dt><dd>{{ m.attempts }}</dd>
              @if (m.status === 'skipped') {
                <dt>{{ i18n.t('failed.status') }}</dt><dd data-testid="skipped">{{ i18n.t('failed.skipped') }}</dd>
                <dt>{{ i18n.t('failed.reason') }}</dt><dd class="error-cell">{{ m.error ?? i18n.t('admin.none') }}</dd>
              } @else {
                <dt>{{ i18n.t('failed.error') }}</dt><dd class="error-cell">{{ m.error ?? i18n.t('admin.none') }}</dd>
              }
            </dl>
            @if (m.status !== 'skipped') {
              <div class="actions">
                <button matButton="filled" type="button" (click)="retry(m)" [disabled]="busy()" data-testid="retry">{{ i18n.t('failed.retry') }}</button>
              </div>
            }
          </li>
        }
      </ul>
      <app-load-more [nextCursor]="nextCursor()" [loading]="loading()" (more)="load($event)" />
    </div>
  `,
  styleUrl: './mail-pages.scss',
})
export class FailedEmailsPage extends MailListPage<FailedEmailItem> {
  protected fetchPage(cursor?: string) {
    return this.api.failedEmails(cursor);
  }

  protected retry(item: FailedEmailItem): void {
    this.act(this.api.retry(item.id), this.queued);
  }

  protected retryAll(): void {
    this.act(this.api.retryAll(), this.queued);
  }

  private readonly queued = ({ retried }: RetryResponse): void => this.notice.set(this.i18n.t('failed.retried', { count: retried.length }));
}
