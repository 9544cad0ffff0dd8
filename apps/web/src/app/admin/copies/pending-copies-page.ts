import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { PendingCopyView } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';

/**
 * Issue 18: addresses outside a request's organisation that its author put in
 * copy. Our participants compete, so such an address gets nothing and may not
 * reply until an admin approves it here; a refused one is removed.
 */
@Component({
  selector: 'app-pending-copies-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, RouterLink],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('copiesAdmin.title') }}</h1>
      <p class="muted">{{ i18n.t('copiesAdmin.intro') }}</p>
      <div class="live" role="status">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert" data-testid="copies-error">{{ message }}</p> }
      <table class="copies" data-testid="pending-copies">
        <caption class="visually-hidden">{{ i18n.t('copiesAdmin.title') }}</caption>
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('copiesAdmin.address') }}</th>
            <th scope="col">{{ i18n.t('copiesAdmin.request') }}</th>
            <th scope="col">{{ i18n.t('copiesAdmin.author') }}</th>
            <th scope="col">{{ i18n.t('copiesAdmin.added') }}</th>
            <th scope="col"><span class="visually-hidden">{{ i18n.t('tagsAdmin.actions') }}</span></th>
          </tr>
        </thead>
        <tbody>
          @for (copy of copies() ?? []; track copy.id) {
            <tr data-testid="pending-copy" [attr.data-email]="copy.email">
              <td class="address">{{ copy.email }}</td>
              <td><a [routerLink]="['/admin/tickets', copy.trackingId]">{{ copy.trackingId }}</a> {{ copy.subject }}</td>
              <td>{{ copy.requesterName }} &lt;{{ copy.addedBy }}&gt;@if (copy.organisation) { · {{ copy.organisation.name }} }</td>
              <td class="nowrap">{{ i18n.formatDateTime(copy.addedAt) }}</td>
              <td><div class="actions">
                <button matButton="filled" type="button" (click)="decide(copy, true)" [disabled]="busy()" data-testid="copy-approve">{{ i18n.t('copiesAdmin.approve') }}</button>
                <button matButton type="button" (click)="decide(copy, false)" [disabled]="busy()" data-testid="copy-refuse">{{ i18n.t('copiesAdmin.refuse') }}</button>
              </div></td>
            </tr>
          } @empty {
            <tr><td colspan="5" class="muted" data-testid="pending-copies-empty">{{ i18n.t('copiesAdmin.empty') }}</td></tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .copies { width: 100%; border-collapse: collapse; }
    .copies th, .copies td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--mat-sys-outline-variant); vertical-align: top; }
    .address { font-weight: 600; overflow-wrap: anywhere; }
    .actions { display: flex; flex-wrap: wrap; gap: 4px; justify-content: flex-end; }
    .live:empty { display: none; }
    .live { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); padding: 8px 12px; border-radius: 8px; margin-bottom: 12px; }
  `,
})
export class PendingCopiesPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);
  private readonly copiesResource = rxResource({ stream: () => this.api.pendingCopies() });
  protected readonly copies = loaded(this.copiesResource);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');

  protected decide(copy: PendingCopyView, approve: boolean): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.decideCopy(copy.id, approve).subscribe({
      next: () => {
        this.busy.set(false);
        this.notice.set(this.i18n.t(approve ? 'copiesAdmin.approved' : 'copiesAdmin.refused', { email: copy.email }));
        this.copiesResource.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(errorText(error, this.i18n));
        this.copiesResource.reload();
      },
    });
  }
}
