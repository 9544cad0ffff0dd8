import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, effect, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { AltchaChallengeView, CaptchaChallengeView, FIELD_LIMITS, HONEYPOT_FIELD, KbArticleSummary, RequestVisibility } from '@pidtrymka/contracts';
import { catchError, debounceTime, distinctUntilChanged, map, of, switchMap } from 'rxjs';
import { apiError, fieldErrors } from '../../core/api/api-error';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';
import { AttachmentPicker } from '../shared/attachment-picker';
import { SubmittedRequestStore } from './submitted-request';

/** Words typed before suggestions are looked up (R-KB-3). */
const SUGGEST_MIN_LENGTH = 3;
/** A captcha picture the page shows as it is: raster only (issue 12.7). */
const RASTER_DATA_URL = /^data:image\/(png|webp);base64,[A-Za-z0-9+/]+=*$/;

/** R-SUB-2, R-SUB-3, R-SUB-6, R-KB-3: the request form. */
@Component({
  selector: 'app-submit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatButtonModule, AttachmentPicker],
  templateUrl: './submit-page.html',
  styleUrl: './submit-page.scss',
})
export class SubmitPage implements OnInit {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(PortalApi);
  private readonly router = inject(Router);
  private readonly submitted = inject(SubmittedRequestStore);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly limits = FIELD_LIMITS;
  protected readonly honeypotName = HONEYPOT_FIELD;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(FIELD_LIMITS.nameMaxLength)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(FIELD_LIMITS.emailMaxLength)]],
    categoryId: [''],
    subject: ['', [Validators.required, Validators.maxLength(FIELD_LIMITS.subjectMaxLength)]],
    message: ['', [Validators.required, Validators.maxLength(FIELD_LIMITS.messageMaxLength)]],
    captchaAnswer: [''],
    honeypot: [''],
    /** Issue 18: '' leaves it to the organisation's default. */
    visibility: [''],
  });

  /**
   * Issue 18, who sees the request. Signed out, the choice is the same for everyone and names no
   * organisation: what an address is part of is never told to whoever types it. Signed in, the
   * participant's own organisation is named (from their session, not from the typed address) and
   * its default is chosen for them, while the form's address is the signed-in one.
   */
  private readonly participant = rxResource({ stream: () => this.api.participantSession().pipe(catchError(() => of(null))) });
  private readonly organisations = rxResource({
    params: () => (this.participant.value() ? {} : undefined),
    stream: () => this.api.participantOrganisations().pipe(catchError(() => of([]))),
  });
  private readonly typedEmail = toSignal(this.form.controls.email.valueChanges, { initialValue: '' });
  protected readonly ownOrganisation = computed(() => {
    const organisations = this.organisations.value() ?? [];
    const email = this.participant.value()?.email;
    return organisations.length === 1 && email && this.typedEmail().trim().toLowerCase() === email ? organisations[0] : null;
  });
  private readonly defaultChosen = effect(() => {
    const organisation = this.ownOrganisation();
    const control = this.form.controls.visibility;
    if (organisation && control.pristine && !control.value) control.setValue(organisation.defaultVisibility);
  });
  protected readonly files = signal<File[]>([]);
  protected readonly sending = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly serverErrors = signal<Record<string, string>>({});
  protected readonly attachmentError = computed(() => this.serverErrors()['attachments'] ?? null);

  protected readonly categories = rxResource({
    params: () => ({ locale: this.i18n.locale() }),
    stream: () => this.api.categories(),
  });
  protected readonly captcha = signal<CaptchaChallengeView | null>(null);
  protected readonly captchaRequired = computed(() => {
    const captcha = this.captcha();
    return captcha !== null && captcha.provider !== 'none';
  });
  protected readonly captchaImage = computed(() => {
    const captcha = this.captcha();
    if (!captcha || !('id' in captcha)) return null;
    // The built-in picture is a PNG (issue 12.7); only a raster data URL is taken as it is.
    if (captcha.image && RASTER_DATA_URL.test(captcha.image)) return captcha.image;
    // An <img> never runs an SVG's scripts, unlike markup put into the page.
    return captcha.svg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(captcha.svg)}` : null;
  });
  /** CAPTCHA_PROVIDER=altcha: the browser proves some work instead of a person reading a picture (issue 12.7). */
  protected readonly altchaChallenge = computed(() => {
    const captcha = this.captcha();
    return captcha && 'altcha' in captcha ? (captcha.altcha ?? null) : null;
  });
  protected readonly altchaState = signal<'working' | 'done' | 'failed'>('working');
  private altchaAbort: AbortController | null = null;
  private altchaSolved: Promise<unknown> = Promise.resolve();
  protected readonly captchaQuestion = computed(() => {
    const captcha = this.captcha();
    return captcha && 'question' in captcha ? (captcha.question ?? null) : null;
  });
  protected readonly suggestions = signal<KbArticleSummary[]>([]);

  ngOnInit(): void {
    this.destroyRef.onDestroy(() => this.altchaAbort?.abort());
    this.refreshCaptcha();
    this.form.controls.subject.valueChanges
      .pipe(
        map((subject) => subject.trim()),
        debounceTime(300),
        distinctUntilChanged(),
        switchMap((q) => (q.length < SUGGEST_MIN_LENGTH ? of([]) : this.api.kbSuggest(this.i18n.locale(), q).pipe(catchError(() => of([]))))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((articles) => this.suggestions.set(articles));
  }

  /** A new picture; `error` (why the last answer was refused) stays on the field for the new one. */
  protected refreshCaptcha(error?: string): void {
    this.form.controls.captchaAnswer.reset('');
    this.api.captcha().subscribe({
      next: (challenge) => {
        this.captcha.set(challenge);
        const answer = this.form.controls.captchaAnswer;
        answer.setValidators(challenge.provider === 'none' ? [] : [Validators.required]);
        answer.updateValueAndValidity();
        if (error) {
          answer.setErrors({ server: error });
          answer.markAsTouched();
        }
        if ('altcha' in challenge && challenge.altcha) this.solveAltcha(challenge.altcha);
      },
      error: () => this.formError.set(this.i18n.t('app.networkError')),
    });
  }

  /** Solves the proof of work in the background; its solver is loaded only now, outside the first load. */
  private solveAltcha(challenge: AltchaChallengeView): void {
    this.altchaAbort?.abort();
    const abort = new AbortController();
    this.altchaAbort = abort;
    this.altchaState.set('working');
    this.altchaSolved = import('./altcha-solver')
      .then(({ solveAltcha }) => solveAltcha(challenge, abort.signal))
      .then(
        (payload) => {
          if (abort.signal.aborted) return;
          if (!payload) return this.altchaState.set('failed');
          // The answer field keeps a refused try's message until the new check is done.
          this.form.controls.captchaAnswer.setValue(payload);
          this.altchaState.set('done');
        },
        () => abort.signal.aborted || this.altchaState.set('failed'),
      );
  }

  /** The API's refusal of the last check, if any (the answer field is not shown for ALTCHA). */
  protected altchaError(): string | null {
    return (this.form.controls.captchaAnswer.errors?.['server'] as string | undefined) ?? null;
  }

  /** The first message of a field's errors: the API's (already translated) or ours. */
  protected errorOf(name: keyof typeof this.form.controls): string | null {
    const control = this.form.controls[name];
    if (!control.errors) return null;
    if (control.errors['server']) return control.errors['server'] as string;
    if (control.errors['required']) return this.i18n.t('field.required');
    if (control.errors['email']) return this.i18n.t('field.email');
    if (control.errors['maxlength']) return this.i18n.t('field.maxLength', { max: (control.errors['maxlength'] as { requiredLength: number }).requiredLength });
    return null;
  }

  protected send(): void {
    if (this.altchaChallenge() && this.altchaState() === 'working') {
      // Sent before the check finished: it goes as soon as it has.
      this.sending.set(true);
      void this.altchaSolved.then(() => {
        this.sending.set(false);
        this.send();
      });
      return;
    }
    this.serverErrors.set({});
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.formError.set(this.i18n.t('field.fixErrors'));
      this.focusFirstInvalid();
      return;
    }
    const value = this.form.getRawValue();
    const captcha = this.captcha();
    this.sending.set(true);
    this.api
      .createTicket(
        {
          name: value.name.trim(),
          email: value.email.trim(),
          subject: value.subject.trim(),
          message: value.message,
          categoryId: value.categoryId ? Number(value.categoryId) : undefined,
          captchaId: captcha && 'id' in captcha ? captcha.id : undefined,
          captchaAnswer: this.captchaRequired() ? value.captchaAnswer.trim() : undefined,
          visibility: (value.visibility as RequestVisibility) || undefined,
        },
        this.files(),
        value.honeypot,
      )
      .subscribe({
        next: (created) => {
          const request = { trackingId: created.trackingId, email: value.email.trim() };
          this.submitted.last.set(request);
          void this.router.navigate(['/submitted'], { state: request });
        },
        error: (error: unknown) => {
          this.sending.set(false);
          const body = apiError(error);
          const fields = fieldErrors(body);
          if (body?.code?.startsWith('attachment')) fields['attachments'] = body.message;
          this.serverErrors.set(fields);
          const captchaRefused = body?.code?.startsWith('captcha') ?? false;
          // A message that shows on its field is not repeated under the form (issue 17.3): there the form only says to look.
          this.formError.set(captchaRefused || Object.keys(fields).length ? this.i18n.t('field.fixErrors') : (body?.message ?? this.i18n.t('app.networkError')));
          // A challenge is good for one attempt, right or wrong.
          this.refreshCaptcha(captchaRefused ? body!.message : undefined);
          // The API's messages stay on their fields until the participant edits them.
          for (const [field, message] of Object.entries(fields)) {
            const control = this.form.get(field);
            control?.setErrors({ ...control.errors, server: message });
            control?.markAsTouched();
          }
          queueMicrotask(() => this.focusFirstInvalid());
        },
      });
  }

  private focusFirstInvalid(): void {
    const invalid = document.querySelector<HTMLElement>('app-submit-page [aria-invalid="true"], app-submit-page .ng-invalid:not(form)');
    (invalid ?? document.getElementById('form-error'))?.focus();
  }
}
