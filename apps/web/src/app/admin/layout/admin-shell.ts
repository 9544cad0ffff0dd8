import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import type { MailProblemCounts } from '@pidtrymka/contracts';
import { filter } from 'rxjs';
import { I18n } from '../../core/i18n/i18n.service';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';
import { KeyboardShortcuts } from '../core/keyboard-shortcuts.service';

/** The workspace's frame: who is signed in, the sections (admins see more), sign-out. */
@Component({
  selector: 'app-admin-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatButton],
  template: `
    <div class="workspace">
      <div class="bar">
        <nav class="sections" [attr.aria-label]="i18n.t('admin.nav')">
          <a routerLink="/admin/tickets" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-queue">{{ i18n.t('admin.nav.queue') }}</a>
          <a routerLink="/admin/canned-responses" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-canned">{{ i18n.t('admin.nav.canned') }}</a>
          <a routerLink="/admin/organisations" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-organisations">{{ i18n.t('admin.nav.organisations') }}</a>
          <a routerLink="/admin/reports" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-reports">{{ i18n.t('admin.nav.reports') }}</a>
          @if (session.isAdmin()) {
            <a routerLink="/admin/accounts" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-accounts">{{ i18n.t('admin.nav.accounts') }}</a>
            <a routerLink="/admin/sla" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-sla">{{ i18n.t('admin.nav.sla') }}</a>
            <a routerLink="/admin/mail/quarantine" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-quarantine">
              {{ i18n.t('admin.nav.quarantine') }}
              @if (mailCounts()?.quarantined) { <span class="count">{{ mailCounts()!.quarantined }}</span> }
            </a>
            <a routerLink="/admin/mail/failed" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-failed">
              {{ i18n.t('admin.nav.failed') }}
              @if (mailCounts()?.failed) { <span class="count">{{ mailCounts()!.failed }}</span> }
            </a>
            <a routerLink="/admin/mail/kept" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-kept">
              {{ i18n.t('admin.nav.kept') }}
              @if (mailCounts()?.held) { <span class="count">{{ mailCounts()!.held }}</span> }
            </a>
            <a routerLink="/admin/mail/outgoing-held" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-outgoing-held">
              {{ i18n.t('admin.nav.outgoingHeld') }}
              @if (mailCounts()?.outgoingHeld) { <span class="count">{{ mailCounts()!.outgoingHeld }}</span> }
            </a>
            <a routerLink="/admin/copies" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-copies">{{ i18n.t('admin.nav.copies') }}</a>
            <a routerLink="/admin/webhooks" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-webhooks">{{ i18n.t('admin.nav.webhooks') }}</a>
            <a routerLink="/admin/tags" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-tags">{{ i18n.t('admin.nav.tags') }}</a>
            <a routerLink="/admin/mailboxes" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-mailboxes">{{ i18n.t('admin.nav.mailboxes') }}</a>
          }
          <a routerLink="/admin/profile" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-profile">{{ i18n.t('admin.nav.profile') }}</a>
        </nav>
        <div class="me">
          <span class="who" data-testid="signed-in-as">{{ i18n.t('admin.signedInAs', { name: session.me()?.name ?? '' }) }}
            <span class="muted">({{ i18n.tFor('admin.role', session.me()?.role ?? 'agent') }})</span></span>
          <button matButton type="button" (click)="shortcuts.openHelp()" [attr.aria-keyshortcuts]="'?'" data-testid="shortcuts-open">{{ i18n.t('shortcuts.button') }}</button>
          <button matButton="outlined" type="button" (click)="signOut()" data-testid="sign-out">{{ i18n.t('admin.signOut') }}</button>
        </div>
      </div>
      <router-outlet />
    </div>
  `,
  styles: `
    /* The header's column (styles.scss), so the menu starts where the brand does (issue 17.10). */
    .workspace { max-width: var(--content-max-width); margin: 0 auto; padding: 0 var(--content-gutter); }
    .bar {
      display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between;
      padding: 8px 0; border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .sections { display: flex; flex-wrap: wrap; gap: 4px; }
    .sections a {
      display: inline-flex; align-items: center; gap: 6px; min-height: 40px; padding: 0 12px; border-radius: 20px;
      color: var(--mat-sys-on-surface); text-decoration: none; font-weight: 500;
    }
    .sections a:hover { background: var(--mat-sys-surface-container-high); }
    .sections a.active { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .count {
      min-width: 20px; padding: 0 6px; border-radius: 10px; text-align: center; font-size: 12px; line-height: 20px;
      background: var(--mat-sys-error); color: var(--mat-sys-on-error);
    }
    .me { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-left: auto; }
    .who { font-size: 14px; }
    @media (max-width: 600px) {
      .sections { flex-wrap: nowrap; overflow-x: auto; width: 100%; }
      .sections a { white-space: nowrap; }
    }
  `,
})
export class AdminShell {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(StaffSession);
  private readonly api = inject(StaffApi);
  protected readonly mailCounts = signal<MailProblemCounts | null>(null);
  protected readonly shortcuts = inject(KeyboardShortcuts);

  constructor() {
    this.shortcuts.listen(inject(DestroyRef));
    // The admins' e-mail counts follow every navigation, so replaying or retrying shows in the menu.
    this.refreshCounts();
    inject(Router)
      .events.pipe(filter((event) => event instanceof NavigationEnd), takeUntilDestroyed())
      .subscribe(() => this.refreshCounts());
  }

  protected signOut(): void {
    void this.session.signOut();
  }

  private refreshCounts(): void {
    if (!this.session.isAdmin()) return;
    this.api.mailCounts().subscribe({ next: (counts) => this.mailCounts.set(counts), error: () => undefined });
  }
}
