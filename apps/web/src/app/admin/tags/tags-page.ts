import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TAG_NAME_MAX_LENGTH } from '@pidtrymka/contracts';
import type { TagView } from '@pidtrymka/contracts';
import { Observable } from 'rxjs';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';
import { renameOutcome } from './tag-rename';

const DEFAULT_COLOR = '#1e88e5';

/**
 * Issue 17: the admins' list of tags. A tag with a colour is curated (offered first); staff make free
 * tags by typing a new name on a request, and an admin may rename one in place (requests keep it), give it a
 * colour or delete it.
 */
@Component({
  selector: 'app-tags-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatFormField, MatLabel, MatInput, RouterLink],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('tagsAdmin.title') }}</h1>
      <p class="muted">{{ i18n.t('tagsAdmin.intro') }}</p>
      <div class="live" role="status">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert" data-testid="tags-error">{{ message }}</p> }

      <section class="card" aria-labelledby="tag-new-title">
        <h2 id="tag-new-title">{{ i18n.t('tagsAdmin.new') }}</h2>
        <form class="row" (submit)="create($event)" data-testid="tag-form">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ i18n.t('tagsAdmin.name') }}</mat-label>
            <input matInput name="name" maxlength="40" required [value]="name()" (input)="name.set($any($event.target).value)" data-testid="tag-name" />
          </mat-form-field>
          <label class="color">{{ i18n.t('tagsAdmin.color') }}
            <input type="color" name="color" [value]="color()" (input)="color.set($any($event.target).value)" data-testid="tag-color" />
          </label>
          <button matButton="filled" type="submit" [disabled]="busy() || !name().trim()" data-testid="tag-create">{{ i18n.t('tagsAdmin.create') }}</button>
        </form>
      </section>

      <table class="tags" data-testid="tags-table">
        <caption class="visually-hidden">{{ i18n.t('tagsAdmin.title') }}</caption>
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('tagsAdmin.name') }}</th>
            <th scope="col">{{ i18n.t('tagsAdmin.color') }}</th>
            <th scope="col">{{ i18n.t('tagsAdmin.kind') }}</th>
            <th scope="col"><span class="visually-hidden">{{ i18n.t('tagsAdmin.actions') }}</span></th>
          </tr>
        </thead>
        <tbody>
          @for (tag of tags() ?? []; track tag.id) {
            <tr data-testid="tag-row" [attr.data-tag]="tag.name" [attr.data-tag-id]="tag.id">
              <td>
                @if (renaming() === tag.id) {
                  <form class="rename" (submit)="saveRename($event, tag)" (keydown.escape)="cancelRename()" data-testid="tag-rename-form">
                    <mat-form-field subscriptSizing="dynamic">
                      <mat-label>{{ i18n.t('tagsAdmin.newName', { name: tag.name }) }}</mat-label>
                      <input matInput name="rename" maxlength="60" required [value]="newName()"
                        (input)="newName.set($any($event.target).value)" data-testid="tag-rename-input" />
                    </mat-form-field>
                    <button matButton="filled" type="submit" [disabled]="busy()" data-testid="tag-rename-save">{{ i18n.t('admin.save') }}</button>
                    <button matButton type="button" (click)="cancelRename()" data-testid="tag-rename-cancel">{{ i18n.t('admin.cancel') }}</button>
                  </form>
                } @else {
                  <a [routerLink]="['/admin/tickets']" [queryParams]="{ tag: tag.id, status: 'all' }" data-testid="tag-row-name">{{ tag.name }}</a>
                }
              </td>
              <td>
                <input type="color" [value]="tag.color ?? defaultColor" (change)="setColor(tag, $any($event.target).value)"
                  [attr.aria-label]="i18n.t('tagsAdmin.colorOf', { name: tag.name })" data-testid="tag-row-color" />
              </td>
              <td>{{ tag.curated ? i18n.t('tagsAdmin.curated') : i18n.t('tagsAdmin.free') }}</td>
              <td class="actions">
                @if (renaming() !== tag.id) {
                  <button matButton type="button" (click)="startRename(tag)" [disabled]="busy()"
                    [attr.aria-label]="i18n.t('tagsAdmin.rename') + ': ' + tag.name" data-testid="tag-rename">{{ i18n.t('tagsAdmin.rename') }}</button>
                }
                @if (tag.curated) {
                  <button matButton type="button" (click)="setColor(tag, null)" [disabled]="busy()">{{ i18n.t('tagsAdmin.uncurate') }}</button>
                }
                <button matButton type="button" (click)="remove(tag)" [disabled]="busy()" [attr.aria-label]="i18n.t('admin.delete') + ': ' + tag.name" data-testid="tag-delete">
                  {{ confirming() === tag.id ? i18n.t('tagsAdmin.deleteConfirm') : i18n.t('admin.delete') }}
                </button>
              </td>
            </tr>
          } @empty {
            <tr><td colspan="4" class="muted">{{ i18n.t('tagsAdmin.empty') }}</td></tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .row mat-form-field { flex: 1 1 240px; }
    .color { display: inline-flex; align-items: center; gap: 8px; }
    input[type='color'] { width: 44px; height: 32px; padding: 0; border: 1px solid var(--mat-sys-outline-variant); border-radius: 6px; background: none; }
    .tags { width: 100%; margin-top: 16px; border-collapse: collapse; }
    .tags th, .tags td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .rename { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .rename mat-form-field { flex: 1 1 200px; }
    .tags .actions { display: flex; flex-wrap: wrap; gap: 4px; justify-content: flex-end; }
  `,
})
export class TagsPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly tagsResource = rxResource({ stream: () => this.api.tags() });
  protected readonly tags = loaded(this.tagsResource);
  protected readonly defaultColor = DEFAULT_COLOR;
  protected readonly name = signal('');
  protected readonly color = signal(DEFAULT_COLOR);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');
  /** The tag whose name is being edited in its row, and what has been typed. */
  protected readonly renaming = signal<number | null>(null);
  protected readonly newName = signal('');
  /** The tag whose Delete was pressed once: a second press deletes it (off every request). */
  protected readonly confirming = signal<number | null>(null);

  protected create(event: Event): void {
    event.preventDefault();
    const name = this.name().trim();
    if (!name) return;
    this.run(this.api.createTag({ name, color: this.color() }), () => {
      this.name.set('');
      this.notice.set(this.i18n.t('tagsAdmin.created'));
    });
  }

  protected startRename(tag: TagView): void {
    this.confirming.set(null);
    this.error.set(null);
    this.newName.set(tag.name);
    this.renaming.set(tag.id);
    this.focusAfterRender(tag, 'tag-rename-input');
  }

  protected cancelRename(): void {
    const tag = this.tags()?.find((candidate) => candidate.id === this.renaming());
    this.renaming.set(null);
    if (tag) this.focusAfterRender(tag, 'tag-rename');
  }

  /** Keyboard users land in the field the button opened, and back on the button when it closes. */
  private focusAfterRender(tag: Pick<TagView, 'id'>, testId: string): void {
    afterNextRender(() => {
      const row = this.host.nativeElement.querySelector(`[data-testid="tag-row"][data-tag-id="${tag.id}"]`);
      row?.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus();
    }, { injector: this.injector });
  }

  protected saveRename(event: Event, tag: TagView): void {
    event.preventDefault();
    const outcome = renameOutcome(tag, this.newName(), this.tags() ?? []);
    switch (outcome.kind) {
      case 'unchanged':
        this.renaming.set(null);
        return;
      case 'invalid':
        this.error.set(this.i18n.t('tagsAdmin.nameInvalid', { max: TAG_NAME_MAX_LENGTH }));
        return;
      case 'taken':
        this.error.set(this.i18n.t('tagsAdmin.nameTaken', { name: outcome.by.name }));
        return;
      case 'rename':
        this.run(this.api.updateTag(tag.id, { name: outcome.name }), () => {
          this.renaming.set(null);
          this.focusAfterRender(tag, 'tag-rename');
          this.notice.set(this.i18n.t('tagsAdmin.renamed', { from: tag.name, to: outcome.name }));
        });
    }
  }

  protected setColor(tag: TagView, color: string | null): void {
    this.run(this.api.updateTag(tag.id, { color }), () => this.notice.set(this.i18n.t('tagsAdmin.saved')));
  }

  protected remove(tag: TagView): void {
    if (this.confirming() !== tag.id) {
      this.confirming.set(tag.id);
      return;
    }
    this.confirming.set(null);
    this.run(this.api.deleteTag(tag.id), () => this.notice.set(this.i18n.t('tagsAdmin.deleted')));
  }

  private run<T>(call: Observable<T>, done: () => void): void {
    this.busy.set(true);
    this.error.set(null);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        done();
        this.tagsResource.reload();
      },
      error: (error) => {
        this.busy.set(false);
        this.error.set(errorText(error, this.i18n));
        this.tagsResource.reload();
      },
    });
  }
}
