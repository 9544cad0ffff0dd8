import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { NEW_REQUEST_EMAILS, type NewRequestEmails, type TotpSetupView } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { errorText } from '../core/errors';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';

/** One's own password and two-factor sign-in (the code then asked for at sign-in). */
@Component({
  selector: 'app-profile-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatFormField, MatLabel, MatInput, MatSelect, MatOption],
  template: `
    <div class="page">
      <h1>{{ i18n.t('profile.title') }}</h1>
      <p>{{ session.me()?.name }} · {{ session.me()?.email }} · {{ i18n.tFor('admin.role', session.me()?.role ?? 'agent') }}</p>
      <div class="live" role="status">{{ notice() }}</div>

      <section class="card" aria-labelledby="password-title">
        <h2 id="password-title">{{ i18n.t('profile.password') }}</h2>
        <form (submit)="changePassword($event)" novalidate>
          <input type="email" name="username" autocomplete="username" [value]="session.me()?.email ?? ''" hidden />
          <mat-form-field class="full-width">
            <mat-label>{{ i18n.t('profile.currentPassword') }}</mat-label>
            <input matInput type="password" autocomplete="current-password" required [value]="current()" (input)="current.set($any($event.target).value)" />
          </mat-form-field>
          <mat-form-field class="full-width">
            <mat-label>{{ i18n.t('profile.newPassword') }}</mat-label>
            <input matInput type="password" autocomplete="new-password" minlength="10" required [value]="next()" (input)="next.set($any($event.target).value)" />
          </mat-form-field>
          @if (passwordError(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
          <button matButton="filled" type="submit" [disabled]="busy() || !current() || !next()">{{ i18n.t('profile.changePassword') }}</button>
        </form>
      </section>

      <section class="card" aria-labelledby="notices-title">
        <h2 id="notices-title">{{ i18n.t('profile.notices') }}</h2>
        <p class="small">{{ i18n.t('profile.noticesIntro') }}</p>
        <mat-form-field>
          <mat-label>{{ i18n.t('accounts.newRequestEmails') }}</mat-label>
          <mat-select [value]="session.me()?.newRequestEmails" (selectionChange)="chooseNotices($event.value)" [disabled]="busy()" data-testid="profile-new-request-emails">
            @for (n of newRequestEmails; track n) { <mat-option [value]="n">{{ i18n.tFor('accounts.newRequestEmails', n) }}</mat-option> }
          </mat-select>
        </mat-form-field>
        @if (noticesError(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
      </section>

      <section class="card" aria-labelledby="totp-title">
        <h2 id="totp-title">{{ i18n.t('profile.totp') }}</h2>
        @if (recoveryCodes(); as codes) {
          <h3>{{ i18n.t('profile.recoveryCodes') }}</h3>
          <p>{{ i18n.t('profile.recoveryIntro') }}</p>
          <ul class="codes" data-testid="recovery-codes">@for (c of codes; track c) { <li>{{ c }}</li> }</ul>
        } @else if (session.me()?.totpEnabled) {
          <p>{{ i18n.t('profile.totpOn') }}</p>
        } @else if (setup(); as s) {
          <p>{{ i18n.t('profile.totpSecret') }}: <code class="secret" data-testid="totp-secret">{{ s.secret }}</code></p>
          <p class="small">{{ i18n.t('profile.totpUrl') }}: <code class="url">{{ s.otpauthUrl }}</code></p>
          <form (submit)="enable($event)" novalidate>
            <mat-form-field>
              <mat-label>{{ i18n.t('profile.totpCode') }}</mat-label>
              <input matInput inputmode="numeric" autocomplete="one-time-code" maxlength="6" required [value]="code()" (input)="code.set($any($event.target).value)" data-testid="totp-code" />
            </mat-form-field>
            <button matButton="filled" type="submit" [disabled]="busy() || !code()" data-testid="totp-enable">{{ i18n.t('profile.totpEnable') }}</button>
          </form>
        } @else {
          <p>{{ i18n.t('profile.totpOff') }}</p>
          <button matButton="filled" type="button" (click)="startSetup()" [disabled]="busy()" data-testid="totp-start">{{ i18n.t('profile.totpStart') }}</button>
        }
        @if (totpError(); as message) { <p class="error-text" role="alert">{{ message }}</p> }
      </section>
    </div>
  `,
  styleUrl: '../admin-page.scss',
  styles: `
    .card { margin-bottom: 16px; }
    h2 { margin-top: 0; }
    form { display: flex; flex-direction: column; align-items: flex-start; gap: 4px; }
    .secret { font-size: 18px; letter-spacing: .08em; overflow-wrap: anywhere; }
    .url { overflow-wrap: anywhere; }
    .codes { columns: 2; font-family: ui-monospace, monospace; }
  `,
})
export class ProfilePage {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(StaffSession);
  private readonly api = inject(StaffApi);

  protected readonly current = signal('');
  protected readonly next = signal('');
  protected readonly code = signal('');
  protected readonly setup = signal<TotpSetupView | null>(null);
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly notice = signal('');
  protected readonly passwordError = signal<string | null>(null);
  protected readonly totpError = signal<string | null>(null);
  protected readonly noticesError = signal<string | null>(null);
  protected readonly newRequestEmails = NEW_REQUEST_EMAILS;

  /** Issue 17: which e-mails about requests one gets, saved at once. */
  protected chooseNotices(value: NewRequestEmails): void {
    this.busy.set(true);
    this.noticesError.set(null);
    this.api.updateOwnProfile({ newRequestEmails: value }).subscribe({
      next: ({ newRequestEmails }) => {
        this.busy.set(false);
        const session = this.session.session();
        if (session) this.session.session.set({ ...session, staff: { ...session.staff, newRequestEmails } });
        this.notice.set(this.i18n.t('admin.saved'));
      },
      error: (error) => {
        this.busy.set(false);
        this.noticesError.set(errorText(error, this.i18n));
      },
    });
  }

  protected changePassword(event: Event): void {
    event.preventDefault();
    this.busy.set(true);
    this.passwordError.set(null);
    this.api.changePassword({ currentPassword: this.current(), newPassword: this.next() }).subscribe({
      next: () => {
        this.busy.set(false);
        this.current.set('');
        this.next.set('');
        this.notice.set(this.i18n.t('profile.passwordChanged'));
      },
      error: (error) => {
        this.busy.set(false);
        this.passwordError.set(errorText(error, this.i18n));
      },
    });
  }

  protected startSetup(): void {
    this.busy.set(true);
    this.totpError.set(null);
    this.api.setUpTotp().subscribe({
      next: (setup) => {
        this.busy.set(false);
        this.setup.set(setup);
      },
      error: (error) => {
        this.busy.set(false);
        this.totpError.set(errorText(error, this.i18n));
      },
    });
  }

  protected enable(event: Event): void {
    event.preventDefault();
    this.busy.set(true);
    this.totpError.set(null);
    this.api.enableTotp(this.code().trim()).subscribe({
      next: ({ recoveryCodes }) => {
        this.busy.set(false);
        this.recoveryCodes.set(recoveryCodes);
        const session = this.session.session();
        if (session) this.session.session.set({ ...session, staff: { ...session.staff, totpEnabled: true } });
      },
      error: (error) => {
        this.busy.set(false);
        this.totpError.set(errorText(error, this.i18n));
      },
    });
  }
}
