import { resolve } from 'node:path';
import { AppConfig } from './app-config';
import { InvalidSettingsError, settingNames, settingsFrom } from './settings';

/** The one line of the start-up error about `name`, as the operator reads it. */
function problemWith(env: Record<string, string>, name: string): string | undefined {
  try {
    settingsFrom(AppConfig, env);
  } catch (error) {
    if (!(error instanceof InvalidSettingsError)) throw error;
    return error.problems.find((problem) => problem.startsWith(`${name}=`) || problem.startsWith(`${name} `));
  }
  return undefined;
}

describe('issue 13: the API settings, each defined once in AppConfig', () => {
  it('default to what suits the embedded start, in the shapes the code uses', () => {
    const config = settingsFrom(AppConfig, {});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: resolve('data'),
      embeddedDbPort: 54329,
      publicUrl: 'http://localhost:3000',
      logLevel: 'log',
      apiWorkers: '1',
      attachments: { maxCount: 2, maxBytes: 2 * 1024 * 1024, extensions: expect.arrayContaining(['pdf', 'p7s']) },
      rateLimit: { enabled: true, store: 'database', windowMs: 60_000 },
      staff: { sessionIdleMs: 120 * 60_000, sessionMaxMs: 12 * 3_600_000, lockoutMs: 15 * 60_000, slowdownMaxMs: 60_000, totpEncryptionKey: undefined },
      scheduler: { enabled: true, intervalMs: 60_000, kbResyncMs: 60_000, countsFoldMs: 5_000 },
      mailIn: { enabled: true, pollMs: 5000, joinByReferences: true },
      mailInVerify: { mode: 'dns', lenient: true, withoutDmarc: 'hold', timeoutMs: 10_000 },
      outbox: { workerEnabled: true, backoffMs: 30_000 },
      firstAdmin: { email: undefined, name: 'Адміністратор' },
      secrets: { key: undefined, previousKeys: [] },
    });
    expect(config.plugins.packages).toEqual([]);
    expect(config.plugins.chosen).toEqual({ captcha: 'image', 'attachment-store': 'database', 'mail-transport': 'maildir', 'mail-in': 'maildir', 'knowledge-source': 'strapi' });
  });

  it('reads each value as its default’s type; an empty value is no value', () => {
    const config = settingsFrom(AppConfig, {
      PORT: '8080',
      RATE_LIMIT_ENABLED: 'off',
      METRICS_ENABLED: 'No',
      MAIL_IN_JOIN_BY_REFERENCES: '0',
      OUTBOX_WORKER_ENABLED: 'yes',
      PLUGINS: ' a-package , @scope/other ,',
      ATTACHMENT_EXTENSIONS: '.PDF, docx',
      PUBLIC_URL: 'https://support.example.com//',
      DATA_DIR: 'var/pidtrymka',
      STAFF_SESSION_IDLE_MINUTES: '30',
      RATE_LIMIT_WINDOW_SECONDS: '10',
      MAIL_IN_AUTHSERV_ID: ' mx.example.com ',
      ADMIN_NAME: '',
      LOG_LEVEL: '',
    });
    expect(config.port).toBe(8080);
    expect([config.rateLimit.enabled, config.metrics.enabled, config.mailIn.joinByReferences, config.outbox.workerEnabled]).toEqual([false, false, false, true]);
    expect(config.plugins.packages).toEqual(['a-package', '@scope/other']);
    expect(config.attachments.extensions).toEqual(['pdf', 'docx']);
    expect(config.publicUrl).toBe('https://support.example.com');
    expect(config.dataDir).toBe(resolve('var/pidtrymka'));
    expect(config.staff.sessionIdleMs).toBe(30 * 60_000);
    expect(config.rateLimit.windowMs).toBe(10_000);
    expect(config.mailInVerify).toMatchObject({ mode: 'authserv', authservId: 'mx.example.com' });
    expect(config.firstAdmin.name).toBe('Адміністратор');
    expect(config.logLevel).toBe('log');
  });

  it.each([
    ['not a number', { PORT: '80a' }, 'PORT', 'PORT="80a": PORT must be an integer number'],
    ['a fraction', { OUTBOX_POLL_MS: '1.5' }, 'OUTBOX_POLL_MS', 'OUTBOX_POLL_MS="1.5": OUTBOX_POLL_MS must be an integer number'],
    ['blanks for a number', { ATTACHMENT_MAX_COUNT: '  ' }, 'ATTACHMENT_MAX_COUNT', 'ATTACHMENT_MAX_COUNT="  ": ATTACHMENT_MAX_COUNT must be an integer number'],
    ['below the least', { MAIL_IN_POLL_MS: '5' }, 'MAIL_IN_POLL_MS', 'MAIL_IN_POLL_MS="5": MAIL_IN_POLL_MS must not be less than 10'],
    ['above the most', { EMBEDDED_DB_PORT: '70000' }, 'EMBEDDED_DB_PORT', 'EMBEDDED_DB_PORT="70000": EMBEDDED_DB_PORT must not be greater than 65535'],
    ['no yes/no word', { RATE_LIMIT_ENABLED: 'flase' }, 'RATE_LIMIT_ENABLED', 'RATE_LIMIT_ENABLED="flase": RATE_LIMIT_ENABLED must be a boolean value'],
    ['not one of the choices', { LOG_LEVEL: 'trace' }, 'LOG_LEVEL', 'LOG_LEVEL="trace": LOG_LEVEL must be one of the following values: error, warn, log, debug, verbose'],
    ['not a URL', { PUBLIC_URL: 'support.example.com' }, 'PUBLIC_URL', 'PUBLIC_URL="support.example.com": PUBLIC_URL must be a URL address'],
    ['not of its pattern (a secret: its value hidden)', { TOTP_ENCRYPTION_KEY: 'abc' }, 'TOTP_ENCRYPTION_KEY', 'TOTP_ENCRYPTION_KEY=(hidden, 3 characters): TOTP_ENCRYPTION_KEY must be 64 hex digits (32 bytes)'],
    ['a sealing key of the wrong size (issue 16, hidden)', { SECRETS_KEY: 'c2hvcnQ=' }, 'SECRETS_KEY', 'SECRETS_KEY=(hidden, 8 characters): SECRETS_KEY must be 32 random bytes, in base64 (e.g. `openssl rand -base64 32`) or as 64 hex digits'],
    [
      'a previous sealing key that is no key (issue 16, hidden)',
      { SECRETS_KEY_PREVIOUS: `${'A'.repeat(43)}=,nope` },
      'SECRETS_KEY_PREVIOUS',
      'SECRETS_KEY_PREVIOUS=(hidden, 49 characters): each key of SECRETS_KEY_PREVIOUS must be 32 random bytes, in base64 (e.g. `openssl rand -base64 32`) or as 64 hex digits',
    ],
    ['a worker count out of range', { API_WORKERS: '0' }, 'API_WORKERS', 'API_WORKERS="0": API_WORKERS is `auto` or a number of processes from 1 to 99'],
    [
      'a list with a bad item',
      { ATTACHMENT_EXTENSIONS: 'pdf,tar.gz' },
      'ATTACHMENT_EXTENSIONS',
      'ATTACHMENT_EXTENSIONS="pdf,tar.gz": ATTACHMENT_EXTENSIONS is a comma-separated list of extensions without dots or spaces, e.g. pdf,docx',
    ],
    ['needed by another setting', { MAIL_IN_VERIFY: 'authserv' }, 'MAIL_IN_AUTHSERV_ID', 'MAIL_IN_AUTHSERV_ID (unset): MAIL_IN_VERIFY=authserv needs MAIL_IN_AUTHSERV_ID'],
  ])('refuses %s, naming the variable and the value', (_kind, env, name, line) => {
    expect(problemWith(env, name)).toBe(line);
  });

  it('lists every invalid setting in one error, each with its value', () => {
    expect(() => settingsFrom(AppConfig, { PORT: 'x', STAFF_LOCKOUT_MINUTES: '0', MAIL_IN_VERIFY: 'maybe', PUBLIC_URL: 'https://fine.example.com' })).toThrow(
      [
        'Invalid settings:',
        '  PORT="x": PORT must be an integer number',
        '  STAFF_LOCKOUT_MINUTES="0": STAFF_LOCKOUT_MINUTES must not be less than 1',
        '  MAIL_IN_VERIFY="maybe": MAIL_IN_VERIFY must be one of the following values: auto, dns, authserv, off',
      ].join('\n'),
    );
  });

  it('names each environment variable once', () => {
    const names = settingNames(AppConfig);
    expect(names.length).toBeGreaterThan(60);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});
