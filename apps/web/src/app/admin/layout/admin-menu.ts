import type { MailProblemCounts } from '@pidtrymka/contracts';
import type { MessageKey } from '../../core/i18n/message-keys';

/** One link of the workspace's menu; `count` names the admins' e-mail problem it shows a badge for. */
export interface MenuItem {
  path: string;
  label: MessageKey;
  testId: string;
  adminOnly: boolean;
  count?: keyof MailProblemCounts;
}

export interface MenuGroup {
  id: 'work' | 'mail' | 'settings';
  heading: MessageKey;
  items: MenuItem[];
}

/**
 * Issue 17: the menu grouped under headings, as help desks group theirs: the day's work, the mail
 * that needs a person, and what configures the desk. Organisations sit with the work because agents
 * look contacts up while answering, and outside addresses in copy wait there for an admin's approval; canned responses and tags configure how requests are answered.
 * `adminOnly` mirrors the routes' `requireAdmin` (admin.spec.ts holds the two together).
 */
export const ADMIN_MENU: readonly MenuGroup[] = [
  {
    id: 'work',
    heading: 'admin.nav.group.work',
    items: [
      { path: '/admin/tickets', label: 'admin.nav.queue', testId: 'nav-queue', adminOnly: false },
      { path: '/admin/organisations', label: 'admin.nav.organisations', testId: 'nav-organisations', adminOnly: false },
      { path: '/admin/reports', label: 'admin.nav.reports', testId: 'nav-reports', adminOnly: false },
      { path: '/admin/copies', label: 'admin.nav.copies', testId: 'nav-copies', adminOnly: true },
    ],
  },
  {
    id: 'mail',
    heading: 'admin.nav.group.mail',
    items: [
      { path: '/admin/mail/quarantine', label: 'admin.nav.quarantine', testId: 'nav-quarantine', adminOnly: true, count: 'quarantined' },
      { path: '/admin/mail/failed', label: 'admin.nav.failed', testId: 'nav-failed', adminOnly: true, count: 'failed' },
      { path: '/admin/mail/kept', label: 'admin.nav.kept', testId: 'nav-kept', adminOnly: true, count: 'held' },
      { path: '/admin/mail/outgoing-held', label: 'admin.nav.outgoingHeld', testId: 'nav-outgoing-held', adminOnly: true, count: 'outgoingHeld' },
      { path: '/admin/mailboxes', label: 'admin.nav.mailboxes', testId: 'nav-mailboxes', adminOnly: true },
    ],
  },
  {
    id: 'settings',
    heading: 'admin.nav.group.settings',
    items: [
      { path: '/admin/canned-responses', label: 'admin.nav.canned', testId: 'nav-canned', adminOnly: false },
      { path: '/admin/tags', label: 'admin.nav.tags', testId: 'nav-tags', adminOnly: true },
      { path: '/admin/accounts', label: 'admin.nav.accounts', testId: 'nav-accounts', adminOnly: true },
      { path: '/admin/sla', label: 'admin.nav.sla', testId: 'nav-sla', adminOnly: true },
      { path: '/admin/webhooks', label: 'admin.nav.webhooks', testId: 'nav-webhooks', adminOnly: true },
    ],
  },
];

/** The groups a role sees: an agent never gets an admin's link, nor a heading left with no links under it. */
export function menuFor(isAdmin: boolean, menu: readonly MenuGroup[] = ADMIN_MENU): MenuGroup[] {
  return menu
    .map((group) => ({ ...group, items: group.items.filter((item) => isAdmin || !item.adminOnly) }))
    .filter((group) => group.items.length > 0);
}
