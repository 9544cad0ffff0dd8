import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { HeldEmailItem, ReleaseResponse } from '@pidtrymka/contracts';
import { Observable } from 'rxjs';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { StaffApi } from '../core/staff-api.service';
import { CursorList } from './cursor-list';

/**
 * R-MAIL-8 (RFC 3834 §2) for admins: automatic e-mails held by the per-address hourly cap.
 * They go out on their own as the hour allows; an admin can send one, or all, at once.
 */
@Component({
  selector: 'app-held-emails-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatProgressBar, RouterLink],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('held.title') }}</h1>
      <p class="muted">{{ i18n.t('held.intro') }}</p>
      <div class="live" role="status" data-testid="held-notice">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
      <div class="progress">@if (loading()) { <mat-progress-bar mode="indeterminate" [attr.aria-label]="i18n.t('admin.loading')" /> }</div>

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
      @if (nextCursor()) {
        <div class="actions"><button matButton="outlined" type="button" (click)="load(nextCursor()!)" [disabled]="loading()">{{ i18n.t('admin.loadMore') }}</button></div>
      }
    </div>
  `,
  styleUrl: './mail-pages.scss',
})
export class HeldEmailsPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);

  private readonly list = new CursorList<HeldEmailItem>(
    (cursor) => this.api.heldOutgoing(cursor),
    (error) => this.error.set(errorText(error, this.i18n)),
  );
  protected readonly items = this.list.items;
  protected readonly total = this.list.total;
  protected readonly nextCursor = this.list.nextCursor;
  protected readonly loading = this.list.loading;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');

  constructor() {
    this.load();
  }

  load(cursor?: string): void {
    this.list.load(cursor);
  }

  protected templateLabel(template: string): string {
    const key = `template.${template}`;
    const label = this.i18n.t(key);
    return label === key ? template : label;
  }

  protected release(item: HeldEmailItem): void {
    this.act(this.api.releaseOutgoing(item.id));
  }

  protected releaseAll(): void {
    this.act(this.api.releaseAllOutgoing());
  }

  private act(request: Observable<ReleaseResponse>): void {
    this.busy.set(true);
    this.error.set(null);
    request.subscribe({
      next: ({ released }) => {
        this.busy.set(false);
        this.notice.set(this.i18n.t('failed.retried', { count: released.length }));
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
