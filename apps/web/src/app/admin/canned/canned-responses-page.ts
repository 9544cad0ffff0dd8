import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { CannedResponseView } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';

/** Canned responses: used by all staff, inserted into replies with the placeholders filled in; changed by their author or an admin. */
@Component({
  selector: 'app-canned-responses-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatFormField, MatLabel, MatInput],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('canned.title') }}</h1>
      <p class="muted">{{ i18n.t('canned.intro') }}</p>
      <div class="live" role="status">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }

      <div class="layout">
        <section class="card" aria-labelledby="canned-form-title">
          <h2 id="canned-form-title">{{ editing() ? i18n.t('admin.edit') + ': ' + editing()!.title : i18n.t('canned.new') }}</h2>
          <form (submit)="save($event)" novalidate data-testid="canned-form">
            <mat-form-field class="full-width">
              <mat-label>{{ i18n.t('canned.titleField') }}</mat-label>
              <input matInput name="title" maxlength="200" required [value]="title()" (input)="title.set($any($event.target).value)" data-testid="canned-title" />
            </mat-form-field>
            <mat-form-field class="full-width">
              <mat-label>{{ i18n.t('canned.body') }}</mat-label>
              <textarea matInput name="body" rows="8" maxlength="50000" required [value]="body()" (input)="body.set($any($event.target).value)" data-testid="canned-body"></textarea>
            </mat-form-field>
            <div class="actions">
              <button matButton="filled" type="submit" [disabled]="busy() || !title().trim() || !body().trim()" data-testid="canned-save">
                {{ editing() ? i18n.t('admin.save') : i18n.t('canned.create') }}
              </button>
              @if (editing()) { <button matButton type="button" (click)="reset()">{{ i18n.t('admin.cancel') }}</button> }
            </div>
          </form>
        </section>

        <section aria-labelledby="canned-list-title">
          <h2 id="canned-list-title" class="visually-hidden">{{ i18n.t('canned.title') }}</h2>
          @if (list()?.length === 0) { <p class="muted">{{ i18n.t('canned.empty') }}</p> }
          <ul class="list">
            @for (c of list() ?? []; track c.id) {
              <li class="card" data-testid="canned-item">
                <h3>{{ c.title }}</h3>
                <p class="body">{{ c.body }}</p>
                <p class="muted small">{{ i18n.t('canned.updatedBy', { name: authorName(c.createdBy), date: i18n.formatDateTime(c.updatedAt) }) }}</p>
                @if (mayChange(c)) {
                  <div class="actions">
                    <button matButton="outlined" type="button" (click)="edit(c)" [attr.aria-label]="i18n.t('admin.edit') + ': ' + c.title">{{ i18n.t('admin.edit') }}</button>
                    <button matButton type="button" (click)="remove(c)" [attr.aria-label]="i18n.t('admin.delete') + ': ' + c.title">{{ i18n.t('admin.delete') }}</button>
                  </div>
                }
              </li>
            }
          </ul>
        </section>
      </div>
    </div>
  `,
  styleUrl: '../admin-page.scss',
  styles: `
    .layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 24px; align-items: start; }
    @media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
    h2 { margin-top: 0; }
    .list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
    .list h3 { margin: 0 0 8px; font-size: 17px; }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 8px; }
  `,
})
export class CannedResponsesPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);
  private readonly session = inject(StaffSession);

  private readonly listResource = rxResource({ stream: () => this.api.cannedResponses() });
  protected readonly list = loaded(this.listResource);
  private readonly team = loaded(rxResource({ stream: () => this.api.team() }));
  protected readonly editing = signal<CannedResponseView | null>(null);
  protected readonly title = signal('');
  protected readonly body = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');

  /** As the API decides (12.5): a canned response is its author's to change; an admin may change any. */
  protected mayChange(canned: CannedResponseView): boolean {
    const me = this.session.me();
    return me?.role === 'admin' || canned.createdBy === me?.id;
  }

  /** `createdBy` is a staff id; someone no longer active shows as a dash. */
  protected authorName(id: string): string {
    return this.team()?.find((m) => m.id === id)?.name ?? this.i18n.t('admin.none');
  }

  protected edit(canned: CannedResponseView): void {
    this.editing.set(canned);
    this.title.set(canned.title);
    this.body.set(canned.body);
    document.getElementById('canned-form-title')?.scrollIntoView();
  }

  protected reset(): void {
    this.editing.set(null);
    this.title.set('');
    this.body.set('');
  }

  protected save(event: Event): void {
    event.preventDefault();
    if (this.busy()) return;
    const request = { title: this.title().trim(), body: this.body() };
    const editing = this.editing();
    this.busy.set(true);
    this.error.set(null);
    (editing ? this.api.updateCannedResponse(editing.id, request) : this.api.createCannedResponse(request)).subscribe({
      next: () => {
        this.busy.set(false);
        this.reset();
        this.notice.set(this.i18n.t('admin.saved'));
        this.listResource.reload();
      },
      error: (error) => {
        this.busy.set(false);
        this.error.set(errorText(error, this.i18n));
      },
    });
  }

  protected remove(canned: CannedResponseView): void {
    if (!confirm(this.i18n.t('canned.deleteConfirm', { title: canned.title }))) return;
    this.api.deleteCannedResponse(canned.id).subscribe({
      next: () => {
        this.notice.set(this.i18n.t('canned.deleted'));
        if (this.editing()?.id === canned.id) this.reset();
        this.listResource.reload();
      },
      error: (error) => this.error.set(errorText(error, this.i18n)),
    });
  }
}
