import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { I18n } from '../../core/i18n/i18n.service';
import { SubmittedRequest, SubmittedRequestStore } from './submitted-request';

/** R-SUB-4: the tracking ID, the spam-folder note, and "Перегляд вашого запиту". */
@Component({
  selector: 'app-confirmation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule],
  template: `
    <div class="page">
      @if (request; as r) {
        <section class="card confirmation" aria-labelledby="confirm-title">
          <h1 id="confirm-title">{{ i18n.t('confirm.title') }}</h1>
          <p class="lead">{{ i18n.t('confirm.text') }} <strong class="tracking-id" data-testid="tracking-id">{{ r.trackingId }}</strong></p>
          <p class="muted">{{ i18n.t('confirm.keepId') }}</p>
          <h2>{{ i18n.t('confirm.noMail') }}</h2>
          <p>{{ i18n.t('confirm.noMailText') }} <strong>{{ i18n.t('confirm.notSpam') }}</strong>{{ i18n.t('confirm.noMailText2') }}</p>
          <div class="actions">
            <a mat-flat-button routerLink="/ticket" [queryParams]="{ track: r.trackingId, e: r.email }" data-testid="view-request">{{ i18n.t('confirm.view') }}</a>
          </div>
        </section>
      } @else {
        <p>{{ i18n.t('confirm.missing') }}</p>
        <p><a routerLink="/view">{{ i18n.t('home.view') }}</a></p>
      }
    </div>
  `,
  styles: `
    .confirmation { max-width: 760px; }
    .lead { font-size: 18px; }
    .tracking-id { font-family: ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace; font-size: 22px; letter-spacing: .04em; white-space: nowrap; }
  `,
})
export class ConfirmationPage {
  protected readonly i18n = inject(I18n);
  protected readonly request: SubmittedRequest | null = inject(SubmittedRequestStore).last() ?? fromHistory();
}

/** After a reload the store is empty, but the browser keeps the navigation's state. */
function fromHistory(): SubmittedRequest | null {
  const state = history.state as Partial<SubmittedRequest> | null;
  return state && typeof state.trackingId === 'string' && typeof state.email === 'string' ? { trackingId: state.trackingId, email: state.email } : null;
}
