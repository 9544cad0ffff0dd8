import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { QuarantinedEmailItem, QuarantinedEmailView, ReplayResult } from '@pidtrymka/contracts';
import { EmailView, InboundMailPage, LoadMore, MailPageHead } from './mail-list-page';

/**
 * R-MAIL-6 for admins: inbound e-mails that could not be processed, with the reason; each can
 * be read (headers and text only — the API never hands its HTML to the page), processed again
 * once the cause is fixed, or taken out of quarantine.
 */
@Component({
  selector: 'app-quarantine-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MailPageHead, LoadMore, EmailView],
  template: `
    <div class="page wide">
      <app-mail-page-head page="quarantine" [notice]="notice()" [error]="error()" [loading]="loading()" [createdTicket]="createdTicket()" />

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
            @if (m.from === null) {
              <!-- Issue 17: no usable sender, so nobody to answer: an admin says who wrote it and it becomes their request. -->
              <form class="open-request" (submit)="openRequest($event, m)" novalidate [attr.aria-label]="i18n.t('quarantine.openRequest')" data-testid="open-request-form">
                <p class="muted">{{ i18n.t('quarantine.openRequestIntro') }}</p>
                <label>{{ i18n.t('quarantine.participantEmail') }}
                  <input type="email" name="email" required maxlength="254" autocomplete="off" [value]="participantEmail()" (input)="participantEmail.set($any($event.target).value)" data-testid="open-request-email" />
                </label>
                <label>{{ i18n.t('quarantine.participantName') }}
                  <input type="text" name="name" maxlength="50" autocomplete="off" [value]="participantName()" (input)="participantName.set($any($event.target).value)" data-testid="open-request-name" />
                </label>
                <button matButton="filled" type="submit" [disabled]="busy() || !participantEmail().trim()" data-testid="open-request">{{ i18n.t('quarantine.openRequest') }}</button>
              </form>
            }
            @if (opened(); as view) {
              @if (view.id === m.id) { <app-email-view [view]="view" [domId]="'mail-' + m.id" testId="email-view" /> }
            }
          </li>
        }
      </ul>
      <app-load-more [nextCursor]="nextCursor()" [loading]="loading()" (more)="load($event)" />
    </div>
  `,
  styleUrl: './mail-pages.scss',
  styles: `
    .open-request { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; margin-top: 12px; border-top: 1px solid var(--mat-sys-outline-variant); padding-top: 8px; }
    .open-request p { flex-basis: 100%; margin: 0; }
    .open-request label { display: flex; flex-direction: column; gap: 2px; }
    .open-request input { font: inherit; padding: 4px 6px; min-width: 220px; }
  `,
})
export class QuarantinePage extends InboundMailPage<QuarantinedEmailItem, QuarantinedEmailView> {
  protected readonly participantEmail = signal('');
  protected readonly participantName = signal('');

  /** Issue 17: the request opens as the participant's (confirmation e-mail to them), and the e-mail leaves the quarantine. */
  protected openRequest(event: Event, item: QuarantinedEmailItem): void {
    event.preventDefault();
    const name = this.participantName().trim();
    this.act(this.api.openQuarantinedRequest(item.id, { email: this.participantEmail().trim(), ...(name ? { name } : {}) }), ({ results }) => {
      this.participantEmail.set('');
      this.participantName.set('');
      this.describe(results[0]);
    });
  }

  protected fetchPage(cursor?: string) {
    return this.api.quarantine(cursor);
  }

  protected fetchView(id: string) {
    return this.api.quarantinedEmail(id);
  }

  protected replay(item: QuarantinedEmailItem): void {
    this.act(this.api.replay(item.id), ({ results }) => this.describe(results[0]));
  }

  protected replayAll(): void {
    this.act(this.api.replayAll(), ({ results }) => {
      if (results.length === 0) return this.notice.set(this.i18n.t('quarantine.nothing'));
      if (results.length === 1) return this.describe(results[0]);
      const left = results.filter((r) => r.status === 'quarantined').length;
      this.notice.set(this.i18n.t('quarantine.replayedAll', { processed: results.length - left, left }));
    });
  }

  // Leaves the open e-mail and the last ticket link alone until it succeeds (InboundMailPage.act clears them first).
  protected dismiss(item: QuarantinedEmailItem): void {
    if (!confirm(this.i18n.t('quarantine.dismissConfirm'))) return;
    super.act(this.api.dismiss(item.id), () => {
      this.createdTicket.set(null);
      this.notice.set(this.i18n.t('quarantine.dismissed'));
    });
  }

  private describe(result: ReplayResult | undefined): void {
    if (!result) return this.notice.set(this.i18n.t('quarantine.nothing'));
    if (result.status === 'processed' && result.ticket) this.processedInto(result.ticket.trackingId);
    else if (result.status === 'quarantined') this.notice.set(this.i18n.t('quarantine.stillQuarantined', { reason: result.reason ?? '' }));
    else this.notice.set(this.i18n.t('quarantine.ignored'));
  }
}
