import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MAILBOX_AUTH_KINDS, MAILBOX_KINDS, MailboxAuthKind, MailboxInput, MailboxKind, MailboxView } from '@pidtrymka/contracts';
import { I18n } from '../../core/i18n/i18n.service';
import { loaded } from '../core/loaded';
import { PageStatus } from '../core/page-status';
import { StaffApi } from '../core/staff-api.service';

/** The new-mailbox form, as typed. */
interface Draft {
  name: string;
  kind: MailboxKind;
  host: string;
  port: string;
  tls: boolean;
  user: string;
  folder: string;
  dir: string;
  categoryId: number | null;
  fromName: string;
  fromAddress: string;
  authKind: MailboxAuthKind;
  password: string;
  clientId: string;
  tenant: string;
  clientSecret: string;
  refreshToken: string;
  tokenUrl: string;
  ownSmtp: boolean;
  smtpHost: string;
  smtpPort: string;
  smtpSecure: boolean;
  smtpPassword: string;
}

const EMPTY: Draft = {
  name: '', kind: 'imap', host: '', port: '', tls: true, user: '', folder: 'INBOX', dir: '', categoryId: null, fromName: '', fromAddress: '',
  authKind: 'password', password: '', clientId: '', tenant: '', clientSecret: '', refreshToken: '', tokenUrl: '',
  ownSmtp: false, smtpHost: '', smtpPort: '', smtpSecure: false, smtpPassword: '',
};

/**
 * Issue 16 (admins only): the inbound mailboxes besides the server's own — each with its
 * category and sending identity, a password or OAuth2 — and how each is doing (its connection,
 * a failed token refresh). Secrets are written, never shown: only whether they are set.
 */
