import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { KEPT_EMAIL_FILTERS, KEPT_EMAIL_REASONS } from '@pidtrymka/contracts';
import type { KeptEmailFilter, KeptEmailItem, KeptEmailReason, KeptEmailView } from '@pidtrymka/contracts';
import { EmailView, InboundMailPage, LoadMore, MailPageHead } from './mail-list-page';

/**
 * Issue 12.4 and R-MAIL-8 for admins: every inbound e-mail kept without effect — an
 * auto-reply, a bounce, a duplicate, a burst held, a quarantined one — and every one flagged
 * (a Message-ID used before by other content), with the reason; filtered by status and kind
 * of reason; each can be read (headers and text only) and released: processed as if new.
 */
@Component({
  selector: 'app-kept-emails-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, RouterLink, MailPageHead, LoadMore, EmailView],
  template: `
    <div class="page wide">
      <app-mail-page-head page="kept" [notice]="notice()" [error]="error()" [loading]="loading()" [createdTicket]="createdTicket()" />

      <div class="toolbar">
        <span data-testid="kept-total">{{ i18n.t('quarantine.total', { count: total() }) }}</span>
        <span class="filters">
          <label>{{ i18n.t('kept.filterStatus') }}
            <select (change)="filterStatus($any($event.target).value)" data-testid="kept-status">
              <option value="">{{ i18n.t('kept.all') }}</option>
              @for (s of statuses; track s) { <option [value]="s" [selected]="status() === s">{{ i18n.tFor('kept.status', s) }}</option> }
            </select>
          </label>
          <label>{{ i18n.t('kept.filterReason') }}
            <select (change)="filterReason($any($event.target).value)" data-testid="kept-reason">
              <option value="">{{ i18n.t('kept.all') }}</option>
              @for (r of reasons; track r) { <option [value]="r" [selected]="reason() === r">{{ i18n.tFor('kept.reason', r) }}</option> }
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
              <dd>{{ i18n.tFor('kept.status', m.status) }}@if (m.ticket) { · <a [routerLink]="['/admin/tickets', m.ticket.trackingId]">{{ m.ticket.trackingId }}</a> }</dd>
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
              @if (view.id === m.id) { <app-email-view [view]="view" [domId]="'kept-' + m.id" testId="kept-view" /> }
            }
          </li>
        }
      </ul>
      <app-load-more [nextCursor]="nextCursor()" [loading]="loading()" (more)="load($event)" />
    </div>
  `,
  styleUrl: './mail-pages.scss',
})
export class KeptEmailsPage extends InboundMailPage<KeptEmailItem, KeptEmailView> {
  protected readonly statuses = KEPT_EMAIL_FILTERS;
  protected readonly reasons = KEPT_EMAIL_REASONS;
  protected readonly status = signal<KeptEmailFilter | undefined>(undefined);
  protected readonly reason = signal<KeptEmailReason | undefined>(undefined);

  protected fetchPage(cursor?: string) {
    return this.api.keptEmails({ cursor, status: this.status(), reason: this.reason() });
  }

  protected fetchView(id: string) {
    return this.api.keptEmail(id);
  }

  protected filterStatus(value: string): void {
    this.status.set((KEPT_EMAIL_FILTERS as readonly string[]).includes(value) ? (value as KeptEmailFilter) : undefined);
    this.load();
  }

  protected filterReason(value: string): void {
    this.reason.set((KEPT_EMAIL_REASONS as readonly string[]).includes(value) ? (value as KeptEmailReason) : undefined);
    this.load();
  }

  /** One click: processed as if new, past the rule that kept it. */
  protected release(item: KeptEmailItem): void {
    this.act(this.api.releaseKept(item.id), ({ results }) => {
      const result = results[0];
      if (result?.status === 'processed' && result.ticket) this.processedInto(result.ticket.trackingId);
      else this.notice.set(this.i18n.t('quarantine.stillQuarantined', { reason: result?.reason ?? '' }));
    });
  }
}
