import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { FIELD_LIMITS, MyRequestsQuery, MyRequestsSort, SIGN_IN_LINK_MINUTES, TICKET_STATUSES, TicketStatus } from '@pidtrymka/contracts';
import { catchError, of } from 'rxjs';
import { apiError } from '../../core/api/api-error';
import { PortalApi } from '../../core/api/portal-api.service';
import { I18n } from '../../core/i18n/i18n.service';

const PAGE_SIZE = 20;

/**
 * Issue 18, "My requests": signed out, the form that e-mails a sign-in link; signed in, the
 * address's requests with search, status filter, sort and pages, and (issue 18) colleagues'
 * requests shared with their organisation, marked with their author. Each opens the request page
 * through the session (tracking ID alone): the server decides, at each call, what this address may see.
 */
@Component({
  selector: 'app-my-requests-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <div class="page">
      <h1>{{ i18n.t('mine.title') }}</h1>
      @if (session.isLoading()) {
        <p class="muted" role="status">{{ i18n.t('app.loading') }}</p>
      } @else if (session.value(); as s) {
        <div class="who">
          <span data-testid="mine-who">{{ i18n.t('mine.signedInAs', { email: s.email }) }}</span>
          <button mat-button type="button" (click)="signOut(false)" data-testid="mine-sign-out">{{ i18n.t('mine.signOut') }}</button>
          <button mat-button type="button" (click)="signOut(true)" data-testid="mine-sign-out-everywhere">{{ i18n.t('mine.signOutEverywhere') }}</button>
        </div>
        <form class="filters" [formGroup]="filters" (ngSubmit)="apply()" role="search">
          <mat-form-field appearance="outline">
            <mat-label>{{ i18n.t('mine.search') }}</mat-label>
            <input matInput formControlName="q" maxlength="100" autocomplete="off" data-testid="mine-search" />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ i18n.t('mine.status') }}</mat-label>
            <mat-select formControlName="status" data-testid="mine-status">
              <mat-option value="">{{ i18n.t('mine.allStatuses') }}</mat-option>
              @for (status of statuses; track status) { <mat-option [value]="status">{{ i18n.tFor('status', status) }}</mat-option> }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ i18n.t('mine.sort') }}</mat-label>
            <mat-select formControlName="sort" data-testid="mine-sort">
              <mat-option value="updated">{{ i18n.t('mine.sortUpdated') }}</mat-option>
              <mat-option value="created">{{ i18n.t('mine.sortCreated') }}</mat-option>
            </mat-select>
          </mat-form-field>
          <button mat-flat-button type="submit" data-testid="mine-apply">{{ i18n.t('mine.apply') }}</button>
        </form>
        @if (listError(); as message) {
          <p class="error-text" role="alert">{{ message }}</p>
        } @else if (list.value(); as page) {
          <p class="muted" role="status" data-testid="mine-total">{{ i18n.t(page.totalCapped ? 'mine.totalMore' : 'mine.total', { count: page.total }) }}</p>
          @if (page.items.length === 0) {
            <p data-testid="mine-empty">{{ i18n.t('mine.empty') }}</p>
          } @else {
            <table class="requests card" data-testid="mine-list">
              <thead>
                <tr>
                  <th scope="col">{{ i18n.t('mine.subject') }}</th>
                  <th scope="col">{{ i18n.t('mine.trackingId') }}</th>
                  <th scope="col">{{ i18n.t('mine.status') }}</th>
                  <th scope="col">{{ i18n.t('mine.updated') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (r of page.items; track r.trackingId) {
                  <tr data-testid="mine-row">
                    <td>
                      <a routerLink="/ticket" [queryParams]="{ track: r.trackingId }" data-testid="mine-open">{{ r.subject }}</a>
                      @if (!r.mine) { <br /><span class="colleague" data-testid="mine-colleague">{{ i18n.t('mine.colleague', { name: r.authorName ?? '' }) }}</span> }
                    </td>
                    <td class="nowrap">{{ r.trackingId }}</td>
                    <td><span class="status" [attr.data-status]="r.status">{{ i18n.tFor('status', r.status) }}</span></td>
                    <td class="nowrap">{{ i18n.formatDateTime(r.updatedAt) }}</td>
                  </tr>
                }
              </tbody>
            </table>
            @if (pages() > 1) {
              <nav class="pager" [attr.aria-label]="i18n.t('mine.page', { page: page.page, pages: pages() })">
                <button mat-button type="button" [disabled]="page.page <= 1" (click)="goTo(page.page - 1)">{{ i18n.t('mine.previous') }}</button>
                <span>{{ i18n.t('mine.page', { page: page.page, pages: pages() }) }}</span>
                <button mat-button type="button" [disabled]="page.page >= pages()" (click)="goTo(page.page + 1)">{{ i18n.t('mine.next') }}</button>
              </nav>
            }
          }
        } @else {
          <p class="muted" role="status">{{ i18n.t('app.loading') }}</p>
        }
      } @else if (sentTo(); as email) {
        <p class="card narrow" role="status" data-testid="mine-link-sent">{{ i18n.t('mine.linkSent', { email }) }}</p>
      } @else {
        <form class="card narrow" [formGroup]="signIn" (ngSubmit)="sendLink()" novalidate>
          <p>{{ i18n.t('mine.signInText', { minutes }) }}</p>
          <mat-form-field appearance="outline" class="full-width">
            <mat-label>{{ i18n.t('mine.email') }}</mat-label>
            <input matInput type="email" formControlName="email" required autocomplete="email" [maxlength]="emailMax" data-testid="mine-email" />
            @if (signIn.controls.email.errors?.['required']) { <mat-error>{{ i18n.t('field.required') }}</mat-error> }
            @else if (signIn.controls.email.errors?.['email']) { <mat-error>{{ i18n.t('field.email') }}</mat-error> }
          </mat-form-field>
          <p class="error-text" role="alert">{{ sendError() }}</p>
          <div class="actions">
            <button mat-flat-button type="submit" [disabled]="sending()" data-testid="mine-send-link">{{ i18n.t('mine.sendLink') }}</button>
          </div>
        </form>
      }
    </div>
  `,
  styles: `
    .narrow { max-width: 560px; }
    .who { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 16px; }
    .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: baseline; }
    .filters mat-form-field:first-child { flex: 1 1 320px; }
    .requests { width: 100%; border-collapse: collapse; }
    .requests th, .requests td { text-align: left; padding: 8px; border-bottom: 1px solid rgba(0, 0, 0, 0.12); vertical-align: top; }
    .requests td:first-child { overflow-wrap: anywhere; }
    .nowrap { white-space: nowrap; }
    .colleague { font-size: 0.875em; color: var(--mat-sys-on-surface-variant, rgba(0, 0, 0, 0.7)); }
    .pager { display: flex; gap: 12px; align-items: center; margin-top: 12px; }
    .error-text:empty { display: none; }
  `,
})
export class MyRequestsPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(PortalApi);
  protected readonly statuses = TICKET_STATUSES;
  protected readonly minutes = SIGN_IN_LINK_MINUTES;
  protected readonly emailMax = FIELD_LIMITS.emailMaxLength;

  /** Null when signed out (401): the sign-in form shows. */
  protected readonly session = rxResource({ stream: () => this.api.participantSession().pipe(catchError(() => of(null))) });

  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly filters = this.fb.group({ q: [''], status: this.fb.control<TicketStatus | ''>(''), sort: this.fb.control<MyRequestsSort>('updated') });
  private readonly query = signal<MyRequestsQuery>({ sort: 'updated', page: 1, pageSize: PAGE_SIZE });
  protected readonly list = rxResource({
    params: () => (this.session.value() ? { ...this.query(), locale: this.i18n.locale() } : undefined),
    stream: ({ params }) => this.api.myRequests({ q: params.q, status: params.status, sort: params.sort, page: params.page, pageSize: params.pageSize }),
  });
  protected readonly listError = computed(() => {
    const error = this.list.error();
    return error ? (apiError(error)?.message ?? this.i18n.t('app.networkError')) : null;
  });
  protected readonly pages = computed(() => {
    const page = this.list.value();
    return page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  });

  protected readonly signIn = this.fb.group({ email: ['', [Validators.required, Validators.email]] });
  protected readonly sending = signal(false);
  protected readonly sentTo = signal<string | null>(null);
  protected readonly sendError = signal<string | null>(null);

  protected apply(): void {
    const { q, status, sort } = this.filters.getRawValue();
    this.query.set({ q: q.trim() || undefined, status: status || undefined, sort, page: 1, pageSize: PAGE_SIZE });
  }

  protected goTo(page: number): void {
    this.query.update((query) => ({ ...query, page }));
  }

  protected sendLink(): void {
    if (this.signIn.invalid) {
      this.signIn.markAllAsTouched();
      return;
    }
    const email = this.signIn.getRawValue().email.trim();
    this.sending.set(true);
    this.sendError.set(null);
    this.api.sendSignInLink(email).subscribe({
      next: () => this.sentTo.set(email),
      error: (error: unknown) => {
        this.sending.set(false);
        this.sendError.set(apiError(error)?.message ?? this.i18n.t('app.networkError'));
      },
    });
  }

  protected signOut(everywhere: boolean): void {
    const session = this.session.value();
    if (!session) return;
    this.api.participantSignOut(session.csrfToken, everywhere).subscribe({
      next: () => this.session.set(null),
      error: () => this.session.reload(),
    });
  }
}
