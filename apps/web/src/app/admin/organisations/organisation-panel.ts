import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { OrganisationListItem, OrganisationSummary } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';

/**
 * Issue 18: the request page's organisation: its name, codes and people, its other requests
 * (only those this staff member may see: the API filters them by their categories), the
 * suggestion when the request is not linked, and the control to set or change it.
 */
@Component({
  selector: 'app-organisation-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatFormField, MatLabel, MatInput, MatSelect, MatOption, RouterLink],
  template: `
    <section class="card" aria-labelledby="organisation-title" data-testid="organisation-panel">
      <h2 id="organisation-title">{{ i18n.t('orgPanel.title') }}</h2>
      @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
      @if (panel(); as p) {
        @if (p.organisation; as o) {
          <p class="name" data-testid="organisation-name">{{ i18n.locale() === 'en' && o.nameEn ? o.nameEn : o.nameUk }}</p>
          <dl>
            @if (o.edrpou) { <dt>{{ i18n.t('orgs.edrpou') }}</dt><dd>{{ o.edrpou }}</dd> }
            @if (o.eic) { <dt>EIC</dt><dd>{{ o.eic }}</dd> }
          </dl>
          @if (o.contacts.length) {
            <h3>{{ i18n.t('orgPanel.contacts') }}</h3>
            <ul class="plain">
              @for (c of o.contacts; track c.id) { <li>{{ c.name || c.email }} @if (c.name) { <span class="muted">{{ c.email }}</span> } @if (c.phone) { <span class="muted">{{ c.phone }}</span> }</li> }
            </ul>
          }
          <h3>{{ i18n.t('orgPanel.otherRequests') }}</h3>
          <ul class="plain" data-testid="organisation-requests">
            @for (r of p.otherTickets; track r.trackingId) {
              <li><a [routerLink]="['/admin/tickets', r.trackingId]">#{{ r.number }} {{ r.subject }}</a> <span class="muted">{{ i18n.tFor('status', r.status) }}</span></li>
            } @empty {
              <li class="muted">{{ i18n.t('orgPanel.noOtherRequests') }}</li>
            }
          </ul>
          <a matButton routerLink="/admin/tickets" [queryParams]="{ organisationId: o.id, status: 'all' }">{{ i18n.t('orgPanel.allRequests') }}</a>
        } @else {
          <p class="muted">{{ i18n.t('orgPanel.none') }}</p>
          @if (p.suggested; as s) {
            <p data-testid="organisation-suggested">{{ i18n.t('orgPanel.suggested', { name: s.nameUk }) }}</p>
            <button matButton="filled" type="button" (click)="link(s.id)" [disabled]="busy()" data-testid="organisation-accept">{{ i18n.t('orgPanel.accept') }}</button>
          }
        }
        <form class="change" role="search" (submit)="find($event)">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ i18n.t('orgPanel.find') }}</mat-label>
            <input matInput type="search" name="q" maxlength="200" [value]="query()" (input)="query.set($any($event.target).value)" data-testid="organisation-find" />
          </mat-form-field>
          <button matButton type="submit">{{ i18n.t('orgs.searchButton') }}</button>
        </form>
        @if (found().length) {
          <mat-form-field class="full-width" subscriptSizing="dynamic">
            <mat-label>{{ i18n.t('orgPanel.change') }}</mat-label>
            <mat-select (selectionChange)="link($event.value)" data-testid="organisation-choose">
              @for (o of found(); track o.id) { <mat-option [value]="o.id">{{ o.nameUk }}{{ o.edrpou ? ' · ' + o.edrpou : '' }}</mat-option> }
            </mat-select>
          </mat-form-field>
        }
        @if (p.organisation) { <button matButton type="button" (click)="link(null)" [disabled]="busy()" data-testid="organisation-unlink">{{ i18n.t('orgPanel.unlink') }}</button> }
      }
    </section>
  `,
  styles: `
    h2 { margin-top: 0; }
    h3 { font-size: 14px; margin: 12px 0 4px; }
    .name { font-weight: 600; margin: 0 0 4px; overflow-wrap: anywhere; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 0; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font-family: ui-monospace, monospace; }
    .plain { list-style: none; margin: 0 0 8px; padding: 0; display: flex; flex-direction: column; gap: 4px; overflow-wrap: anywhere; }
    .muted { margin-left: 4px; }
    .change { display: flex; gap: 8px; align-items: center; margin-top: 12px; }
    .full-width { width: 100%; }
  `,
})
export class OrganisationPanel {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);

  readonly trackingId = input.required<string>();
  /** Asks the page to reload the request (its organisation changed). */
  readonly changed = output<void>();
  /** The request's organisation as loaded (null: none), for what the page compares with it: signers' ЄДРПОУ (issue 20). */
  readonly organisationLoaded = output<OrganisationSummary | null>();

  private readonly panelResource = rxResource({ params: () => this.trackingId(), stream: ({ params }) => this.api.ticketOrganisation(params) });
  protected readonly panel = loaded(this.panelResource);
  private readonly tellLoaded = effect(() => {
    const panel = this.panel();
    if (panel) this.organisationLoaded.emit(panel.organisation);
  });
  protected readonly query = signal('');
  protected readonly found = signal<OrganisationListItem[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected find(event: Event): void {
    event.preventDefault();
    const q = this.query().trim();
    if (!q) return;
    this.api.organisations({ q, limit: 20 }).subscribe({
      next: (page) => this.found.set(page.items),
      error: (error) => this.error.set(errorText(error, this.i18n)),
    });
  }

  protected link(organisationId: number | null): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.api.updateTicket(this.trackingId(), { organisationId }).subscribe({
      next: () => {
        this.busy.set(false);
        this.found.set([]);
        this.query.set('');
        this.panelResource.reload();
        this.changed.emit();
      },
      error: (error) => {
        this.busy.set(false);
        this.error.set(errorText(error, this.i18n));
      },
    });
  }
}
