import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { Locale, NEW_REQUEST_EMAILS, STAFF_ROLES, StaffAccountView, StaffRole, SUPPORTED_LOCALES, UpdateStaffRequest } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { loaded } from '../core/loaded';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';

/** Staff accounts (admins only): create, change role, language and categories, deactivate, reset two-factor sign-in. */
@Component({
  selector: 'app-staff-accounts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('accounts.title') }}</h1>
      <div class="live" role="status" data-testid="accounts-notice">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert">{{ message }}</p> }

      <section class="card" aria-labelledby="new-account-title">
        <h2 id="new-account-title">{{ i18n.t('accounts.new') }}</h2>
        <form (submit)="create($event)" novalidate class="form-grid" data-testid="account-form">
          <mat-form-field>
            <mat-label>{{ i18n.t('accounts.name') }}</mat-label>
            <input matInput name="name" maxlength="100" required [value]="name()" (input)="name.set($any($event.target).value)" data-testid="account-name" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('accounts.email') }}</mat-label>
            <input matInput type="email" name="email" maxlength="254" required autocomplete="off" [value]="email()" (input)="email.set($any($event.target).value)" data-testid="account-email" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('accounts.role') }}</mat-label>
            <mat-select [value]="role()" (selectionChange)="role.set($event.value)" data-testid="account-role">
              @for (r of roles; track r) { <mat-option [value]="r">{{ i18n.tFor('admin.role', r) }}</mat-option> }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('accounts.locale') }}</mat-label>
            <mat-select [value]="locale()" (selectionChange)="locale.set($event.value)">
              @for (l of locales; track l) { <mat-option [value]="l">{{ l === 'uk' ? i18n.t('app.languageUk') : i18n.t('app.languageEn') }}</mat-option> }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('accounts.categories') }}</mat-label>
            <mat-select multiple [value]="categoryIds()" (selectionChange)="categoryIds.set($event.value)" [disabled]="role() === 'admin'" data-testid="account-categories">
              @for (c of categories() ?? []; track c.id) { <mat-option [value]="c.id">{{ c.name }}</mat-option> }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('accounts.password') }}</mat-label>
            <input matInput type="password" name="password" autocomplete="new-password" maxlength="200" [value]="password()" (input)="password.set($any($event.target).value)" />
            <mat-hint>{{ i18n.t('accounts.passwordHint') }}</mat-hint>
          </mat-form-field>
          <div class="actions span">
            <button matButton="filled" type="submit" [disabled]="busy() || !name().trim() || !email().trim()" data-testid="account-create">{{ i18n.t('accounts.create') }}</button>
          </div>
        </form>
        @if (generated(); as g) { <p class="generated" role="alert" data-testid="generated-password">{{ i18n.t('accounts.generated', g) }}</p> }
      </section>

      <section aria-labelledby="accounts-list-title">
        <h2 id="accounts-list-title" class="visually-hidden">{{ i18n.t('accounts.title') }}</h2>
        <p class="muted" data-testid="new-request-emails-hint">{{ i18n.t('accounts.newRequestEmailsHint') }}</p>
        <ul class="accounts">
          @for (a of accounts() ?? []; track a.id) {
            <li class="card" [class.inactive]="!a.active" data-testid="account-item">
              <div class="who">
                <h3>{{ a.name }}</h3>
                <span class="muted">{{ a.email }}</span>
                <span class="tags">
                  <span class="tag">{{ a.active ? i18n.t('accounts.active') : i18n.t('accounts.inactive') }}</span>
                  <span class="tag">{{ a.totpEnabled ? i18n.t('accounts.totpOn') : i18n.t('accounts.totpOff') }}</span>
                </span>
              </div>
              <div class="controls">
                <mat-form-field subscriptSizing="dynamic">
                  <mat-label>{{ i18n.t('accounts.role') }}</mat-label>
                  <mat-select [value]="a.role" (selectionChange)="update(a, { role: $event.value })" [disabled]="a.id === me()">
                    @for (r of roles; track r) { <mat-option [value]="r">{{ i18n.tFor('admin.role', r) }}</mat-option> }
                  </mat-select>
                </mat-form-field>
                <mat-form-field subscriptSizing="dynamic">
                  <mat-label>{{ i18n.t('accounts.categories') }}</mat-label>
                  <mat-select multiple [value]="a.categoryIds" (selectionChange)="update(a, { categoryIds: $event.value })" [disabled]="a.role === 'admin'"
                    [placeholder]="a.role === 'admin' ? i18n.t('accounts.allCategories') : ''">
                    @for (c of categories() ?? []; track c.id) { <mat-option [value]="c.id">{{ c.name }}</mat-option> }
                  </mat-select>
                </mat-form-field>
                <mat-form-field subscriptSizing="dynamic">
                  <mat-label>{{ i18n.t('accounts.locale') }}</mat-label>
                  <mat-select [value]="a.locale" (selectionChange)="update(a, { locale: $event.value })">
                    @for (l of locales; track l) { <mat-option [value]="l">{{ l === 'uk' ? i18n.t('app.languageUk') : i18n.t('app.languageEn') }}</mat-option> }
                  </mat-select>
                </mat-form-field>
                <mat-form-field subscriptSizing="dynamic">
                  <mat-label>{{ i18n.t('accounts.newRequestEmails') }}</mat-label>
                  <mat-select [value]="a.newRequestEmails" (selectionChange)="update(a, { newRequestEmails: $event.value })" data-testid="account-new-request-emails">
                    @for (n of newRequestEmails; track n) { <mat-option [value]="n">{{ i18n.tFor('accounts.newRequestEmails', n) }}</mat-option> }
                  </mat-select>
                </mat-form-field>
              </div>
              <div class="actions">
                @if (a.id !== me()) {
                  <button matButton="outlined" type="button" (click)="update(a, { active: !a.active })" [attr.aria-label]="(a.active ? i18n.t('accounts.deactivate') : i18n.t('accounts.activate')) + ': ' + a.name">
                    {{ a.active ? i18n.t('accounts.deactivate') : i18n.t('accounts.activate') }}
                  </button>
                }
                @if (a.totpEnabled) {
                  <button matButton type="button" (click)="update(a, { resetTotp: true }, i18n.t('accounts.resetTotpDone'))" [attr.aria-label]="i18n.t('accounts.resetTotp') + ': ' + a.name">{{ i18n.t('accounts.resetTotp') }}</button>
                }
              </div>
            </li>
          }
        </ul>
      </section>
    </div>
  `,
  styleUrl: '../admin-page.scss',
  styles: `
    h2 { margin-top: 0; }
    .generated { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); padding: 8px 12px; border-radius: 8px; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
    .accounts { list-style: none; margin: 24px 0 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
    .accounts li { display: grid; grid-template-columns: minmax(200px, 1fr) minmax(0, 2fr); gap: 12px 24px; align-items: start; }
    .accounts li .actions { grid-column: 1 / -1; margin-top: 0; }
    @media (max-width: 760px) { .accounts li { grid-template-columns: minmax(0, 1fr); } }
    .inactive { opacity: .8; background: var(--mat-sys-surface-container); }
    .tags { display: flex; flex-wrap: wrap; gap: 6px; }
    .controls { display: flex; flex-wrap: wrap; gap: 12px; }
    .controls mat-form-field { flex: 1 1 180px; }
  `,
})
export class StaffAccountsPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);
  private readonly session = inject(StaffSession);

  protected readonly roles = STAFF_ROLES;
  protected readonly locales = SUPPORTED_LOCALES;
  protected readonly newRequestEmails = NEW_REQUEST_EMAILS;
  protected readonly me = computed(() => this.session.me()?.id);
  private readonly accountsResource = rxResource({ stream: () => this.api.accounts() });
  protected readonly accounts = loaded(this.accountsResource);
  protected readonly categories = loaded(rxResource({ params: () => ({ locale: this.i18n.locale() }), stream: () => this.api.categories() }));

  protected readonly name = signal('');
  protected readonly email = signal('');
  protected readonly role = signal<StaffRole>('agent');
  protected readonly locale = signal<Locale>('uk');
  protected readonly categoryIds = signal<number[]>([]);
  protected readonly password = signal('');
  protected readonly generated = signal<{ email: string; password: string } | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');

  protected create(event: Event): void {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.generated.set(null);
    const email = this.email().trim();
    this.api
      .createAccount({
        name: this.name().trim(),
        email,
        role: this.role(),
        locale: this.locale(),
        ...(this.role() === 'agent' ? { categoryIds: this.categoryIds() } : {}),
        ...(this.password() ? { password: this.password() } : {}),
      })
      .subscribe({
        next: (created) => {
          this.busy.set(false);
          if (created.password) this.generated.set({ email, password: created.password });
          this.name.set('');
          this.email.set('');
          this.password.set('');
          this.categoryIds.set([]);
          this.notice.set(this.i18n.t('admin.saved'));
          this.accountsResource.reload();
        },
        error: (error) => {
          this.busy.set(false);
          this.error.set(errorText(error, this.i18n));
        },
      });
  }

  protected update(account: StaffAccountView, request: UpdateStaffRequest, message = this.i18n.t('admin.saved')): void {
    this.error.set(null);
    this.api.updateAccount(account.id, request).subscribe({
      next: () => {
        this.notice.set(message);
        this.accountsResource.reload();
      },
      error: (error) => {
        this.error.set(errorText(error, this.i18n));
        this.accountsResource.reload();
      },
    });
  }
}
