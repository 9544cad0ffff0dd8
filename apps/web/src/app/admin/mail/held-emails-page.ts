import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { HeldEmailItem, ReleaseResponse } from '@pidtrymka/contracts';
import { LoadMore, MailListPage, MailPageHead } from './mail-list-page';

/**
 * R-MAIL-8 (RFC 3834 §2) for admins: automatic e-mails held by the per-address hourly cap.
 * They go out on their own as the hour allows; an admin can send one, or all, at once.
 */
@Component({
  selector: 'app-held-emails-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, RouterLink, MailPageHead, LoadMore],
  template: `
    <div class="page wide">
      <app-mail-page-head page="held" [notice]="notice()" [error]="error()" [loading]="loading()" />

      <div class="toolbar">
        <span>{{ i18n.t('quarantine.total', { count: total() }) }}</span>
        <button matButton="filled" type="button" (click)="releaseAll()" [disabled]="busy() || total() === 0" data-testid="release-all">{{ i18n.t('held.releaseAll') }}</button>
      </div>

      @if (!loading() && items().length === 0) { <p class="empty" data-testid="held-empty">{{ i18n.t('held.empty') }}</p> }
      <ul class="list">
        @for (m of items(); track m.id) {
          <li class="card" data-testid="held-item">
            <dl class="summary">
              <dt>{{ i18n.t('failed.recipient') }}</dt><dd>{{ m.recipient }}</dd>
              <dt>{{ i18n.t('failed.subject') }}</dt><dd class="subject">{{ m.subject ?? i18n.t('admin.none') }}</dd>
              <dt>{{ i18n.t('failed.template') }}</dt>
              <dd>{{ templateLabel(m.template) }}@if (m.ticket) { · <a [routerLink]="['/admin/tickets', m.ticket.trackingId]">{{ m.ticket.trackingId }}</a> }</dd>
              <dt>{{ i18n.t('failed.queued') }}</dt><dd>{{ i18n.formatDateTime(m.createdAt) }}</dd>
              <dt>{{ i18n.t('quarantine.reason') }}</dt><dd>{{ i18n.t('held.reason', { count: m.perHour }) }}</dd>
            </dl>
            <div class="actions">
              <button matButton="filled" type="button" (click)="release(m)" [disabled]="busy()" data-testid="release-outgoing">{{ i18n.t('held.release') }}</button>
            </div>
          </li>
        }
      </ul>
      <app-load-more [nextCursor]="nextCursor()" [loading]="loading()" (more)="load($event)" />
    </div>
  `,
  styleUrl: './mail-pages.scss',
})
export class HeldEmailsPage extends MailListPage<HeldEmailItem> {
  protected fetchPage(cursor?: string) {
    return this.api.heldOutgoing(cursor);
  }

  protected release(item: HeldEmailItem): void {
    this.act(this.api.releaseOutgoing(item.id), this.queued);
  }

  protected releaseAll(): void {
    this.act(this.api.releaseAllOutgoing(), this.queued);
  }

  private readonly queued = ({ released }: ReleaseResponse): void => this.notice.set(this.i18n.t('failed.retried', { count: released.length }));
}
