import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { FIELD_LIMITS } from '@pidtrymka/contracts';
import { apiError } from '../../core/api/api-error';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';
import { rememberedEmail } from './remembered-email';

/** R-VIEW-4: the list of one's requests by e-mail. The answer is the same whether the address has requests or not. */
@Component({
  selector: 'app-forgot-tracking-id-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatButtonModule],
  template: `
    <div class="page narrow">
      <h1>{{ i18n.t('forgot.title') }}</h1>
      @if (sentTo(); as email) {
        <p class="card" role="status" data-testid="forgot-done">{{ i18n.t('forgot.done', { email }) }}</p>
        <p><a routerLink="/view">{{ i18n.t('view.title') }}</a></p>
      } @else {
        <form class="card" [formGroup]="form" (ngSubmit)="send()" novalidate>
          <p>{{ i18n.t('forgot.text') }}</p>
          <mat-form-field appearance="outline" class="full-width">
            <mat-label>{{ i18n.t('forgot.email') }}</mat-label>
            <input matInput type="email" formControlName="email" required autocomplete="email" [maxlength]="emailMax" data-testid="forgot-email" />
            @if (form.controls.email.errors?.['required']) { <mat-error>{{ i18n.t('field.required') }}</mat-error> }
            @else if (form.controls.email.errors?.['email']) { <mat-error>{{ i18n.t('field.email') }}</mat-error> }
          </mat-form-field>
          <p class="error-text" role="alert">{{ error() }}</p>
          <div class="actions">
            <button mat-flat-button type="submit" [disabled]="sending()" data-testid="forgot-submit">{{ i18n.t('forgot.submit') }}</button>
          </div>
        </form>
      }
    </div>
  `,
  styles: `.narrow { max-width: 560px; } .error-text:empty { display: none; }`,
})
export class ForgotTrackingIdPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(PortalApi);
  protected readonly emailMax = FIELD_LIMITS.emailMaxLength;
  protected readonly form = inject(FormBuilder).nonNullable.group({ email: [rememberedEmail.get(), [Validators.required, Validators.email]] });
  protected readonly sending = signal(false);
  protected readonly sentTo = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  protected send(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const email = this.form.getRawValue().email.trim();
    this.sending.set(true);
    this.error.set(null);
    this.api.remindTrackingIds(email).subscribe({
      next: () => this.sentTo.set(email),
      error: (error: unknown) => {
        this.sending.set(false);
        this.error.set(apiError(error)?.message ?? this.i18n.t('app.networkError'));
      },
    });
  }
}
