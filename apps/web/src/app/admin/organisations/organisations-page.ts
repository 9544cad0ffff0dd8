import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { OrganisationImportResult, OrganisationListItem, OrganisationView } from '@pidtrymka/contracts';
import { Observable } from 'rxjs';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';
import { EMPTY_FORM, fromForm, OrganisationFormValue, toForm } from './organisation-form';

/**
 * Issue 18: the companies participants write for. Every staff member finds and reads them;
 * admins create, edit, deactivate, merge, import and export.
 */
@Component({
  selector: 'app-organisations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatCheckbox, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption, RouterLink],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('orgs.title') }}</h1>
      <div class="live" role="status" data-testid="orgs-notice">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert" data-testid="orgs-error">{{ message }}</p> }

      <section class="card filters">
        <form role="search" class="search" (submit)="search($event)">
          <mat-form-field subscriptSizing="dynamic" class="grow">
            <mat-label>{{ i18n.t('orgs.search') }}</mat-label>
            <input matInput type="search" name="q" maxlength="200" [value]="searchText()" (input)="searchText.set($any($event.target).value)" data-testid="orgs-search" />
          </mat-form-field>
          <button matButton="filled" type="submit">{{ i18n.t('orgs.searchButton') }}</button>
          <mat-checkbox [checked]="showInactive()" (change)="showInactive.set($event.checked)">{{ i18n.t('orgs.showInactive') }}</mat-checkbox>
          <a matButton [href]="api.organisationsExportUrl" download data-testid="orgs-export">{{ i18n.t('orgs.export') }}</a>
        </form>
      </section>

      @if (session.isAdmin()) {
        <section class="card" aria-labelledby="org-form-title">
          <h2 id="org-form-title">{{ editing() ? i18n.t('orgs.edit', { name: editing()!.nameUk }) : i18n.t('orgs.new') }}</h2>
          <form class="form-grid" (submit)="save($event)" novalidate data-testid="org-form">
            <mat-form-field>
              <mat-label>{{ i18n.t('orgs.nameUk') }}</mat-label>
              <input matInput name="nameUk" maxlength="300" required [value]="form().nameUk" (input)="patch('nameUk', $event)" data-testid="org-name-uk" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ i18n.t('orgs.nameEn') }}</mat-label>
              <input matInput name="nameEn" maxlength="300" [value]="form().nameEn" (input)="patch('nameEn', $event)" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ i18n.t('orgs.edrpou') }}</mat-label>
              <input matInput name="edrpou" maxlength="12" inputmode="numeric" [value]="form().edrpou" (input)="patch('edrpou', $event)" data-testid="org-edrpou" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ i18n.t('orgs.eic') }}</mat-label>
              <input matInput name="eic" maxlength="20" [value]="form().eic" (input)="patch('eic', $event)" data-testid="org-eic" />
            </mat-form-field>
            <mat-form-field class="span">
              <mat-label>{{ i18n.t('orgs.domains') }}</mat-label>
              <input matInput name="domains" [value]="form().domains" (input)="patch('domains', $event)" data-testid="org-domains" />
              <mat-hint>{{ i18n.t('orgs.domainsHint') }}</mat-hint>
            </mat-form-field>
            <mat-form-field class="span">
              <mat-label>{{ i18n.t('orgs.contacts') }}</mat-label>
              <textarea matInput name="contacts" rows="3" [value]="form().contacts" (input)="patch('contacts', $event)" data-testid="org-contacts"></textarea>
            </mat-form-field>
            <mat-form-field class="span">
              <mat-label>{{ i18n.t('orgs.defaultVisibility') }}</mat-label>
              <select matNativeControl name="defaultVisibility" [value]="form().defaultVisibility" (change)="patch('defaultVisibility', $event)" data-testid="org-default-visibility">
                <option value="private">{{ i18n.t('orgs.visibility.private') }}</option>
                <option value="organisation">{{ i18n.t('orgs.visibility.organisation') }}</option>
              </select>
              <mat-hint>{{ i18n.t('orgs.defaultVisibilityHint') }}</mat-hint>
            </mat-form-field>
            <mat-form-field class="span">
              <mat-label>{{ i18n.t('orgs.notes') }}</mat-label>
              <textarea matInput name="notes" rows="2" maxlength="10000" [value]="form().notes" (input)="patch('notes', $event)"></textarea>
            </mat-form-field>
            <div class="actions span">
              <button matButton="filled" type="submit" [disabled]="busy() || !form().nameUk.trim()" data-testid="org-save">{{ editing() ? i18n.t('orgs.save') : i18n.t('orgs.create') }}</button>
              @if (editing()) { <button matButton type="button" (click)="cancelEdit()">{{ i18n.t('admin.cancel') }}</button> }
            </div>
          </form>
        </section>

        <section class="card" aria-labelledby="org-import-title">
          <h2 id="org-import-title">{{ i18n.t('orgs.import') }}</h2>
          <p class="muted">{{ i18n.t('orgs.importHint') }}</p>
          <div class="actions">
            <label matButton="outlined" class="file">
              {{ i18n.t('orgs.importFile') }}
              <input type="file" accept=".csv,text/csv" (change)="chooseFile($event)" data-testid="org-import-file" />
            </label>
            @if (importFileName(); as name) { <span class="muted">{{ name }}</span> }
            <button matButton="filled" type="button" [disabled]="busy() || !importText()" (click)="runImport(true)" data-testid="org-import-check">{{ i18n.t('orgs.importCheck') }}</button>
            <button matButton="outlined" type="button" [disabled]="busy() || !importResult()?.dryRun || (importResult()!.created + importResult()!.updated === 0)" (click)="runImport(false)" data-testid="org-import-apply">
              {{ i18n.t('orgs.importApply') }}
            </button>
          </div>
          @if (importResult(); as r) {
            <p role="status" data-testid="org-import-summary">{{ i18n.t(r.dryRun ? 'orgs.importSummary' : 'orgs.importDone', { created: r.created, updated: r.updated, rejected: r.rejected }) }}</p>
            <table class="import">
              <thead><tr><th scope="col">{{ i18n.t('orgs.importLine') }}</th><th scope="col">{{ i18n.t('orgs.nameUk') }}</th><th scope="col">{{ i18n.t('orgs.importAction') }}</th><th scope="col">{{ i18n.t('orgs.importReasons') }}</th></tr></thead>
              <tbody>
                @for (row of r.rows; track row.line) {
                  <tr [class]="row.action" data-testid="org-import-row">
                    <td>{{ row.line }}</td>
                    <td>{{ row.nameUk }}</td>
                    <td>{{ i18n.tFor('orgs.action', row.action) }}</td>
                    <td>@for (reason of row.reasons; track $index) { <div>{{ reason }}</div> }</td>
                  </tr>
                }
              </tbody>
            </table>
          }
        </section>
      }

      <p class="muted">{{ i18n.t('orgs.total', { total: page()?.total ?? 0 }) }}</p>
      <ul class="orgs">
        @for (o of page()?.items ?? []; track o.id) {
          <li class="card" [class.inactive]="!o.active" data-testid="org-item">
            <div class="who">
              <h3>{{ o.nameUk }}</h3>
              @if (o.nameEn) { <span class="muted">{{ o.nameEn }}</span> }
              <span class="codes">
                @if (o.edrpou) { <span class="tag">{{ i18n.t('orgs.edrpou') }}: {{ o.edrpou }}</span> }
                @if (o.eic) { <span class="tag">EIC: {{ o.eic }}</span> }
                <span class="tag">{{ o.active ? i18n.t('orgs.active') : i18n.t('orgs.inactive') }}</span>
              </span>
              @if (o.emailDomains.length) { <span class="muted">{{ o.emailDomains.join(', ') }}</span> }
              <span class="muted">{{ i18n.t('orgs.counts', { contacts: o.contactCount, tickets: o.ticketCount }) }}</span>
            </div>
            <div class="actions">
              <a matButton routerLink="/admin/tickets" [queryParams]="{ organisationId: o.id, status: 'all' }">{{ i18n.t('orgs.requests') }}</a>
              @if (session.isAdmin()) {
                <button matButton="outlined" type="button" (click)="edit(o)" [attr.aria-label]="i18n.t('admin.edit') + ': ' + o.nameUk">{{ i18n.t('admin.edit') }}</button>
                <button matButton type="button" (click)="setActive(o, !o.active)" data-testid="org-toggle-active">{{ o.active ? i18n.t('orgs.deactivate') : i18n.t('orgs.activate') }}</button>
                <mat-form-field subscriptSizing="dynamic" class="merge">
                  <mat-label>{{ i18n.t('orgs.mergeInto') }}</mat-label>
                  <mat-select (selectionChange)="confirmMerge(o, $event.value)" data-testid="org-merge-into">
                    @for (other of page()?.items ?? []; track other.id) {
                      @if (other.id !== o.id) { <mat-option [value]="other">{{ other.nameUk }}</mat-option> }
                    }
                  </mat-select>
                </mat-form-field>
              }
            </div>
            @if (merging()?.source?.id === o.id) {
              <div class="confirm span" role="alertdialog" [attr.aria-label]="i18n.t('orgs.mergeButton')">
                <p>{{ i18n.t('orgs.mergeConfirm', { source: o.nameUk, target: merging()!.target.nameUk }) }}</p>
                <button matButton="filled" type="button" (click)="merge()" [disabled]="busy()" data-testid="org-merge-confirm">{{ i18n.t('orgs.mergeButton') }}</button>
                <button matButton type="button" (click)="merging.set(null)">{{ i18n.t('admin.cancel') }}</button>
              </div>
            }
          </li>
        } @empty {
          <li class="muted">{{ i18n.t('orgs.empty') }}</li>
        }
      </ul>
    </div>
  `,
  styleUrl: '../admin-page.scss',
  styles: `
    h2 { margin-top: 0; }
    .card { margin-bottom: 16px; }
    .search { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .grow { flex: 1 1 280px; }
    .file { position: relative; overflow: hidden; cursor: pointer; }
    .file input { position: absolute; inset: 0; opacity: 0; cursor: pointer; }
    .import { width: 100%; border-collapse: collapse; margin-top: 8px; }
    .import th, .import td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); vertical-align: top; overflow-wrap: anywhere; }
    .import tr.reject td { color: var(--mat-sys-error); }
    .import th:nth-child(1), .import th:nth-child(3), .import td:nth-child(1), .import td:nth-child(3) { white-space: nowrap; }
    .orgs { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
    .orgs li { display: grid; grid-template-columns: minmax(200px, 1fr) minmax(0, 1fr); gap: 12px 24px; }
    @media (max-width: 760px) { .orgs li { grid-template-columns: minmax(0, 1fr); } }
    .inactive { opacity: .8; background: var(--mat-sys-surface-container); }
    .codes { display: flex; flex-wrap: wrap; gap: 6px; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .merge { min-width: 200px; }
    .confirm { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); padding: 8px 12px; border-radius: 8px; }
  `,
})
export class OrganisationsPage {
  protected readonly i18n = inject(I18n);
  protected readonly api = inject(StaffApi);
  protected readonly session = inject(StaffSession);

  protected readonly searchText = signal('');
  private readonly q = signal('');
  protected readonly showInactive = signal(false);
  private readonly pageResource = rxResource({
    params: () => ({ q: this.q() || undefined, all: this.showInactive() ? 'true' : undefined, limit: 200 }),
    stream: ({ params }) => this.api.organisations(params),
  });
  protected readonly page = loaded(this.pageResource);

  protected readonly form = signal<OrganisationFormValue>(EMPTY_FORM);
  protected readonly editing = signal<OrganisationView | null>(null);
  protected readonly merging = signal<{ source: OrganisationListItem; target: OrganisationListItem } | null>(null);
  protected readonly importText = signal('');
  protected readonly importFileName = signal('');
  protected readonly importResult = signal<OrganisationImportResult | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');

  protected search(event: Event): void {
    event.preventDefault();
    this.q.set(this.searchText().trim());
  }

  protected patch(field: keyof OrganisationFormValue, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
    this.form.update((form) => ({ ...form, [field]: value }));
  }

  protected edit(item: OrganisationListItem): void {
    this.error.set(null);
    this.api.organisation(item.id).subscribe({
      next: (organisation) => {
        this.editing.set(organisation);
        this.form.set(toForm(organisation));
      },
      error: (error) => this.error.set(errorText(error, this.i18n)),
    });
  }

  protected cancelEdit(): void {
    this.editing.set(null);
    this.form.set(EMPTY_FORM);
  }

  protected save(event: Event): void {
    event.preventDefault();
    const editing = this.editing();
    const request = fromForm(this.form());
    this.run(editing ? this.api.updateOrganisation(editing.id, request) : this.api.createOrganisation(request), () => this.cancelEdit());
  }

  protected setActive(item: OrganisationListItem, active: boolean): void {
    this.run(this.api.updateOrganisation(item.id, { active }));
  }

  protected confirmMerge(source: OrganisationListItem, target: OrganisationListItem): void {
    this.merging.set({ source, target });
  }

  protected merge(): void {
    const merging = this.merging();
    if (!merging) return;
    this.run(this.api.mergeOrganisation(merging.source.id, merging.target.id), () => this.merging.set(null), this.i18n.t('orgs.merged'));
  }

  protected chooseFile(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.importResult.set(null);
    if (!file) return;
    this.importFileName.set(file.name);
    void file.text().then((text) => this.importText.set(text));
  }

  protected runImport(dryRun: boolean): void {
    this.run(this.api.importOrganisations(this.importText(), dryRun), (result) => this.importResult.set(result), '');
  }

  private run<T>(call: Observable<T>, then?: (result: T) => void, message = this.i18n.t('admin.saved')): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    call.subscribe({
      next: (result) => {
        this.busy.set(false);
        then?.(result);
        if (message) this.notice.set(message);
        this.pageResource.reload();
      },
      error: (error) => {
        this.busy.set(false);
        this.error.set(errorText(error, this.i18n));
      },
    });
  }
}
