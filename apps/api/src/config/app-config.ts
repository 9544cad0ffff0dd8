import { resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';

const DEFAULT_EXTENSIONS = 'gif,jpg,jpeg,png,zip,rar,csv,doc,docx,xls,xlsx,txt,pdf,p7s';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting, read from the environment, with defaults that suit the
 * embedded start (`npm start` with nothing configured). README lists them.
 */
export class EnvironmentVariables {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** Unset: the API starts an embedded PostgreSQL of its own under DATA_DIR/pg. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_DB_PORT = 54329;

  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  @IsString()
  CAPTCHA_PROVIDER = 'image';

  @Transform(toInt) @IsInt() @Min(30) @Max(86_400)
  CAPTCHA_TTL_SECONDS = 600;

  /** CAPTCHA_PROVIDER=altcha: PBKDF2 rounds of one try of the browser's proof of work. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  CAPTCHA_ALTCHA_COST = 1000;

  /** CAPTCHA_PROVIDER=altcha: the most tries a solution takes (drawn between half of this and this). */
  @Transform(toInt) @IsInt() @Min(2) @Max(10_000_000)
  CAPTCHA_ALTCHA_COUNTER_MAX = 3000;

  /** Confirmation e-mails with the request's text to one address per hour; past it the confirmation says less (issue 12.7). */
  @Transform(toInt) @IsInt() @Min(0) @Max(1000)
  CONFIRMATION_EMAILS_PER_HOUR = 3;

  @IsString()
  ATTACHMENT_STORE = 'database';

  @Transform(toInt) @IsInt() @Min(0) @Max(20)
  ATTACHMENT_MAX_COUNT = 2;

  @Transform(toInt) @IsInt() @Min(1) @Max(1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;

  @IsString()
  ATTACHMENT_EXTENSIONS = DEFAULT_EXTENSIONS;

  @Transform(toBoolean) @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  /** Ticket creations and replies per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_SUBMISSIONS = 10;

  /** Failed tracking-ID look-ups per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_FAILED_LOOKUPS = 10;

  /** All requests to the participants' API per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_REQUESTS = 300;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** `database`: counters in PostgreSQL, shared by every instance; `memory`: each process counts alone (one instance only). */
  @IsIn(['database', 'memory'])
  RATE_LIMIT_STORE = 'database';

  @IsString()
  KNOWLEDGE_SOURCE = 'strapi';

  /** The CMS (Strapi) the knowledge base comes from, and the read-only API token it gave the API. */
  @IsUrl({ require_tld: false, require_protocol: true })
  CMS_URL = 'http://127.0.0.1:1337';

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  CMS_API_TOKEN?: string;

  /** Sent by the CMS's webhook in X-Pidtrymka-Webhook-Secret; unset refuses every webhook. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  CMS_WEBHOOK_SECRET?: string;

  /** A full resync heals missed webhooks (R-KB-2: changes show within a minute). */
  @Transform(toInt) @IsInt() @Min(10)
  KB_RESYNC_SECONDS = 60;

  /** Comma-separated npm packages that export `pidtrymkaPlugins`. */
  @IsString()
  PLUGINS = '';

  /** Set when the API runs behind a proxy, so rate limits see the client's IP (Express `trust proxy`). */
  @IsString()
  TRUST_PROXY = 'loopback';

  /** The built web app (`ng build web`); unset: apps/web/dist/browser beside the API. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  WEB_DIST_DIR?: string;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  /** Off: no /metrics route at all. */
  @Transform(toBoolean) @IsBoolean()
  METRICS_ENABLED = true;

  /** Set: /metrics wants `Authorization: Bearer <token>`; unset: only callers on loopback or a private network may scrape. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  METRICS_TOKEN?: string;

  /** `maildir` writes .eml files under DATA_DIR/mail/sent; `smtp` sends to SMTP_URL. */
  @IsString()
  MAIL_TRANSPORT = 'maildir';

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM_NAME = 'Технічна підтримка';

  @IsString()
  MAIL_FROM_ADDRESS = 'support@localhost';

  /** A folder whose `.hbs` files replace the shipped e-mail templates of the same path (README: E-mail templates); each is checked at start. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  MAIL_TEMPLATES_DIR?: string;

  /** Signs our Message-IDs. Unset: one is generated once and kept in DATA_DIR/mail-secret. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  MAIL_SECRET?: string;

  /** Off only for processes that must not send (tests, one-off commands). */
  @Transform(toBoolean) @IsBoolean()
  OUTBOX_WORKER_ENABLED = true;

  @Transform(toInt) @IsInt() @Min(10)
  OUTBOX_POLL_MS = 1000;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  OUTBOX_BATCH_SIZE = 100;

  /** Attempts before an e-mail is marked failed for staff to retry. */
  @Transform(toInt) @IsInt() @Min(1)
  OUTBOX_MAX_ATTEMPTS = 10;

  /** Wait before the first retry; each further retry waits twice as long (at most 6 hours). */
  @Transform(toInt) @IsInt() @Min(1)
  OUTBOX_BACKOFF_MS = 30_000;

  /** How long a worker owns an e-mail it is sending before another may retry it. */
  @Transform(toInt) @IsInt() @Min(1)
  OUTBOX_LEASE_SECONDS = 300;

  /**
   * RFC 3834 §2: at most this many automatic e-mails (confirmations,
   * reminders, automatic closes) to one address per hour; the rest are held,
   * listed for admins, and sent as the hour allows.
   */
  @Transform(toInt) @IsInt() @Min(1)
  OUTBOX_AUTOMATIC_PER_ADDRESS_PER_HOUR = 10;

  /** `maildir` takes files from DATA_DIR/mail/in/new; `imap` reads a mailbox; `pipe` only the mail:pipe command. */
  @IsString()
  MAIL_IN_CHANNEL = 'maildir';

  @Transform(toBoolean) @IsBoolean()
  MAIL_IN_ENABLED = true;

  /** How often the channel looks for mail (IMAP also listens with IDLE in between). */
  @Transform(toInt) @IsInt() @Min(10)
  MAIL_IN_POLL_MS = 5000;

  /** R-MAIL-5: join a reply to our e-mail even without `[#ID]` in the subject; false restores the strict behaviour. */
  @Transform(toBoolean) @IsBoolean()
  MAIL_IN_JOIN_BY_REFERENCES = true;

  /**
   * R-MAIL-8: more new requests than this from one sender within the window
   * are held for an admin to release (replies to a request always join).
   */
  @Transform(toInt) @IsInt() @Min(1)
  MAIL_IN_BURST_LIMIT = 5;

  @Transform(toInt) @IsInt() @Min(1)
  MAIL_IN_BURST_WINDOW_SECONDS = 300;

  /**
   * 12.8: is an e-mail really from the address in its From? `dns` checks DKIM, SPF and DMARC itself;
   * `authserv` trusts only the topmost Authentication-Results of MAIL_IN_AUTHSERV_ID; `auto` is
   * `authserv` when that is set, else `dns` where a DNS that cannot answer lets mail through
   * (flagged), so an offline `npm start` is not blocked; `off` checks nothing. docs/mail-sender-verification.md.
   */
  @IsIn(['auto', 'dns', 'authserv', 'off'])
  MAIL_IN_VERIFY = 'auto';

  /** The authserv-id our receiving server writes in its Authentication-Results (e.g. `mx.example.com`). */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  MAIL_IN_AUTHSERV_ID?: string;

  /** The host name our MX writes as `by` in its Received header: its `from` gives SPF the client IP and HELO. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  MAIL_IN_RECEIVED_BY?: string;

  /** From a domain without DMARC: `hold` when a DKIM signature or SPF of that very domain fails; `proceed` lets it through. */
  @IsIn(['hold', 'proceed'])
  MAIL_IN_VERIFY_WITHOUT_DMARC = 'hold';

  /** The whole check of one message, DNS included; past it the message is held (a slow DNS is no way through). */
  @Transform(toInt) @IsInt() @Min(100) @Max(120_000)
  MAIL_IN_VERIFY_TIMEOUT_MS = 10_000;

  /** Issue 12.1: the text of an e-mail processed is cut here (UTF-8 bytes); the whole message stays in its recorded original. */
  @Transform(toInt) @IsInt() @Min(1024)
  MAIL_IN_MAX_TEXT_BYTES = 262_144;

  /** Parsing an e-mail runs in a worker thread; one that takes longer is quarantined and the worker replaced. */
  @Transform(toInt) @IsInt() @Min(10)
  MAIL_IN_PARSE_TIMEOUT_MS = 15_000;

  @Transform(toInt) @IsInt() @Min(1) @Max(16)
  MAIL_IN_PARSE_WORKERS = 1;

  /** Attempts at processing one e-mail (a crash or hang mid-way counts) before it is quarantined rather than tried again. */
  @Transform(toInt) @IsInt() @Min(1)
  MAIL_IN_MAX_ATTEMPTS = 3;

  /** Channels read at most this many bytes of mail into memory per batch (at least one message). */
  @Transform(toInt) @IsInt() @Min(1)
  MAIL_IN_BATCH_BYTES = 16_777_216;

  /** A staff session ends after this long without a call… */
  @Transform(toInt) @IsInt() @Min(1)
  STAFF_SESSION_IDLE_MINUTES = 120;

  /** …and this long after sign-in in any case. */
  @Transform(toInt) @IsInt() @Min(1)
  STAFF_SESSION_MAX_HOURS = 12;

  /** Failed sign-ins in a row for one account from one address that lock that pair (not the account) for STAFF_LOCKOUT_MINUTES. */
  @Transform(toInt) @IsInt() @Min(1)
  STAFF_LOCKOUT_ATTEMPTS = 6;

  @Transform(toInt) @IsInt() @Min(1)
  STAFF_LOCKOUT_MINUTES = 15;

  /** Failed sign-ins from one address, whatever the accounts, that lock the address for STAFF_LOCKOUT_MINUTES (password spraying). */
  @Transform(toInt) @IsInt() @Min(1)
  STAFF_LOCKOUT_IP_ATTEMPTS = 20;

  /**
   * Failed sign-ins to one account from all addresses together after which the
   * account is slowed down, never locked: an address the account never signed
   * in from may try once per 1 s, 2 s, 4 s… up to STAFF_SLOWDOWN_MAX_SECONDS.
   */
  @Transform(toInt) @IsInt() @Min(1)
  STAFF_SLOWDOWN_AFTER = 10;

  @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  STAFF_SLOWDOWN_MAX_SECONDS = 60;

  /** 64 hex digits (32 bytes) that encrypt TOTP secrets at rest. Unset: one is generated once and kept in DATA_DIR/totp-key. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'TOTP_ENCRYPTION_KEY must be 64 hex digits (32 bytes)' })
  TOTP_ENCRYPTION_KEY?: string;

  /** Set: staff e-mails about new requests go to this address instead of the category's agents (R-STAFF-2). */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  STAFF_NOTIFY_EMAIL?: string;

  /** The first admin, created on a start that finds no staff account. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  ADMIN_EMAIL?: string;

  /** Unset with ADMIN_EMAIL set: a password is generated and written to the log once. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  ADMIN_PASSWORD?: string;

  @IsString()
  ADMIN_NAME = 'Адміністратор';

  /** R-CLOSE-2: a request in `replied` is resolved this long after the last staff reply. */
  @Transform(toInt) @IsInt() @Min(1)
  AUTO_CLOSE_HOURS = 72;

  /** Off: this instance runs no timed jobs (another one does). */
  @Transform(toBoolean) @IsBoolean()
  SCHEDULER_ENABLED = true;

  @Transform(toInt) @IsInt() @Min(1)
  SCHEDULER_INTERVAL_SECONDS = 60;

  /** API processes sharing the port: `auto` is one per core (what `npm start` and the Docker image use), 1 a single process. */
  @IsString() @Matches(/^(auto|[1-9][0-9]?)$/, { message: 'API_WORKERS is `auto` or a number of processes from 1 to 99' })
  API_WORKERS = '1';

  /** How often the queue's count deltas are folded into the counters: the fewer deltas, the quicker the counts. */
  @Transform(toInt) @IsInt() @Min(1)
  TICKET_COUNTS_FOLD_SECONDS = 5;
}

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(raw[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  return env;
}

/** The validated settings in the shapes the code uses them. */
@Injectable()
export class AppConfig {
  readonly port: number;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedDbPort: number;
  readonly publicUrl: string;
  readonly captchaProvider: string;
  readonly captchaTtlSeconds: number;
  readonly confirmationEmailsPerHour: number;
  /** Unset: the shipped templates only. */
  readonly mailTemplatesDir: string | undefined;
  readonly attachmentStore: string;
  readonly attachments: { maxCount: number; maxBytes: number; extensions: readonly string[] };
  readonly rateLimit: { enabled: boolean; submissions: number; failedLookups: number; requests: number; windowMs: number; store: 'database' | 'memory' };
  readonly plugins: readonly string[];
  readonly trustProxy: string;
  readonly staff: {
    sessionIdleMs: number;
    sessionMaxMs: number;
    lockoutAttempts: number;
    lockoutMs: number;
    ipLockoutAttempts: number;
    slowdownAfter: number;
    slowdownMaxMs: number;
    totpEncryptionKey: string | undefined;
    notifyEmail: string | undefined;
  };
  readonly firstAdmin: { email: string | undefined; password: string | undefined; name: string };
  readonly autoCloseHours: number;
  readonly scheduler: { enabled: boolean; intervalMs: number; kbResyncMs: number; countsFoldMs: number };
  readonly mail: { fromName: string; fromAddress: string; smtpUrl: string | undefined; secret: string | undefined };
  readonly outbox: { workerEnabled: boolean; pollMs: number; batchSize: number; maxAttempts: number; backoffMs: number; leaseSeconds: number; automaticPerAddressPerHour: number };
  readonly mailIn: {
    enabled: boolean;
    pollMs: number;
    joinByReferences: boolean;
    burstLimit: number;
    burstWindowSeconds: number;
    maxTextBytes: number;
    parseTimeoutMs: number;
    parseWorkers: number;
    maxAttempts: number;
  };
  readonly mailInVerify: {
    mode: 'dns' | 'authserv' | 'off';
    /** `auto`: a DNS that cannot answer lets the message through (flagged) instead of holding it. */
    lenient: boolean;
    authservId: string | undefined;
    receivedBy: string | undefined;
    withoutDmarc: 'hold' | 'proceed';
    timeoutMs: number;
  };
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  readonly metrics: { enabled: boolean; token: string | undefined };

  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- a type argument picks ConfigService.get's other overload, which loses the key's type.
    const get = <K extends keyof EnvironmentVariables>(key: K) => config.get(key, { infer: true }) as EnvironmentVariables[K];
    this.port = get('PORT');
    this.databaseUrl = get('DATABASE_URL');
    this.dataDir = resolve(get('DATA_DIR'));
    this.embeddedDbPort = get('EMBEDDED_DB_PORT');
    this.publicUrl = get('PUBLIC_URL').replace(/\/+$/, '');
    this.captchaProvider = get('CAPTCHA_PROVIDER');
    this.captchaTtlSeconds = get('CAPTCHA_TTL_SECONDS');
    this.confirmationEmailsPerHour = get('CONFIRMATION_EMAILS_PER_HOUR');
    const mailTemplatesDir = get('MAIL_TEMPLATES_DIR');
    this.mailTemplatesDir = mailTemplatesDir ? resolve(mailTemplatesDir) : undefined;
    this.attachmentStore = get('ATTACHMENT_STORE');
    this.attachments = {
      maxCount: get('ATTACHMENT_MAX_COUNT'),
      maxBytes: get('ATTACHMENT_MAX_BYTES'),
      extensions: splitList(get('ATTACHMENT_EXTENSIONS')).map((ext) => ext.replace(/^\./, '').toLowerCase()),
    };
    this.rateLimit = {
      enabled: get('RATE_LIMIT_ENABLED'),
      submissions: get('RATE_LIMIT_SUBMISSIONS'),
      failedLookups: get('RATE_LIMIT_FAILED_LOOKUPS'),
      requests: get('RATE_LIMIT_REQUESTS'),
      windowMs: get('RATE_LIMIT_WINDOW_SECONDS') * 1000,
      store: get('RATE_LIMIT_STORE') as 'database' | 'memory',
    };
    this.plugins = splitList(get('PLUGINS'));
    this.trustProxy = get('TRUST_PROXY');
    this.staff = {
      sessionIdleMs: get('STAFF_SESSION_IDLE_MINUTES') * 60_000,
      sessionMaxMs: get('STAFF_SESSION_MAX_HOURS') * 3_600_000,
      lockoutAttempts: get('STAFF_LOCKOUT_ATTEMPTS'),
      lockoutMs: get('STAFF_LOCKOUT_MINUTES') * 60_000,
      ipLockoutAttempts: get('STAFF_LOCKOUT_IP_ATTEMPTS'),
      slowdownAfter: get('STAFF_SLOWDOWN_AFTER'),
      slowdownMaxMs: get('STAFF_SLOWDOWN_MAX_SECONDS') * 1000,
      totpEncryptionKey: get('TOTP_ENCRYPTION_KEY'),
      notifyEmail: get('STAFF_NOTIFY_EMAIL'),
    };
    this.firstAdmin = { email: get('ADMIN_EMAIL'), password: get('ADMIN_PASSWORD'), name: get('ADMIN_NAME') };
    this.autoCloseHours = get('AUTO_CLOSE_HOURS');
    this.scheduler = {
      enabled: get('SCHEDULER_ENABLED'),
      intervalMs: get('SCHEDULER_INTERVAL_SECONDS') * 1000,
      kbResyncMs: get('KB_RESYNC_SECONDS') * 1000,
      countsFoldMs: get('TICKET_COUNTS_FOLD_SECONDS') * 1000,
    };
    this.mail = { fromName: get('MAIL_FROM_NAME'), fromAddress: get('MAIL_FROM_ADDRESS'), smtpUrl: get('SMTP_URL'), secret: get('MAIL_SECRET') };
    this.outbox = {
      workerEnabled: get('OUTBOX_WORKER_ENABLED'),
      pollMs: get('OUTBOX_POLL_MS'),
      batchSize: get('OUTBOX_BATCH_SIZE'),
      maxAttempts: get('OUTBOX_MAX_ATTEMPTS'),
      backoffMs: get('OUTBOX_BACKOFF_MS'),
      leaseSeconds: get('OUTBOX_LEASE_SECONDS'),
      automaticPerAddressPerHour: get('OUTBOX_AUTOMATIC_PER_ADDRESS_PER_HOUR'),
    };
    this.mailIn = {
      enabled: get('MAIL_IN_ENABLED'),
      pollMs: get('MAIL_IN_POLL_MS'),
      joinByReferences: get('MAIL_IN_JOIN_BY_REFERENCES'),
      burstLimit: get('MAIL_IN_BURST_LIMIT'),
      burstWindowSeconds: get('MAIL_IN_BURST_WINDOW_SECONDS'),
      maxTextBytes: get('MAIL_IN_MAX_TEXT_BYTES'),
      parseTimeoutMs: get('MAIL_IN_PARSE_TIMEOUT_MS'),
      parseWorkers: get('MAIL_IN_PARSE_WORKERS'),
      maxAttempts: get('MAIL_IN_MAX_ATTEMPTS'),
    };
    const verify = get('MAIL_IN_VERIFY') as 'auto' | 'dns' | 'authserv' | 'off';
    const authservId = get('MAIL_IN_AUTHSERV_ID')?.trim();
    if (verify === 'authserv' && !authservId) throw new Error('MAIL_IN_VERIFY=authserv needs MAIL_IN_AUTHSERV_ID');
    this.mailInVerify = {
      mode: verify === 'auto' ? (authservId ? 'authserv' : 'dns') : verify,
      lenient: verify === 'auto',
      authservId,
      receivedBy: get('MAIL_IN_RECEIVED_BY')?.trim(),
      withoutDmarc: get('MAIL_IN_VERIFY_WITHOUT_DMARC') as 'hold' | 'proceed',
      timeoutMs: get('MAIL_IN_VERIFY_TIMEOUT_MS'),
    };
    this.logLevel = get('LOG_LEVEL') as AppConfig['logLevel'];
    this.metrics = { enabled: get('METRICS_ENABLED'), token: get('METRICS_TOKEN') };
  }

  /** Any setting by name, including those only a plugin knows. */
  setting(name: string): string | undefined {
    const value: unknown = this.config.get(name as keyof EnvironmentVariables);
    return value === undefined || value === null ? undefined : String(value);
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
