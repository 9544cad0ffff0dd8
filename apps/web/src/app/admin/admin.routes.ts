import { adminMessages } from './admin.messages';
import type { TitledRoute } from '../core/i18n/message-keys';
import { provideMessages } from '../core/i18n/provide-messages';
import { redirectSignedIn, requireAdmin, requireStaff } from './core/staff.guards';

/**
 * The staff workspace at `/admin` (R-STAFF-1), one lazy chunk per page, titles as message keys.
 * `tickets/:trackingId` is the address the staff e-mails link to.
 */
export const ADMIN_ROUTES: TitledRoute[] = [
  {
    path: '',
    providers: [provideMessages(adminMessages)],
    children: [
      { path: 'sign-in', title: 'signIn.title', canActivate: [redirectSignedIn], loadComponent: () => import('./sign-in/sign-in-page').then((m) => m.SignInPage) },
      {
        path: '',
        canActivate: [requireStaff],
        loadComponent: () => import('./layout/admin-shell').then((m) => m.AdminShell),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'tickets' },
          { path: 'tickets', title: 'queue.title', loadComponent: () => import('./queue/queue-page').then((m) => m.QueuePage) },
          { path: 'tickets/:trackingId', title: 'staffTicket.pageTitle', loadComponent: () => import('./ticket/ticket-page').then((m) => m.TicketPage) },
          { path: 'canned-responses', title: 'canned.title', loadComponent: () => import('./canned/canned-responses-page').then((m) => m.CannedResponsesPage) },
          { path: 'organisations', title: 'orgs.title', loadComponent: () => import('./organisations/organisations-page').then((m) => m.OrganisationsPage) },
          { path: 'reports', title: 'reports.title', loadComponent: () => import('./reports/reports-page').then((m) => m.ReportsPage) },
          { path: 'profile', title: 'profile.title', loadComponent: () => import('./profile/profile-page').then((m) => m.ProfilePage) },
          { path: 'accounts', title: 'accounts.title', canActivate: [requireAdmin], loadComponent: () => import('./accounts/staff-accounts-page').then((m) => m.StaffAccountsPage) },
          { path: 'sla', title: 'slaAdmin.title', canActivate: [requireAdmin], loadComponent: () => import('./sla/sla-page').then((m) => m.SlaPage) },
          { path: 'mail/quarantine', title: 'quarantine.title', canActivate: [requireAdmin], loadComponent: () => import('./mail/quarantine-page').then((m) => m.QuarantinePage) },
          { path: 'mail/failed', title: 'failed.title', canActivate: [requireAdmin], loadComponent: () => import('./mail/failed-emails-page').then((m) => m.FailedEmailsPage) },
          { path: 'mail/kept', title: 'kept.title', canActivate: [requireAdmin], loadComponent: () => import('./mail/kept-emails-page').then((m) => m.KeptEmailsPage) },
          { path: 'tags', title: 'tagsAdmin.title', canActivate: [requireAdmin], loadComponent: () => import('./tags/tags-page').then((m) => m.TagsPage) },
          { path: 'webhooks', title: 'webhooks.title', canActivate: [requireAdmin], loadComponent: () => import('./webhooks/webhooks-page').then((m) => m.WebhooksPage) },
          { path: 'mailboxes', title: 'mailboxes.title', canActivate: [requireAdmin], loadComponent: () => import('./mailboxes/mailboxes-page').then((m) => m.MailboxesPage) },
          { path: 'copies', title: 'copiesAdmin.title', canActivate: [requireAdmin], loadComponent: () => import('./copies/pending-copies-page').then((m) => m.PendingCopiesPage) },
          { path: 'mail/outgoing-held', title: 'held.title', canActivate: [requireAdmin], loadComponent: () => import('./mail/held-emails-page').then((m) => m.HeldEmailsPage) },
        ],
      },
    ],
  },
];
