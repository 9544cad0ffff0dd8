import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router } from '@angular/router';
import { apiError } from '../../core/api/api-error';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { StaffSession } from '../core/staff-session.service';

/**
 * Sign-in in two steps: e-mail and password, then — for accounts with two-factor sign-in —
 * the authenticator's code (or a recovery code), asked for only when the API says so.
 */
@Component({
  selector: 'app-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatFormField, MatLabel, MatInput],
  template: `
    <div class="page narrow">
      <div class="card">
        @if (step() === 'password') {
          <h1>{{ i18n.t('signIn.title') }}</h1>
          @if (session.expired()) { <p class="notice" role="status">{{ i18n.t('admin.sessionExpired') }}</p> }
          <form (submit)="submit($event)" novalidate data-testid="sign-in-form">
            <mat-form-field class="full-width">
              <mat-label>{{ i18n.t('signIn.email') }}</mat-label>
              <input matInput type="email" name="email" autocomplete="username" required [value]="email()" (input)="email.set(value($event))" data-testid="sign-in-email" />
            </mat-form-field>
            <mat-form-field class="full-width">
              <mat-label>{{ i18n.t('signIn.password') }}</mat-label>
              <input matInput type="password" name="password" autocomplete="current-password" required [value]="password()" (input)="password.set(value($event))" data-testid="sign-in-password" />
            </mat-form-field>
            @if (error()) { <p class="error-text" role="alert" data-testid="sign-in-error">{{ error() }}</p> }
            <button matButton="filled" type="submit" [disabled]="busy()" data-testid="sign-in-submit">{{ i18n.t('signIn.submit') }}</button>
          </form>
        } @else {
          <h1>{{ i18n.t('signIn.codeTitle') }}</h1>
          <p id="code-intro">{{ i18n.t('signIn.codeIntro') }}</p>
          <form (submit)="submit($event)" novalidate data-testid="totp-form">
            <mat-form-field class="full-width">
              <mat-label>{{ i18n.t('signIn.code') }}</mat-label>
              <input #codeInput matInput name="code" autocomplete="one-time-code" inputmode="text" maxlength="20" required aria-describedby="code-intro"
                [value]="code()" (input)="code.set(value($event))" data-testid="sign-in-code" />
            </mat-form-field>
            @if (error()) { <p class="error-text" role="alert" data-testid="sign-in-error">{{ error() }}</p> }
            <div class="actions">
              <button matButton="filled" type="submit" [disabled]="busy()" data-testid="sign-in-verify">{{ i18n.t('signIn.verify') }}</button>
              <button matButton type="button" (click)="restart()">{{ i18n.t('signIn.back') }}</button>
            </div>
          </form>
        }
      </div>
    </div>
  `,
  styles: `
    .narrow { max-width: 440px; }
    .notice { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); padding: 8px 12px; border-radius: 8px; }
    form { display: flex; flex-direction: column; gap: 4px; }
  `,
})
export class SignInPage {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(StaffSession);
  private readonly router = inject(Router);

  /** Where the guard came from; only an address inside the workspace is followed. */
  readonly returnUrl = input<string>();

  protected readonly step = signal<'password' | 'code'>('password');
  protected readonly email = signal('');
  protected readonly password = signal('');
  protected readonly code = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly codeInput = viewChild<ElementRef<HTMLInputElement>>('codeInput');

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const code = this.step() === 'code' ? this.code().trim() : undefined;
      await this.session.signIn({ email: this.email().trim(), password: this.password(), ...(code ? { code } : {}) });
      const target = this.returnUrl();
      await this.router.navigateByUrl(target && target.startsWith('/admin/') && !target.startsWith('/admin/sign-in') ? target : '/admin/tickets');
    } catch (error) {
      if (apiError(error)?.code === 'totp_required') {
        this.step.set('code');
        setTimeout(() => this.codeInput()?.nativeElement.focus());
      } else {
        this.error.set(errorText(error, this.i18n));
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected restart(): void {
    this.step.set('password');
    this.code.set('');
    this.password.set('');
    this.error.set(null);
  }
}
