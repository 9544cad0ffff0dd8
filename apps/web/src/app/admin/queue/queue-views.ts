import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { SAVED_VIEW_COUNT_CAP, SavedView } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';

/**
 * Issue 17: the queue's saved views above its filters — one's own and those an admin shared, each
 * with how many requests it shows this agent — and saving the queue as it is now under a name.
 */
@Component({
  selector: 'app-queue-views',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatCheckbox, MatFormField, MatLabel, MatInput],
  template: `
      <nav class="views" [attr.aria-label]="i18n.t('views.title')" data-testid="saved-views">
        @for (v of views() ?? []; track v.id) {
          <span class="view" [class.current]="v.query === currentQuery()">
            <button type="button" class="view-apply" (click)="applyView(v)" [attr.aria-pressed]="v.query === currentQuery()"
              data-testid="saved-view">{{ v.name }} <span class="count">{{ viewCount(v) }}</span>@if (v.shared) { <span class="muted small"> · {{ i18n.t('views.shared') }}</span> }</button>
            @if (v.mine || isAdmin()) {
              <button type="button" class="view-delete" (click)="deleteView(v)" [attr.aria-label]="i18n.t('views.delete', { name: v.name })" data-testid="saved-view-delete">✕</button>
            }
          </span>
        }
        <button matButton type="button" (click)="saveOpen.set(!saveOpen())" [attr.aria-expanded]="saveOpen()" aria-controls="save-view-form" data-testid="save-view-open">{{ i18n.t('views.save') }}</button>
      </nav>
      @if (saveOpen()) {
        <form id="save-view-form" class="save-view card" (submit)="saveView($event)">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ i18n.t('views.name') }}</mat-label>
            <input matInput name="viewName" maxlength="60" required [value]="viewName()" (input)="viewName.set($any($event.target).value)" data-testid="save-view-name" />
          </mat-form-field>
          @if (isAdmin()) {
            <mat-checkbox [checked]="viewShared()" (change)="viewShared.set($event.checked)" data-testid="save-view-shared">{{ i18n.t('views.shareWithAll') }}</mat-checkbox>
          }
          <button matButton="filled" type="submit" [disabled]="!viewName().trim()" data-testid="save-view-submit">{{ i18n.t('views.saveButton') }}</button>
        </form>
      }
      @if (viewError(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
    
  `,
  styles: `
    .views { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 8px; }
    .view { display: inline-flex; align-items: center; border-radius: 18px; background: var(--mat-sys-surface-container-high); }
    .view.current { background: var(--mat-sys-secondary-container); }
    .view-apply {
      display: inline-flex; align-items: center; gap: 4px; min-height: 36px; padding: 0 10px 0 14px; border: 0; border-radius: 18px;
      background: transparent; font: inherit; cursor: pointer; color: var(--mat-sys-on-surface);
    }
    .view-apply:focus-visible { outline: 2px solid var(--mat-sys-primary); }
    .view-delete { border: 0; background: transparent; cursor: pointer; min-width: 28px; min-height: 28px; border-radius: 14px; margin-right: 4px; color: inherit; }
    .view-delete:hover, .view-delete:focus-visible { background: var(--mat-sys-surface-container-highest); }
    .count {
      display: inline-block; min-width: 20px; margin-left: 4px; padding: 0 6px; border-radius: 10px; font-size: 12px; line-height: 20px;
      background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface);
    }
    .small { font-size: 13px; }
    .save-view { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 12px 16px; margin-bottom: 8px; }
    .save-view mat-form-field { flex: 1 1 240px; }
  `,
})
export class QueueViews {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);
  protected readonly isAdmin = inject(StaffSession).isAdmin;
  /** The queue's query now, as a view keeps it. */
  readonly currentQuery = input.required<string>();
  readonly apply = output<SavedView>();

  private readonly viewsResource = rxResource({ stream: () => this.api.views() });
  protected readonly views = loaded(this.viewsResource);
  protected readonly saveOpen = signal(false);
  protected readonly viewName = signal('');
  protected readonly viewShared = signal(false);
  protected readonly viewError = signal<string | null>(null);

  /** The counts after the queue changed something (a bulk change). */
  reload(): void {
    this.viewsResource.reload();
  }

  protected applyView(view: SavedView): void {
    this.apply.emit(view);
  }

  protected saveView(event: Event): void {
    event.preventDefault();
    const name = this.viewName().trim();
    if (!name) return;
    this.viewError.set(null);
    this.api.saveView({ name, query: this.currentQuery(), shared: this.isAdmin() && this.viewShared() }).subscribe({
      next: () => {
        this.saveOpen.set(false);
        this.viewName.set('');
        this.viewShared.set(false);
        this.viewsResource.reload();
      },
      error: (error) => this.viewError.set(errorText(error, this.i18n)),
    });
  }

  protected deleteView(view: SavedView): void {
    this.viewError.set(null);
    this.api.deleteView(view.id).subscribe({ next: () => this.viewsResource.reload(), error: (error) => this.viewError.set(errorText(error, this.i18n)) });
  }

  /** Counted no further than the API's cap: "1000+". */
  protected viewCount(view: SavedView): string {
    return view.count >= SAVED_VIEW_COUNT_CAP ? `${SAVED_VIEW_COUNT_CAP}+` : String(view.count);
  }
}
