import { signInStaff, StaffTestSession } from '../../../apps/api/src/testing/staff-session';
import { createTestApp, TestApp } from '../../../apps/api/src/testing/test-app';
import type { DovecotServer } from '../../support/dovecot';
import { DutyEngineer } from './staff-actions';

/**
 * A test app whose mail flows at test speed: the duty engineer its first admin, mail in on,
 * the outbox worker on, every e-mail out through the SMTP server at `smtpPort`; `env` adds the
 * inbound channel and overrides any of these.
 */
export function createMailTestApp(smtpPort: number, env: Record<string, string>): Promise<TestApp> {
  return createTestApp({
    ...DutyEngineer.settings,
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_IN_ENABLED: 'true',
    MAIL_IN_POLL_MS: '100',
    MAIL_IN_BURST_LIMIT: '100',
    OUTBOX_WORKER_ENABLED: 'true',
    OUTBOX_POLL_MS: '50',
    OUTBOX_BACKOFF_MS: '200',
    ...env,
  });
}

/** The environment's own mailbox read over IMAP (no TLS) from the test Dovecot. */
export function imapInbox(dovecot: DovecotServer, user: string, password: string): Record<string, string> {
  return { MAIL_IN_CHANNEL: 'imap', IMAP_HOST: dovecot.host, IMAP_PORT: String(dovecot.port), IMAP_TLS: 'false', IMAP_USER: user, IMAP_PASSWORD: password };
}

/** The duty engineer's admin session on the raw staff API, for what DutyEngineer's actions do not cover (mailboxes). */
export function signInAdmin(t: TestApp): Promise<StaffTestSession> {
  return signInStaff(t, { email: DutyEngineer.settings.ADMIN_EMAIL, password: DutyEngineer.settings.ADMIN_PASSWORD });
}
