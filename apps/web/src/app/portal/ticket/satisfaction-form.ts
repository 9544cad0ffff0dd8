import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { SATISFACTION_COMMENT_MAX_LENGTH, SATISFACTION_STARS, SatisfactionAnswerView, SatisfactionStars, SatisfactionState } from '@pidtrymka/contracts';
import { apiError } from '../../core/api/api-error';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';

/**
 * Issue 19: satisfaction after closing, on the closed request's page (the closed e-mail links here,
 * `#satisfaction`). Five native radio buttons in a fieldset: one tab stop, arrows move between them,
 * each labelled "N of 5" for screen readers while the stars show. Once answered (here or in another
 * tab, which the 409 says), the page thanks and shows the answer; the comment is text, never markup.
 */
@Component({
  selector: 'app-satisfaction-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <section class="card satisfaction" id="satisfaction" aria-labelledby="satisfaction-title" data-testid="satisfaction">
      <h2 id="satisfaction-title">{{ i18n.t('ticket.satisfaction.title') }}</h2>
      @if (state().answer; as answer) {
        <p class="notice" role="status" data-testid="satisfaction-thanks">{{ i18n.t('ticket.satisfaction.thanks') }}</p>
        <p data-testid="satisfaction-answer">
          <span class="stars" aria-hidden="true">{{ starsText(answer.stars) }}</span>
          {{ i18n.t('ticket.satisfaction.yours', { n: answer.stars }) }}
        </p>
        @if (answer.comment) { <p class="comment" data-testid="satisfaction-comment">{{ answer.comment }}</p> }
      } @else {
        <form (submit)="send($event)" novalidate>
          <fieldset class="stars-field" [attr.aria-describedby]="error() ? 'satisfaction-error' : null" data-testid="satisfaction-stars">
            <legend>{{ i18n.t('ticket.satisfaction.stars') }}</legend>
            <div class="choices">
              @for (n of choices; track n) {
                <label class="choice" [class.on]="(stars() ?? 0) >= n">
                  <input type="radio" name="satisfaction-stars" [value]="n" [checked]="stars() === n" (change)="pick(n)" [disabled]="busy()"
                    [attr.data-testid]="'satisfaction-star-' + n" />
                  <span aria-hidden="true">★</span>
                  <span class="visually-hidden">{{ i18n.t('ticket.satisfaction.star', { n }) }}{{ n === 1 ? ', ' + i18n.t('ticket.satisfaction.low') : n === 5 ? ', ' + i18n.t('ticket.satisfaction.high') : '' }}</span>
                </label>
              }
            </div>
          </fieldset>
          <mat-form-field appearance="outline" class="full-width">
            <mat-label>{{ i18n.t('ticket.satisfaction.comment') }}</mat-label>
            <textarea matInput name="satisfaction-comment" rows="3" [maxlength]="commentMax" [ngModel]="comment()" (ngModelChange)="comment.set($event)"
              [disabled]="busy()" data-testid="satisfaction-comment-input"></textarea>
          </mat-form-field>
          <p id="satisfaction-error" class="error-text" role="alert" data-testid="satisfaction-error">{{ error() }}</p>
          <button mat-flat-button type="submit" [disabled]="busy()" data-testid="satisfaction-submit">{{ i18n.t('ticket.satisfaction.submit') }}</button>
        </form>
      }
    </section>
  `,
  styles: `
    .satisfaction { margin-bottom: 24px; }
    h2 { margin-top: 0; }
    .stars-field { border: 0; padding: 0; margin: 0 0 12px; }
    legend { font-weight: 500; margin-bottom: 4px; }
    .choices { display: flex; gap: 4px; }
    .choice { position: relative; font-size: 32px; line-height: 1; cursor: pointer; color: var(--mat-sys-outline); }
    .choice.on { color: #b8860b; }
    .choice input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
    .choice:has(input:focus-visible) { outline: 2px solid var(--mat-sys-primary); outline-offset: 2px; border-radius: 4px; }
    .stars { color: #b8860b; font-size: 20px; margin-right: 4px; }
    .comment { white-space: pre-wrap; overflow-wrap: anywhere; }
    .error-text:empty { display: none; }
    .notice { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); padding: 8px 12px; border-radius: 8px; }
  `,
})
export class SatisfactionForm {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(PortalApi);

  readonly trackingId = input.required<string>();
  readonly email = input.required<string>();
  readonly state = input.required<SatisfactionState>();
  /** The answer given (or, after a 409, nothing: the page reloads to show the one given elsewhere). */
  readonly answered = output<SatisfactionAnswerView | null>();

  protected readonly choices = SATISFACTION_STARS;
  protected readonly commentMax = SATISFACTION_COMMENT_MAX_LENGTH;
  protected readonly stars = signal<SatisfactionStars | null>(null);
  protected readonly comment = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected starsText(n: number): string {
    return '★'.repeat(n) + '☆'.repeat(5 - n);
  }

  protected pick(n: SatisfactionStars): void {
    this.stars.set(n);
    this.error.set(null);
  }

  protected send(event: Event): void {
    event.preventDefault();
    const stars = this.stars();
    if (stars === null) {
      this.error.set(this.i18n.t('ticket.satisfaction.chooseStars'));
      document.querySelector<HTMLInputElement>('input[name="satisfaction-stars"]')?.focus();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    const comment = this.comment().trim();
    this.api.answerSatisfaction(this.trackingId(), { email: this.email(), stars, ...(comment ? { comment } : {}) }).subscribe({
      next: (answer) => {
        this.busy.set(false);
        this.answered.emit(answer);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const body = apiError(error);
        this.error.set(body?.message ?? this.i18n.t('app.networkError'));
        // Answered in another tab meanwhile, or reopened: the page shows what is so now.
        if (body?.code === 'satisfaction_already_answered' || body?.code === 'satisfaction_not_closed') this.answered.emit(null);
      },
    });
  }
}
