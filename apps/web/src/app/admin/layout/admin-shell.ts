import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import type { MailProblemCounts } from '@pidtrymka/contracts';
import { filter } from 'rxjs';
import { menuFor } from './admin-menu';
import { I18n } from '../../core/i18n/i18n.service';
import { StaffApi } from '../core/staff-api.service';
import { StaffSession } from '../core/staff-session.service';
import { KeyboardShortcuts } from '../core/keyboard-shortcuts.service';

/** The workspace's frame: the grouped sections (admins see more), who is signed in, their profile, sign-out. */
@Component({
  selector: 'app-admin-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatButton],
  template: `
    <div class="workspace">
      <div class="bar">
        <nav class="sections" [attr.aria-label]="i18n.t('admin.nav')">
          @for (group of menu(); track group.id) {
            <div class="group" role="group" [attr.aria-labelledby]="'nav-group-' + group.id" [attr.data-testid]="'nav-group-' + group.id">
              <span class="heading" [id]="'nav-group-' + group.id">{{ i18n.t(group.heading) }}</span>
              <ul class="links">
                @for (item of group.items; track item.path) {
                  <li>
                    <a [routerLink]="item.path" routerLinkActive="active" ariaCurrentWhenActive="page" [attr.data-testid]="item.testId">
                      {{ i18n.t(item.label) }}
                      @if (item.count && mailCounts()?.[item.count]; as count) { <span class="count">{{ count }}</span> }
                    </a>
                  </li>
                }
              </ul>
            </div>
          }
        </nav>
        <div class="me">
          <span class="who" data-testid="signed-in-as">{{ i18n.t('admin.signedInAs', { name: session.me()?.name ?? '' }) }}
            <span class="muted">({{ i18n.tFor('admin.role', session.me()?.role ?? 'agent') }})</span></span>
          <a class="profile" routerLink="/admin/profile" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-profile">{{ i18n.t('admin.nav.profile') }}</a>
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
    /* Groups side by side, each a heading over its links; a narrow screen wraps whole groups. */
    .sections { display: flex; flex-wrap: wrap; gap: 4px 20px; }
    .group { display: flex; flex-direction: column; gap: 2px; }
    .heading {
      padding: 0 12px; font-size: 12px; line-height: 16px; font-weight: 500; letter-spacing: 0.04em;
      text-transform: uppercase; color: var(--mat-sys-on-surface-variant);
    }
    .links { display: flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0; list-style: none; }
    .sections a, .profile {
      display: inline-flex; align-items: center; gap: 6px; min-height: 40px; padding: 0 12px; border-radius: 20px;
      color: var(--mat-sys-on-surface); text-decoration: none; font-weight: 500;
    }
    .sections a:hover, .profile:hover { background: var(--mat-sys-surface-container-high); }
    .sections a.active, .profile.active { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .count {
      min-width: 20px; padding: 0 6px; border-radius: 10px; text-align: center; font-size: 12px; line-height: 20px;
      background: var(--mat-sys-error); color: var(--mat-sys-on-error);
    }
    .me { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-left: auto; }
    .who { font-size: 14px; }
    /* A phone keeps one strip that scrolls sideways, the headings over their groups in it. */
    @media (max-width: 600px) {
      .sections, .links { flex-wrap: nowrap; }
      .sections { overflow-x: auto; width: 100%; }
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
  protected readonly menu = computed(() => menuFor(this.session.isAdmin()));

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