@Component({
  selector: 'app-mailboxes-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatCheckbox, MatFormField, MatLabel, MatInput, MatSelect, MatOption],
  template: `
    <div class="page wide">
      <h1>{{ i18n.t('mailboxes.title') }}</h1>
      <p class="muted">{{ i18n.t('mailboxes.intro') }}</p>
      <div class="live" role="status" data-testid="mailboxes-notice">{{ notice() }}</div>
      @if (error(); as message) { <p class="error-text" role="alert" data-testid="mailboxes-error">{{ message }}</p> }

      <section aria-labelledby="mailboxes-list-title">
        <h2 id="mailboxes-list-title" class="visually-hidden">{{ i18n.t('mailboxes.title') }}</h2>
        @if (mailboxes()?.length === 0) { <p class="empty" data-testid="mailboxes-empty">{{ i18n.t('mailboxes.empty') }}</p> }
        <ul class="mailboxes">
          @for (m of mailboxes() ?? []; track m.id) {
            <li class="card" [class.inactive]="!m.enabled" data-testid="mailbox-item">
              <div class="head">
                <h3>{{ m.name }}</h3>
                <span class="tag">{{ i18n.tFor('mailboxes.kind', m.kind) }}</span>
                <span class="tag" [class.down]="m.status.state === 'disconnected'" data-testid="mailbox-state">{{ i18n.tFor('mailboxes.state', m.status.state) }}</span>
              </div>
              <p class="small">
                {{ m.fromName }} &lt;{{ m.fromAddress }}&gt; · {{ categoryName(m.categoryId) }} · {{ i18n.tFor('mailboxes.authKind', m.authKind) }}
                @if (m.settings.host) { · {{ m.settings.user }}&#64;{{ m.settings.host }} }
                · SMTP: {{ m.smtp ? m.smtp.host : i18n.t('mailboxes.defaultTransport') }}
              </p>
              @if (m.status.error) { <p class="error-text small">{{ m.status.error }}</p> }
              @if (m.status.tokenError) { <p class="error-text small" data-testid="mailbox-token-error">{{ i18n.t('mailboxes.tokenError', { error: m.status.tokenError }) }}</p> }
              <p class="muted small">
                {{ secretLabel(m) }}:
                {{ secretSet(m) ? i18n.t('mailboxes.set') : i18n.t('mailboxes.notSet') }}
              </p>
              <div class="controls">
                <mat-form-field subscriptSizing="dynamic">
                  <mat-label>{{ i18n.t('mailboxes.newSecret') }}</mat-label>
                  <input matInput type="password" autocomplete="new-password" maxlength="4000" #secret data-testid="mailbox-secret" />
                </mat-form-field>
              </div>
              <div class="actions">
                <button matButton="outlined" type="button" (click)="replaceSecret(m, secret.value); secret.value = ''" [disabled]="busy()">{{ i18n.t('mailboxes.replaceSecret') }}</button>
                <button matButton="outlined" type="button" (click)="update(m, { enabled: !m.enabled })" [attr.aria-label]="(m.enabled ? i18n.t('mailboxes.disable') : i18n.t('mailboxes.enable')) + ': ' + m.name" data-testid="mailbox-toggle">
                  {{ m.enabled ? i18n.t('mailboxes.disable') : i18n.t('mailboxes.enable') }}
                </button>
                <button matButton type="button" (click)="remove(m)" [disabled]="busy()" data-testid="mailbox-delete">{{ i18n.t('admin.delete') }}</button>
              </div>
            </li>
          }
        </ul>
      </section>

      <section class="card" aria-labelledby="new-mailbox-title">
        <h2 id="new-mailbox-title">{{ i18n.t('mailboxes.new') }}</h2>
        <form (submit)="create($event)" novalidate class="form-grid" data-testid="mailbox-form">
          <mat-form-field>
            <mat-label>{{ i18n.t('mailboxes.name') }}</mat-label>
            <input matInput name="name" maxlength="100" required [value]="draft().name" (input)="set('name', $any($event.target).value)" data-testid="mailbox-name" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('mailboxes.kind') }}</mat-label>
            <mat-select [value]="draft().kind" (selectionChange)="set('kind', $event.value)" data-testid="mailbox-kind">
              @for (kind of kinds; track kind) { <mat-option [value]="kind">{{ i18n.tFor('mailboxes.kind', kind) }}</mat-option> }
            </mat-select>
          </mat-form-field>
          @if (draft().kind === 'imap') {
            <mat-form-field>
              <mat-label>{{ i18n.t('mailboxes.host') }}</mat-label>
              <input matInput name="host" maxlength="255" [value]="draft().host" (input)="set('host', $any($event.target).value)" data-testid="mailbox-host" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ i18n.t('mailboxes.port') }}</mat-label>
              <input matInput name="port" inputmode="numeric" maxlength="5" [value]="draft().port" (input)="set('port', $any($event.target).value)" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ i18n.t('mailboxes.user') }}</mat-label>
              <input matInput name="user" maxlength="254" autocomplete="off" [value]="draft().user" (input)="set('user', $any($event.target).value)" data-testid="mailbox-user" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ i18n.t('mailboxes.folder') }}</mat-label>
              <input matInput name="folder" maxlength="200" [value]="draft().folder" (input)="set('folder', $any($event.target).value)" />
            </mat-form-field>
            <mat-checkbox [checked]="draft().tls" (change)="set('tls', $event.checked)">{{ i18n.t('mailboxes.tls') }}</mat-checkbox>
          }
          @if (draft().kind === 'maildir') {
            <mat-form-field class="span">
              <mat-label>{{ i18n.t('mailboxes.dir') }}</mat-label>
              <input matInput name="dir" maxlength="1000" [value]="draft().dir" (input)="set('dir', $any($event.target).value)" />
            </mat-form-field>
          }
          <mat-form-field>
            <mat-label>{{ i18n.t('mailboxes.category') }}</mat-label>
            <mat-select [value]="draft().categoryId" (selectionChange)="set('categoryId', $event.value)" data-testid="mailbox-category">
              <mat-option [value]="null">{{ i18n.t('mailboxes.defaultCategory') }}</mat-option>
              @for (c of categories() ?? []; track c.id) { <mat-option [value]="c.id">{{ c.name }}</mat-option> }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('mailboxes.fromName') }}</mat-label>
            <input matInput name="fromName" maxlength="100" [value]="draft().fromName" (input)="set('fromName', $any($event.target).value)" data-testid="mailbox-from-name" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ i18n.t('mailboxes.fromAddress') }}</mat-label>
            <input matInput name="fromAddress" type="email" maxlength="254" required [value]="draft().fromAddress" (input)="set('fromAddress', $any($event.target).value)" data-testid="mailbox-from-address" />
          </mat-form-field>
          @if (draft().kind === 'imap') {
            <mat-form-field>
              <mat-label>{{ i18n.t('mailboxes.authKind') }}</mat-label>
              <mat-select [value]="draft().authKind" (selectionChange)="set('authKind', $event.value)" data-testid="mailbox-auth">
                @for (kind of authKinds; track kind) { <mat-option [value]="kind">{{ i18n.tFor('mailboxes.authKind', kind) }}</mat-option> }
              </mat-select>
            </mat-form-field>
            @if (draft().authKind === 'password') {
              <mat-form-field>
                <mat-label>{{ i18n.t('mailboxes.password') }}</mat-label>
                <input matInput name="password" type="password" autocomplete="new-password" maxlength="1000" [value]="draft().password" (input)="set('password', $any($event.target).value)" data-testid="mailbox-password" />
              </mat-form-field>
            } @else {
              <mat-form-field>
                <mat-label>{{ i18n.t('mailboxes.clientId') }}</mat-label>
                <input matInput name="clientId" maxlength="200" autocomplete="off" [value]="draft().clientId" (input)="set('clientId', $any($event.target).value)" />
              </mat-form-field>
              @if (draft().authKind === 'oauth2-microsoft') {
                <mat-form-field>
                  <mat-label>{{ i18n.t('mailboxes.tenant') }}</mat-label>
                  <input matInput name="tenant" maxlength="200" [value]="draft().tenant" (input)="set('tenant', $any($event.target).value)" />
                </mat-form-field>
              }
              <mat-form-field>
                <mat-label>{{ i18n.t('mailboxes.clientSecret') }}</mat-label>
                <input matInput name="clientSecret" type="password" autocomplete="new-password" maxlength="2000" [value]="draft().clientSecret" (input)="set('clientSecret', $any($event.target).value)" />
              </mat-form-field>
              @if (draft().authKind === 'oauth2-google') {
                <mat-form-field>
                  <mat-label>{{ i18n.t('mailboxes.refreshToken') }}</mat-label>
                  <input matInput name="refreshToken" type="password" autocomplete="new-password" maxlength="4000" [value]="draft().refreshToken" (input)="set('refreshToken', $any($event.target).value)" />
                </mat-form-field>
              }
              <mat-form-field class="span">
                <mat-label>{{ i18n.t('mailboxes.tokenUrl') }}</mat-label>
                <input matInput name="tokenUrl" type="url" maxlength="2000" [value]="draft().tokenUrl" (input)="set('tokenUrl', $any($event.target).value)" />
              </mat-form-field>
            }
          }
          <mat-checkbox class="span" [checked]="draft().ownSmtp" (change)="set('ownSmtp', $event.checked)" data-testid="mailbox-own-smtp">{{ i18n.t('mailboxes.smtpOwn') }}</mat-checkbox>
          @if (draft().ownSmtp) {
            <mat-form-field>
              <mat-label>{{ i18n.t('mailboxes.smtpHost') }}</mat-label>
              <input matInput name="smtpHost" maxlength="255" [value]="draft().smtpHost" (input)="set('smtpHost', $any($event.target).value)" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ i18n.t('mailboxes.smtpPort') }}</mat-label>
              <input matInput name="smtpPort" inputmode="numeric" maxlength="5" [value]="draft().smtpPort" (input)="set('smtpPort', $any($event.target).value)" />
            </mat-form-field>
            @if (draft().authKind === 'password') {
              <mat-form-field>
                <mat-label>{{ i18n.t('mailboxes.smtpPassword') }}</mat-label>
                <input matInput name="smtpPassword" type="password" autocomplete="new-password" maxlength="1000" [value]="draft().smtpPassword" (input)="set('smtpPassword', $any($event.target).value)" />
              </mat-form-field>
            }
            <mat-checkbox [checked]="draft().smtpSecure" (change)="set('smtpSecure', $event.checked)">{{ i18n.t('mailboxes.smtpSecure') }}</mat-checkbox>
          }
          <div class="actions span">
            <button matButton="filled" type="submit" [disabled]="busy() || !draft().name.trim() || !draft().fromAddress.trim()" data-testid="mailbox-create">{{ i18n.t('mailboxes.create') }}</button>
          </div>
        </form>
      </section>
    </div>
  `,
  styleUrl: '../admin-page.scss',
  styles: `
    h2 { margin-top: 0; }
    .mailboxes { list-style: none; margin: 0 0 24px; padding: 0; display: flex; flex-direction: column; gap: 12px; }
    .head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
    .head h3 { margin: 0; font-size: 16px; }
    .down { color: var(--mat-sys-error); }
    .inactive { background: var(--mat-sys-surface-container); }
    .controls { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 8px; }
    .controls mat-form-field { flex: 1 1 240px; }
    .small { font-size: 13px; margin: 8px 0 0; overflow-wrap: anywhere; }
  `,
})
export class MailboxesPage {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(StaffApi);

