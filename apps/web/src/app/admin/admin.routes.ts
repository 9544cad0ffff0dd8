import { Routes } from '@angular/router';
import { adminMessages } from './admin.messages';
import { provideMessages } from '../core/i18n/provide-messages';
import { redirectSignedIn, requireAdmin, requireStaff } from './core/staff.guards';

/**
 * The staff workspace at `/admin` (R-STAFF-1), one lazy chunk per page. `tickets/:trackingId`
 * is the address the staff e-mails link to.
 */
export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    providers: [provideMessages(adminMessages)],
    children: [
      { path: 'sign-in', canActivate: [redirectSignedIn], loadComponent: () => import('./sign-in/sign-in-page').then((m) => m.SignInPage) },
      {
        path: '',
        canActivate: [requireStaff],
        loadComponent: () => import('./layout/admin-shell').then((m) => m.AdminShell),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'tickets' },
          { path: 'tickets', loadComponent: () => import('./queue/queue-page').then((m) => m.QueuePage) },
          { path: 'tickets/:trackingId', loadComponent: () => import('./ticket/ticket-page').then((m) => m.TicketPage) },
          { path: 'canned-responses', loadComponent: () => import('./canned/canned-responses-page').then((m) => m.CannedResponsesPage) },
          { path: 'profile', loadComponent: () => import('./profile/profile-page').then((m) => m.ProfilePage) },
          { path: 'accounts', canActivate: [requireAdmin], loadComponent: () => import('./accounts/staff-accounts-page').then((m) => m.StaffAccountsPage) },
          { path: 'mail/quarantine', canActivate: [requireAdmin], loadComponent: () => import('./mail/quarantine-page').then((m) => m.QuarantinePage) },
          { path: 'mail/failed', canActivate: [requireAdmin], loadComponent: () => import('./mail/failed-emails-page').then((m) => m.FailedEmailsPage) },
        ],
      },
    ],
  },
];
