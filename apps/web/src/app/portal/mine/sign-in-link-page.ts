import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { apiError } from '../../core/api/api-error';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';

/**
 * Issue 18: where the e-mailed link lands (`/my-requests/sign-in#TOKEN`). The token is in the
 * fragment, which no browser sends to a server, and is used only when the person presses the
 * button: a mail scanner that opens links must not use up the one sign-in they get.
 */
@Component({
  selector: 'app-sign-in-link-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule],
  template: `
    <div class="page narrow">
      <h1>{{ i18n.t('mine.signIn.title') }}</h1>
      <div class="card">
        @if (token) {
          <p>{{ i18n.t('mine.signIn.text') }}</p>
          <p class="error-text" role="alert" data-testid="sign-in-error">{{ error() }}</p>
          <div class="actions">
            <button mat-flat-button type="button" (click)="signIn()" [disabled]="busy()" data-testid="sign-in-button">{{ i18n.t('mine.signIn.button') }}</button>
            @if (error()) { <a routerLink="/my-requests">{{ i18n.t('mine.signIn.again') }}</a> }
          </div>
        } @else {
          <p class="error-text" role="alert">{{ i18n.t('mine.signIn.noToken') }}</p>
          <p><a routerLink="/my-requests">{{ i18n.t('mine.signIn.again') }}</a></p>
        }
      </div>
    </div>
  `,
  styles: `.narrow { max-width: 560px; } .error-text:empty { display: none; }`,
})
export class SignInLinkPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(PortalApi);
  private readonly router = inject(Router);
  protected readonly token = decodeURIComponent(location.hash.replace(/^#/, ''));
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    // Out of the address bar and the history: the link is spent once used, and no one behind the screen should copy it.
    if (this.token) history.replaceState(history.state, '', location.pathname);
  }

  protected signIn(): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.redeemSignInLink(this.token).subscribe({
      next: () => void this.router.navigate(['/my-requests'], { replaceUrl: true }),
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(apiError(error)?.message ?? this.i18n.t('app.networkError'));
      },
    });
  }
}