  protected readonly kinds = MAILBOX_KINDS;
  protected readonly authKinds = MAILBOX_AUTH_KINDS;
  private readonly mailboxesResource = rxResource({ stream: () => this.api.mailboxes() });
  protected readonly mailboxes = loaded(this.mailboxesResource);
  private readonly categoriesResource = rxResource({ stream: () => this.api.categories() });
  protected readonly categories = loaded(this.categoriesResource);
  private readonly categoryNames = computed(() => new Map((this.categories() ?? []).map((c) => [c.id, c.name])));

  protected readonly draft = signal<Draft>({ ...EMPTY });
  private readonly status = new PageStatus(this.i18n);
  protected readonly busy = this.status.busy;
  protected readonly error = this.status.error;
  protected readonly notice = this.status.notice;

  protected set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    this.draft.update((draft) => ({ ...draft, [key]: value }));
  }

  protected categoryName(id: number | null): string {
    return (id !== null && this.categoryNames().get(id)) || this.i18n.t('mailboxes.defaultCategory');
  }

  /** The one secret an admin replaces from the list: the login's. */
  protected secretLabel(m: MailboxView): string {
    return m.authKind === 'password' ? this.i18n.t('mailboxes.password') : this.i18n.t('mailboxes.clientSecret');
  }

  protected secretSet(m: MailboxView): boolean {
    return m.authKind === 'password' ? m.passwordSet : m.clientSecretSet;
  }

  protected create(event: Event): void {
    event.preventDefault();
    if (this.busy()) return;
    const d = this.draft();
    const port = (value: string) => (value.trim() ? Number(value) : undefined);
    const oauth = d.kind === 'imap' && d.authKind !== 'password';
    const request: MailboxInput = {
      name: d.name.trim(),
      kind: d.kind,
      settings: d.kind === 'imap' ? { host: d.host.trim(), port: port(d.port), tls: d.tls, user: d.user.trim(), folder: d.folder.trim() || 'INBOX' } : d.kind === 'maildir' && d.dir.trim() ? { dir: d.dir.trim() } : {},
      categoryId: d.categoryId,
      fromName: d.fromName.trim(),
      fromAddress: d.fromAddress.trim(),
      authKind: d.kind === 'imap' ? d.authKind : 'password',
      ...(d.kind === 'imap' && d.authKind === 'password' && d.password ? { password: d.password } : {}),
      ...(oauth ? { oauth: { clientId: d.clientId.trim(), tenant: d.tenant.trim() || undefined, tokenUrl: d.tokenUrl.trim() || undefined }, clientSecret: d.clientSecret } : {}),
      ...(oauth && d.authKind === 'oauth2-google' ? { refreshToken: d.refreshToken } : {}),
      smtp: d.ownSmtp ? { host: d.smtpHost.trim(), port: port(d.smtpPort), secure: d.smtpSecure } : null,
      ...(d.ownSmtp && !oauth && d.smtpPassword ? { smtpPassword: d.smtpPassword } : {}),
    };
    this.status.run(this.api.createMailbox(request), () => {
      this.draft.set({ ...EMPTY });
      this.notice.set(this.i18n.t('admin.saved'));
      this.mailboxesResource.reload();
    });
  }

  protected update(m: MailboxView, request: MailboxInput): void {
    this.status.run(
      this.api.updateMailbox(m.id, request),
      () => {
        this.notice.set(this.i18n.t('admin.saved'));
        this.mailboxesResource.reload();
      },
      () => this.mailboxesResource.reload(),
    );
  }

  protected replaceSecret(m: MailboxView, value: string): void {
    if (!value) return;
    this.update(m, m.authKind === 'password' ? { password: value } : { clientSecret: value });
  }

  protected remove(m: MailboxView): void {
    if (!confirm(this.i18n.t('mailboxes.deleteConfirm', { name: m.name }))) return;
    this.status.run(this.api.deleteMailbox(m.id), () => {
      this.notice.set(this.i18n.t('admin.saved'));
      this.mailboxesResource.reload();
    });
  }
}
