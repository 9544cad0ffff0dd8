import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { FIELD_LIMITS, TRACKING_ID_PATTERN } from '@pidtrymka/contracts';
import { apiError } from '../../core/api/api-error';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';
import { rememberedEmail } from './remembered-email';

/** R-VIEW-3: tracking ID and e-mail open the request page; the e-mail can be remembered. */
@Component({
  selector: 'app-view-request-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatButtonModule, MatCheckboxModule],
  template: `
    <div class="page narrow">
      <h1>{{ i18n.t('view.title') }}</h1>
      <form class="card" [formGroup]="form" (ngSubmit)="open()" novalidate>
        <mat-form-field appearance="outline" class="full-width">
          <mat-label>{{ i18n.t('view.trackingId') }}</mat-label>
          <input matInput formControlName="trackingId" required autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" data-testid="view-tracking-id" />
          <mat-hint>{{ i18n.t('view.trackingIdHint') }}</mat-hint>
          @if (form.controls.trackingId.errors?.['required']) { <mat-error>{{ i18n.t('field.required') }}</mat-error> }
          @else if (form.controls.trackingId.errors?.['pattern']) { <mat-error>{{ i18n.t('view.trackingIdInvalid') }}</mat-error> }
        </mat-form-field>
        <mat-form-field appearance="outline" class="full-width">
          <mat-label>{{ i18n.t('view.email') }}</mat-label>
          <input matInput type="email" formControlName="email" required autocomplete="email" [maxlength]="emailMax" data-testid="view-email" />
          @if (form.controls.email.errors?.['required']) { <mat-error>{{ i18n.t('field.required') }}</mat-error> }
          @else if (form.controls.email.errors?.['email']) { <mat-error>{{ i18n.t('field.email') }}</mat-error> }
        </mat-form-field>
        <mat-checkbox formControlName="remember" data-testid="view-remember">{{ i18n.t('view.remember') }}</mat-checkbox>
        <p class="error-text" role="alert" data-testid="view-error">{{ lookupError() }}</p>
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="checking()" data-testid="view-submit">{{ i18n.t('view.submit') }}</button>
          <a routerLink="/forgot-tracking-id">{{ i18n.t('view.forgot') }}</a>
        </div>
      </form>
    </div>
  `,
  styles: `.narrow { max-width: 560px; } .error-text { margin: 8px 0 0; } .error-text:empty { display: none; }`,
})
export class ViewRequestPage {
  protected readonly i18n = inject(I18n);
  private readonly router = inject(Router);
  protected readonly emailMax = FIELD_LIMITS.emailMaxLength;
  private readonly remembered = rememberedEmail.get();
  protected readonly form = inject(FormBuilder).nonNullable.group({
    trackingId: ['', [Validators.required, Validators.pattern(TRACKING_ID_PATTERN)]],
    email: [this.remembered, [Validators.required, Validators.email]],
    remember: [this.remembered !== ''],
  });
  protected readonly submitted = signal(false);
  protected readonly checking = signal(false);
  /** Why the request did not open, shown on the form that still holds what was typed (issue 17.5). */
  protected readonly lookupError = signal<string | null>(null);
  private readonly api = inject(PortalApi);

  constructor() {
    // People paste IDs with spaces or type them in lower case; the pattern wants AAA-AAA-AAAA.
    this.form.controls.trackingId.valueChanges.subscribe((value) => {
      const normal = value.trim().toUpperCase();
      if (normal !== value) this.form.controls.trackingId.setValue(normal, { emitEvent: false });
    });
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.lookupError.set(null));
  }

  protected open(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      document.querySelector<HTMLElement>('app-view-request-page input.ng-invalid')?.focus();
      return;
    }
    const { trackingId, email, remember } = this.form.getRawValue();
    const track = trackingId.trim().toUpperCase();
    const address = email.trim();
    rememberedEmail.set(remember ? address : null);
    // Asked here, so that a wrong pair is said on this form instead of on a page that has forgotten it. The API's
    // answer is the same "not found" whether the ID or the address is wrong (R-VIEW-3).
    this.checking.set(true);
    this.lookupError.set(null);
    this.api.ticket(track, address).subscribe({
      next: () => {
        this.checking.set(false);
        void this.router.navigate(['/ticket'], { queryParams: { track, e: address } });
      },
      error: (error: unknown) => {
        this.checking.set(false);
        this.lookupError.set(apiError(error)?.message ?? this.i18n.t('app.networkError'));
      },
    });
  }
}
