import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { DOMAIN_EVENT_TYPES, DomainEventType, UpdateWebhookRequest, WebhookDeliveryView, WebhookView } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { PageStatus } from '../core/page-status';
import { StaffApi } from '../core/staff-api.service';

/** One endpoint's delivery log as far as it was loaded. */
interface DeliveriesPanel {
  webhookId: string;
  items: WebhookDeliveryView[];
  nextCursor: string | null;
}

/**
 * Outbound webhooks (admins only, issue 16): endpoints, their event types, on or off; the
 * signing secret shown once (on creation and rotation); each endpoint's deliveries with a re-send.
 */
@Component({
  selector: 'app-webhooks-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatFormField, MatLabel, MatInput, MatSelect, MatOption],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('webhooks.title') }}</h1>
      <p class="muted">{{ i18n.t('webhooks.intro') }}</p>
      <div class="live" role="status" data-testid="webhooks-notice">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert" data-testid="webhooks-error">{{ message }}</p> }
      @if (secret(); as s) { <p class="secret" role="alert" data-testid="webhook-secret">{{ i18n.t('webhooks.secret', { secret: s }) }}</p> }

      <section class="card" aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">{{ i18n.t('webhooks.new') }}</h2>
        <form (submit)="create($event)" novalidate class="form-grid" data-testid="webhook-form">
          <mat-form-field class="span">
            <mat-label>{{ i18n.t('webhooks.url') }}</mat-label>
            <input matInput type="url" name="url" maxlength="2000" required autocomplete="off" [value]="url()" (input)="url.set($any($event.target).value)" data-testid="webhook-url" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('webhooks.description') }}</mat-label>
            <input matInput name="description" maxlength="500" [value]="description()" (input)="description.set($any($event.target).value)" data-testid="webhook-description" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('webhooks.eventTypes') }}</mat-label>
            <mat-select multiple [value]="eventTypes()" (selectionChange)="eventTypes.set($event.value)" data-testid="webhook-events">
              @for (type of types; track type) { <mat-option [value]="type">{{ eventLabel(type) }}</mat-option> }
            </mat-select>
          </mat-form-field>
          <div class="actions span">
            <button matButton="filled" type="submit" [disabled]="busy() || !url().trim() || eventTypes().length === 0" data-testid="webhook-create">{{ i18n.t('webhooks.create') }}</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="webhooks-list-title">
        <h2 id="webhooks-list-title" class="visually-hidden">{{ i18n.t('webhooks.title') }}</h2>
        @if (webhooks()?.length === 0) { <p class="empty" data-testid="webhooks-empty">{{ i18n.t('webhooks.empty') }}</p> }
        <ul class="webhooks">
          @for (w of webhooks() ?? []; track w.id) {
            <li class="card" [class.inactive]="!w.enabled" data-testid="webhook-item">
              <div class="head">
                <h3 class="url">{{ w.url }}</h3>
                <span class="tag">{{ w.enabled ? i18n.t('webhooks.enabled') : i18n.t('webhooks.disabled') }}</span>
              </div>
              <div class="controls">
                <mat-form-field subscriptSizing="dynamic">
                  <mat-label>{{ i18n.t('webhooks.description') }}</mat-label>
                  <input matInput maxlength="500" [value]="w.description" (change)="update(w, { description: $any($event.target).value })" />
                </mat-form-field>
                <mat-form-field subscriptSizing="dynamic">
                  <mat-label>{{ i18n.t('webhooks.eventTypes') }}</mat-label>
                  <mat-select multiple [value]="w.eventTypes" (selectionChange)="$event.value.length > 0 && update(w, { eventTypes: $event.value })" data-testid="webhook-item-events">
                    @for (type of types; track type) { <mat-option [value]="type">{{ eventLabel(type) }}</mat-option> }
                  </mat-select>
                </mat-form-field>
              </div>
              <p class="muted small">{{ i18n.t('webhooks.changedBy', { date: i18n.formatDateTime(w.updatedAt), name: w.updatedBy }) }}</p>
              <div class="actions">
                <button matButton="outlined" type="button" (click)="update(w, { enabled: !w.enabled })" [attr.aria-label]="(w.enabled ? i18n.t('webhooks.disable') : i18n.t('webhooks.enable')) + ': ' + w.url" data-testid="webhook-toggle">
                  {{ w.enabled ? i18n.t('webhooks.disable') : i18n.t('webhooks.enable') }}
                </button>
                <button matButton="outlined" type="button" (click)="ping(w)" [disabled]="busy()" data-testid="webhook-ping">{{ i18n.t('webhooks.ping') }}</button>
                <button matButton="outlined" type="button" (click)="toggleDeliveries(w)" [attr.aria-expanded]="panel()?.webhookId === w.id" data-testid="webhook-deliveries">
                  {{ panel()?.webhookId === w.id ? i18n.t('webhooks.hideDeliveries') : i18n.t('webhooks.deliveries') }}
                </button>
                <button matButton type="button" (click)="rotate(w)" [disabled]="busy()" data-testid="webhook-rotate">{{ i18n.t('webhooks.rotate') }}</button>
                <button matButton type="button" (click)="remove(w)" [disabled]="busy()" data-testid="webhook-delete">{{ i18n.t('admin.delete') }}</button>
              </div>

              @if (panel(); as p) {
                @if (p.webhookId === w.id) {
                  @if (p.items.length === 0) { <p class="empty">{{ i18n.t('webhooks.noDeliveries') }}</p> }
                  <div class="table-wrap">
                    <table class="deliveries" data-testid="delivery-table">
                      <thead>
                        <tr>
                          <th scope="col">{{ i18n.t('webhooks.occurred') }}</th>
                          <th scope="col">{{ i18n.t('webhooks.event') }}</th>
                          <th scope="col">{{ i18n.t('webhooks.status') }}</th>
                          <th scope="col">{{ i18n.t('webhooks.attempts') }}</th>
                          <th scope="col">{{ i18n.t('webhooks.response') }}</th>
                          <th scope="col">{{ i18n.t('webhooks.error') }}</th>
                          <th scope="col"><span class="visually-hidden">{{ i18n.t('webhooks.resend') }}</span></th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (d of p.items; track d.eventId) {
                          <tr data-testid="delivery-row">
                            <td>{{ i18n.formatDateTime(d.occurredAt) }}</td>
                            <td>{{ eventLabel(d.eventType) }} <span class="muted">(id {{ d.eventId }})</span></td>
                            <td [class.failed]="d.status === 'failed'">{{ i18n.tFor('webhooks.deliveryStatus', d.status) }}</td>
                            <td>{{ d.attempts }}</td>
                            <td class="response">@if (d.responseStatus !== null) { <strong>{{ d.responseStatus }}</strong> }@if (d.responseExcerpt) { <code>{{ d.responseExcerpt }}</code> }</td>
                            <td class="response">{{ d.lastError ?? '' }}</td>
                            <td>
                              @if (d.status !== 'sending') {
                                <button matButton type="button" (click)="resend(w, d)" [disabled]="busy()" data-testid="delivery-resend">{{ i18n.t('webhooks.resend') }}</button>
                              }
                            </td>
                          </tr>
                        }
                      </tbody>
                    </table>
                  </div>
                  @if (p.nextCursor) { <button matButton type="button" (click)="loadDeliveries(w.id, p.nextCursor)">{{ i18n.t('webhooks.more') }}</button> }
                }
              }
            </li>
          }
        </ul>
      </section>
    </div>
  `,
  styleUrl: '../admin-page.scss',
  styles: `
    h2 { margin-top: 0; }
    .secret { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); padding: 8px 12px; border-radius: 8px; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
    .webhooks { list-style: none; margin: 24px 0 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
    .head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
    .url { margin: 0; font-size: 16px; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
    .inactive { background: var(--mat-sys-surface-container); }
    .controls { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 12px; }
    .controls mat-form-field { flex: 1 1 240px; }
    .small { font-size: 13px; margin: 8px 0 0; }
    .table-wrap { overflow-x: auto; margin-top: 12px; }
    .deliveries { border-collapse: collapse; width: 100%; font-size: 14px; }
    .deliveries th, .deliveries td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .response { max-width: 320px; overflow-wrap: anywhere; }
    .response code { display: block; font-size: 12px; white-space: pre-wrap; }
    .failed { color: var(--mat-sys-error); }
  `,
})
export class WebhooksPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);

  protected readonly types = DOMAIN_EVENT_TYPES;
  private readonly webhooksResource = rxResource({ stream: () => this.api.webhooks() });
  protected readonly webhooks = loaded(this.webhooksResource);

  protected readonly url = signal('');
  protected readonly description = signal('');
  protected readonly eventTypes = signal<DomainEventType[]>(['ticket.created']);
  protected readonly secret = signal<string | null>(null);
  protected readonly panel = signal<DeliveriesPanel | null>(null);
  private readonly status = new PageStatus(this.i18n);
  protected readonly busy = this.status.busy;
  protected readonly error = this.status.error;
  protected readonly notice = this.status.notice;

  protected eventLabel(type: DomainEventType): string {
    return this.i18n.tFor('webhooks.event', type);
  }

  protected create(event: Event): void {
    event.preventDefault();
    if (this.busy()) return;
    this.status.run(this.api.createWebhook({ url: this.url().trim(), description: this.description().trim(), eventTypes: this.eventTypes() }), ({ secret }) => {
      this.secret.set(secret);
      this.url.set('');
      this.description.set('');
      this.notice.set(this.i18n.t('admin.saved'));
      this.webhooksResource.reload();
    });
  }

  protected update(webhook: WebhookView, request: UpdateWebhookRequest): void {
    this.error.set(null);
    this.api.updateWebhook(webhook.id, request).subscribe({
      next: () => {
        this.notice.set(this.i18n.t('admin.saved'));
        this.webhooksResource.reload();
      },
      error: (error) => {
        this.error.set(errorText(error, this.i18n));
        this.webhooksResource.reload();
      },
    });
  }

  protected rotate(webhook: WebhookView): void {
    if (!confirm(this.i18n.t('webhooks.rotateConfirm'))) return;
    this.status.run(this.api.rotateWebhookSecret(webhook.id), ({ secret }) => {
      this.secret.set(secret);
      this.webhooksResource.reload();
    });
  }

  protected remove(webhook: WebhookView): void {
    if (!confirm(this.i18n.t('webhooks.deleteConfirm', { url: webhook.url }))) return;
    this.status.run(this.api.deleteWebhook(webhook.id), () => {
      if (this.panel()?.webhookId === webhook.id) this.panel.set(null);
      this.notice.set(this.i18n.t('admin.saved'));
      this.webhooksResource.reload();
    });
  }

  protected ping(webhook: WebhookView): void {
    this.status.run(this.api.pingWebhook(webhook.id), (result) => {
      if (result.delivered) this.notice.set(this.i18n.t('webhooks.pingOk', { status: result.responseStatus ?? '' }));
      else this.error.set(this.i18n.t('webhooks.pingFailed', { error: result.error ?? '' }));
    });
  }

  protected toggleDeliveries(webhook: WebhookView): void {
    if (this.panel()?.webhookId === webhook.id) this.panel.set(null);
    else this.loadDeliveries(webhook.id);
  }

  /** The first page (no cursor), or the next one appended. */
  protected loadDeliveries(webhookId: string, cursor?: string): void {
    this.api.webhookDeliveries(webhookId, cursor).subscribe({
      next: (page) => {
        const earlier = cursor && this.panel()?.webhookId === webhookId ? this.panel()!.items : [];
        this.panel.set({ webhookId, items: [...earlier, ...page.items], nextCursor: page.nextCursor });
      },
      error: (error) => this.error.set(errorText(error, this.i18n)),
    });
  }

  protected resend(webhook: WebhookView, delivery: WebhookDeliveryView): void {
    this.status.run(this.api.resendWebhookDelivery(webhook.id, delivery.eventId), () => {
      this.notice.set(this.i18n.t('webhooks.resent'));
      this.loadDeliveries(webhook.id);
    });
  }
}
