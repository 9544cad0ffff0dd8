import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { RelatedTicketItem } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';

/**
 * Issue 17: the participant's other requests (the same address), newest first, each with its
 * status and tracking ID and a link to it. Only those this staff member may see: the API keeps
 * the queue's category rule, so a request outside their categories is neither listed nor counted.
 */
@Component({
  selector: 'app-participant-requests',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card" aria-labelledby="participant-requests-title" data-testid="participant-requests">
      <h2 id="participant-requests-title">{{ i18n.t('participantRequests.title') }}</h2>
      @if (items(); as list) {
        <ul class="plain">
          @for (item of list; track item.trackingId) {
            <li data-testid="participant-request">
              <a [routerLink]="['/admin/tickets', item.trackingId]">#{{ item.number }} {{ item.subject }}</a>
              <span class="meta">
                <span class="status">{{ i18n.tFor('status', item.status) }}</span>
                <span class="muted">{{ item.trackingId }}</span>
                <time class="muted" [attr.datetime]="item.createdAt">{{ i18n.formatDateTime(item.createdAt) }}</time>
              </span>
            </li>
          } @empty {
            <li class="muted">{{ i18n.t('participantRequests.none') }}</li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .plain { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; overflow-wrap: anywhere; }
    .status { padding: 0 8px; border-radius: 10px; background: var(--mat-sys-surface-container-highest); }
    .meta { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; font-size: 0.875em; }
  `,
})
export class ParticipantRequests {
  protected readonly i18n = inject(I18n);

  /** Undefined while they load. The request page fetches them once: its merge field offers the same requests. */
  readonly items = input<readonly RelatedTicketItem[] | undefined>();
}
