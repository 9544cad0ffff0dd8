import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { FIELD_LIMITS, TRACKING_ID_PATTERN } from '@pidtrymka/contracts';
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
        <div class="actions">
          <button mat-flat-button type="submit" data-testid="view-submit">{{ i18n.t('view.submit') }}</button>
          <a routerLink="/forgot-tracking-id">{{ i18n.t('view.forgot') }}</a>
        </div>
      </form>
    </div>
  `,
  styles: `.narrow { max-width: 560px; }`,
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

  constructor() {
    // People paste IDs with spaces or type them in lower case; the pattern wants AAA-AAA-AAAA.
    this.form.controls.trackingId.valueChanges.subscribe((value) => {
      const normal = value.trim().toUpperCase();
      if (normal !== value) this.form.controls.trackingId.setValue(normal, { emitEvent: false });
    });
  }

  protected open(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      document.querySelector<HTMLElement>('app-view-request-page input.ng-invalid')?.focus();
      return;
    }
    const { trackingId, email, remember } = this.form.getRawValue();
    rememberedEmail.set(remember ? email.trim() : null);
    void this.router.navigate(['/ticket'], { queryParams: { track: trackingId.trim().toUpperCase(), e: email.trim() } });
  }
}
