import { resolve } from 'node:path';
import { MULTI_PLUGIN_KINDS, MultiPluginKind, parseList, PLUGIN_KINDS, PluginKind, Setting } from '@pidtrymka/plugin-sdk';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';

/*
 * Every setting of the API itself, each written once: its environment
 * variable, default (suited to the embedded start: `npm start` with nothing
 * configured), rules and meaning, on the property the code reads. Plugins
 * declare theirs beside them (`PluginDefinition.settings`). README lists them
 * all; config/settings.ts reads and validates them at start.
 */

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
const RATE_LIMIT_STORES = ['database', 'memory'] as const;
const SENDER_CHECKS = ['auto', 'dns', 'authserv', 'off'] as const;
const WITHOUT_DMARC = ['hold', 'proceed'] as const;

const withoutTrailingSlashes = (raw: string) => raw.replace(/\/+$/, '');
const trimmed = (raw: string) => raw.trim();
const extensionList = (raw: string) => parseList(raw).map((extension) => extension.replace(/^\./, '').toLowerCase());

export class AttachmentSettings {
  @Setting('ATTACHMENT_MAX_COUNT') @IsInt() @Min(0) @Max(20)
  readonly maxCount: number = 2;

  @Setting('ATTACHMENT_MAX_BYTES') @IsInt() @Min(1) @Max(1024 * 1024 * 1024)
  readonly maxBytes: number = 2 * 1024 * 1024;

  /** Compared with what follows a file name's last dot, so an extension has no dot of its own. */
  @Setting('ATTACHMENT_EXTENSIONS', extensionList)
  @Matches(/^[\p{L}\p{N}_-]+$/u, { each: true, message: 'ATTACHMENT_EXTENSIONS is a comma-separated list of extensions without dots or spaces, e.g. pdf,docx' })
  readonly extensions: readonly string[] = ['gif', 'jpg', 'jpeg', 'png', 'zip', 'rar', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'txt', 'pdf', 'p7s'];
}

export class AttachmentInspectionSettings {
  /** Issue 20: how long one inspector may look at one attachment before it is stopped and the time-out is shown instead. */
  @Setting('ATTACHMENT_INSPECTION_TIMEOUT_MS') @IsInt() @Min(100) @Max(10 * MINUTE_MS)
  readonly timeoutMs: number = 30 * SECOND_MS;
}

export class RateLimitSettings {
  @Setting('RATE_LIMIT_ENABLED') @IsBoolean()
  readonly enabled: boolean = true;

  /** Ticket creations and replies per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Setting('RATE_LIMIT_SUBMISSIONS') @IsInt() @Min(1)
  readonly submissions: number = 10;

  /** Failed tracking-ID look-ups per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Setting('RATE_LIMIT_FAILED_LOOKUPS') @IsInt() @Min(1)
  readonly failedLookups: number = 10;

  /** All requests to the participants' API per IP per RATE_LIMIT_WINDOW_SECONDS. */
  @Setting('RATE_LIMIT_REQUESTS') @IsInt() @Min(1)
  readonly requests: number = 300;

  /** Issue 18: sign-in links a participant may ask for, per address per hour (counted whether or not the address has requests). */
  @Setting('RATE_LIMIT_SIGN_IN_LINKS') @IsInt() @Min(1)
  readonly signInLinks: number = 3;

  /** Issue 18: sign-in links asked for from one IP per hour, for any addresses. */
  @Setting('RATE_LIMIT_SIGN_IN_LINKS_PER_IP') @IsInt() @Min(1)
  readonly signInLinksPerIp: number = 10;

  @Setting('RATE_LIMIT_WINDOW_SECONDS') @IsInt() @Min(1)
  readonly windowSeconds: number = 60;

  /** `database`: counters in PostgreSQL, shared by every instance; `memory`: each process counts alone (one instance only). */
  @Setting('RATE_LIMIT_STORE') @IsIn(RATE_LIMIT_STORES)
  readonly store: (typeof RATE_LIMIT_STORES)[number] = 'database';

  get windowMs(): number {
    return this.windowSeconds * SECOND_MS;
  }
}

/** Which implementation of each plugin interface runs: a built-in's name, or a plugin's from PLUGINS. */
export class PluginSettings {
  /** Comma-separated npm packages that export `pidtrymkaPlugins`. */
  @Setting('PLUGINS')
  readonly packages: readonly string[] = [];

  @Setting(PLUGIN_KINDS.captcha.setting)
  readonly captcha: string = 'image';

  @Setting(PLUGIN_KINDS['attachment-store'].setting)
  readonly attachmentStore: string = 'database';

  /** `maildir` writes .eml files under DATA_DIR/mail/sent; `smtp` sends to SMTP_URL. */
  @Setting(PLUGIN_KINDS['mail-transport'].setting)
  readonly mailTransport: string = 'maildir';

  /** `maildir` takes files from DATA_DIR/mail/in/new; `imap` reads a mailbox; `pipe` only the mail:pipe command. */
  @Setting(PLUGIN_KINDS['mail-in'].setting)
  readonly mailInChannel: string = 'maildir';

  @Setting(PLUGIN_KINDS['knowledge-source'].setting)
  readonly knowledgeSource: string = 'strapi';

  /** Issue 16: the event-subscriber plugins that get domain events, by name, comma-separated; any number. */
  @Setting(MULTI_PLUGIN_KINDS['event-subscriber'].setting)
  readonly eventSubscribers: readonly string[] = [];

  /** Issue 20: the attachment-inspector plugins that look at stored attachments (e.g. `signatures`), by name, comma-separated; any number. */
  @Setting(MULTI_PLUGIN_KINDS['attachment-inspector'].setting)
  readonly attachmentInspectors: readonly string[] = [];

  /** The plugin each kind's setting names, e.g. `{ captcha: 'image', … }`. */
  get chosen(): Record<PluginKind, string> {
    return {
      captcha: this.captcha,
      'attachment-store': this.attachmentStore,
      'mail-transport': this.mailTransport,
      'mail-in': this.mailInChannel,
      'knowledge-source': this.knowledgeSource,
    };
  }

  /** The plugins of each kind that runs several at once. */
  get chosenMany(): Record<MultiPluginKind, readonly string[]> {
    return { 'event-subscriber': this.eventSubscribers, 'attachment-inspector': this.attachmentInspectors };
  }
}

export class StaffSettings {
  /** A staff session ends after this long without a call… */
  @Setting('STAFF_SESSION_IDLE_MINUTES') @IsInt() @Min(1)
  readonly sessionIdleMinutes: number = 120;

  /** …and this long after sign-in in any case. */
  @Setting('STAFF_SESSION_MAX_HOURS') @IsInt() @Min(1)
  readonly sessionMaxHours: number = 12;

  /** Failed sign-ins in a row for one account from one address that lock that pair (not the account) for STAFF_LOCKOUT_MINUTES. */
  @Setting('STAFF_LOCKOUT_ATTEMPTS') @IsInt() @Min(1)
  readonly lockoutAttempts: number = 6;

  @Setting('STAFF_LOCKOUT_MINUTES') @IsInt() @Min(1)
  readonly lockoutMinutes: number = 15;

  /** Failed sign-ins from one address, whatever the accounts, that lock the address for STAFF_LOCKOUT_MINUTES (password spraying). */
  @Setting('STAFF_LOCKOUT_IP_ATTEMPTS') @IsInt() @Min(1)
  readonly ipLockoutAttempts: number = 20;

  /**
   * Failed sign-ins to one account from all addresses together after which the
   * account is slowed down, never locked: an address the account never signed
   * in from may try once per 1 s, 2 s, 4 s… up to STAFF_SLOWDOWN_MAX_SECONDS.
   */
  @Setting('STAFF_SLOWDOWN_AFTER') @IsInt() @Min(1)
  readonly slowdownAfter: number = 10;

  @Setting('STAFF_SLOWDOWN_MAX_SECONDS') @IsInt() @Min(1) @Max(3600)
  readonly slowdownMaxSeconds: number = 60;

  /**
   * The key of an earlier version's TOTP secrets (`enc1:`), 64 hex digits; unset: DATA_DIR/totp-key if there is one.
   * Read only to seal them again with SECRETS_KEY on start (issue 16); never used to seal.
   */
  @Setting('TOTP_ENCRYPTION_KEY') @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'TOTP_ENCRYPTION_KEY must be 64 hex digits (32 bytes)' })
  readonly totpEncryptionKey?: string;

  /** Set: staff e-mails about new requests go to this address instead of the category's agents (R-STAFF-2). */
  @Setting('STAFF_NOTIFY_EMAIL')
  readonly notifyEmail?: string;

  /**
   * Issue 18: a new request from an address that points to exactly one organisation (its contact
   * belongs to one, else its domain is one organisation's) is `auto`: linked to it; `suggest`: left
   * unlinked, with the organisation suggested to staff on the request's page.
   */
  @Setting('ORGANISATION_LINKING') @IsIn(['auto', 'suggest'])
  readonly organisationLinking: 'auto' | 'suggest' = 'auto';

  get sessionIdleMs(): number {
    return this.sessionIdleMinutes * MINUTE_MS;
  }

  get sessionMaxMs(): number {
    return this.sessionMaxHours * HOUR_MS;
  }

  get lockoutMs(): number {
    return this.lockoutMinutes * MINUTE_MS;
  }

  get slowdownMaxMs(): number {
    return this.slowdownMaxSeconds * SECOND_MS;
  }
}

/** Issue 18: participants' own space, signed in by one-time links sent by e-mail. */
export class ParticipantSettings {
  /** A participant's session ends after this long without a call… */
  @Setting('PARTICIPANT_SESSION_IDLE_DAYS') @IsInt() @Min(1) @Max(365)
  readonly sessionIdleDays: number = 7;

  /** …and this long after sign-in in any case. */
  @Setting('PARTICIPANT_SESSION_MAX_DAYS') @IsInt() @Min(1) @Max(365)
  readonly sessionMaxDays: number = 30;

  get sessionIdleMs(): number {
    return this.sessionIdleDays * DAY_MS;
  }

  get sessionMaxMs(): number {
    return this.sessionMaxDays * DAY_MS;
  }
}

/** The first admin, created on a start that finds no staff account. */
export class FirstAdminSettings {
  @Setting('ADMIN_EMAIL')
  readonly email?: string;

  /** Unset with ADMIN_EMAIL set: a password is generated and written to the log once. */
  @Setting('ADMIN_PASSWORD')
  readonly password?: string;

  @Setting('ADMIN_NAME')
  readonly name: string = 'Адміністратор';
}

export class SchedulerSettings {
  /** Off: this instance runs no timed jobs (another one does). */
  @Setting('SCHEDULER_ENABLED') @IsBoolean()
  readonly enabled: boolean = true;

  @Setting('SCHEDULER_INTERVAL_SECONDS') @IsInt() @Min(1)
  readonly intervalSeconds: number = 60;

  /** A full resync heals missed webhooks (R-KB-2: changes show within a minute). */
  @Setting('KB_RESYNC_SECONDS') @IsInt() @Min(10)
  readonly kbResyncSeconds: number = 60;

  /** How often the queue's count deltas are folded into the counters: the fewer deltas, the quicker the counts. */
  @Setting('TICKET_COUNTS_FOLD_SECONDS') @IsInt() @Min(1)
  readonly countsFoldSeconds: number = 5;

  get intervalMs(): number {
    return this.intervalSeconds * SECOND_MS;
  }

  get kbResyncMs(): number {
    return this.kbResyncSeconds * SECOND_MS;
  }

  get countsFoldMs(): number {
    return this.countsFoldSeconds * SECOND_MS;
  }
}

export class MailSettings {
  @Setting('MAIL_FROM_NAME')
  readonly fromName: string = 'Технічна підтримка';

  @Setting('MAIL_FROM_ADDRESS')
  readonly fromAddress: string = 'support@localhost';

  /** Signs our Message-IDs. Unset: one is generated once and kept in DATA_DIR/mail-secret. */
  @Setting('MAIL_SECRET')
  readonly secret?: string;

  /**
   * Issue 16: a JSON file of further inbound mailboxes (each with its category and sending identity), written
   * into the database by name at start, and again when its text changes (MAILBOXES_RELOAD_MS), with their
   * secrets sealed; admins may also manage them in the workspace.
   */
  @Setting('MAILBOXES_FILE', resolve)
  readonly mailboxesFile?: string;

  /** Issue 16: how often each instance looks whether another changed the mailboxes, and whether MAILBOXES_FILE changed. */
  @Setting('MAILBOXES_RELOAD_MS') @IsInt() @Min(100)
  readonly reloadMs: number = 30_000;
}

export class OutboxSettings {
  /** Off only for processes that must not send (tests, one-off commands). */
  @Setting('OUTBOX_WORKER_ENABLED') @IsBoolean()
  readonly workerEnabled: boolean = true;

  @Setting('OUTBOX_POLL_MS') @IsInt() @Min(10)
  readonly pollMs: number = 1000;

  @Setting('OUTBOX_BATCH_SIZE') @IsInt() @Min(1) @Max(1000)
  readonly batchSize: number = 100;

  /** Attempts before an e-mail is marked failed for staff to retry. */
  @Setting('OUTBOX_MAX_ATTEMPTS') @IsInt() @Min(1)
  readonly maxAttempts: number = 10;

  /** Wait before the first retry; each further retry waits twice as long (at most 6 hours). */
  @Setting('OUTBOX_BACKOFF_MS') @IsInt() @Min(1)
  readonly backoffMs: number = 30_000;

  /** How long a worker owns an e-mail it is sending before another may retry it. */
  @Setting('OUTBOX_LEASE_SECONDS') @IsInt() @Min(1)
  readonly leaseSeconds: number = 300;

  /**
   * RFC 3834 §2: at most this many automatic e-mails (confirmations,
   * reminders, automatic closes) to one address per hour; the rest are held,
   * listed for admins, and sent as the hour allows.
   */
  @Setting('OUTBOX_AUTOMATIC_PER_ADDRESS_PER_HOUR') @IsInt() @Min(1)
  readonly automaticPerAddressPerHour: number = 10;

  /**
   * Issue 17: a staff reply's files go with its e-mail while together they are at most this many bytes (as
   * stored; base64 makes the e-mail about a third larger, which mail servers' usual 25 MB limits allow for);
   * above it, or at 0, the e-mail lists them by name and size with the link to the request page.
   */
  @Setting('MAIL_MAX_ATTACHMENTS_BYTES') @IsInt() @Min(0) @Max(100 * 1024 * 1024)
  readonly maxAttachmentsBytes: number = 10 * 1024 * 1024;
}

/** Issue 17: the staff workspace's live stream. */
export class LiveSettings {
  /** How often an instance with workspace pages open reads the new domain events: the most a change waits before those pages hear of it. */
  @Setting('LIVE_POLL_MS') @IsInt() @Min(50)
  readonly pollMs: number = 300;
}

/**
 * Issue 16: delivery of domain events to event-subscriber plugins, by the
 * same processes that send the outbox (OUTBOX_WORKER_ENABLED), with the
 * outbox's discipline: leases, backoff, a last attempt.
 */
export class EventSettings {
  @Setting('EVENT_POLL_MS') @IsInt() @Min(10)
  readonly pollMs: number = 1000;

  /** Attempts before an event is given up for one subscriber (kept as `failed`); the request's later events then go on. */
  @Setting('EVENT_MAX_ATTEMPTS') @IsInt() @Min(1)
  readonly maxAttempts: number = 10;

  /** Wait before the first retry; each further retry waits twice as long (at most 6 hours). */
  @Setting('EVENT_BACKOFF_MS') @IsInt() @Min(1)
  readonly backoffMs: number = 10_000;

  /** How long a dispatcher owns an event it is handing to a subscriber before another may take it (a slower `handle` may run twice). */
  @Setting('EVENT_LEASE_SECONDS') @IsInt() @Min(1)
  readonly leaseSeconds: number = 60;

  /** Domain events older than this many days are deleted once every delivery of theirs is done (delivered or given up), in batches by the scheduler. */
  @Setting('EVENTS_RETENTION_DAYS') @IsInt() @Min(1) @Max(3650)
  readonly retentionDays: number = 30;
}

/**
 * Issue 16: outbound webhooks, delivered by the event dispatcher above. The
 * SSRF guard refuses loopback, private, link-local, CGNAT and other
 * non-public addresses unless WEBHOOK_ALLOW_PRIVATE_HOSTS (tests, an
 * on-premise receiver); cloud metadata addresses are refused always.
 */
export class WebhookSettings {
  /** How long one delivery may take, connection to answer; keep it well under EVENT_LEASE_SECONDS. */
  @Setting('WEBHOOK_TIMEOUT_MS') @IsInt() @Min(100)
  readonly timeoutMs: number = 10_000;

  @Setting('WEBHOOK_ALLOW_PRIVATE_HOSTS') @IsBoolean()
  readonly allowPrivateHosts: boolean = false;

  /** Plain http:// endpoints (tests, a receiver on the same host); otherwise https:// only. */
  @Setting('WEBHOOK_ALLOW_HTTP') @IsBoolean()
  readonly allowHttp: boolean = false;
}

const SEALING_KEY = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/;
const SEALING_KEY_RULE = 'must be 32 random bytes, in base64 (e.g. `openssl rand -base64 32`) or as 64 hex digits';

/**
 * Issue 16: the key that seals the secrets the API keeps in the database and
 * must read back (webhook signing secrets, staff TOTP secrets), AES-256-GCM.
 * Every instance needs the same one; losing it loses those secrets.
 */
export class SecretsSettings {
  /** Unset: one is generated once and kept in DATA_DIR/secrets-key (0600). */
  @Setting('SECRETS_KEY', trimmed) @IsOptional() @Matches(SEALING_KEY, { message: `SECRETS_KEY ${SEALING_KEY_RULE}` })
  readonly key?: string;

  /**
   * Keys being rotated out, comma-separated: what they sealed still opens, and is sealed again with SECRETS_KEY on
   * the next start, after which they may be removed.
   */
  @Setting('SECRETS_KEY_PREVIOUS') @Matches(SEALING_KEY, { each: true, message: `each key of SECRETS_KEY_PREVIOUS ${SEALING_KEY_RULE}` })
  readonly previousKeys: readonly string[] = [];
}

export class MailInSettings {
  @Setting('MAIL_IN_ENABLED') @IsBoolean()
  readonly enabled: boolean = true;

  /** How often the channel looks for mail (IMAP also listens with IDLE in between). */
  @Setting('MAIL_IN_POLL_MS') @IsInt() @Min(10)
  readonly pollMs: number = 5000;

  /** R-MAIL-5: join a reply to our e-mail even without `[#ID]` in the subject; false restores the strict behaviour. */
  @Setting('MAIL_IN_JOIN_BY_REFERENCES') @IsBoolean()
  readonly joinByReferences: boolean = true;

  /**
   * R-MAIL-8: more new requests than this from one sender within the window
   * are held for an admin to release (replies to a request always join).
   */
  @Setting('MAIL_IN_BURST_LIMIT') @IsInt() @Min(1)
  readonly burstLimit: number = 5;

  @Setting('MAIL_IN_BURST_WINDOW_SECONDS') @IsInt() @Min(1)
  readonly burstWindowSeconds: number = 300;

  /** Issue 12.1: the text of an e-mail processed is cut here (UTF-8 bytes); the whole message stays in its recorded original. */
  @Setting('MAIL_IN_MAX_TEXT_BYTES') @IsInt() @Min(1024)
  readonly maxTextBytes: number = 262_144;

  /** Parsing an e-mail runs in a worker thread; one that takes longer is quarantined and the worker replaced. */
  @Setting('MAIL_IN_PARSE_TIMEOUT_MS') @IsInt() @Min(10)
  readonly parseTimeoutMs: number = 15_000;

  @Setting('MAIL_IN_PARSE_WORKERS') @IsInt() @Min(1) @Max(16)
  readonly parseWorkers: number = 1;

  /** Attempts at processing one e-mail (a crash or hang mid-way counts) before it is quarantined rather than tried again. */
  @Setting('MAIL_IN_MAX_ATTEMPTS') @IsInt() @Min(1)
  readonly maxAttempts: number = 3;
}

/** 12.8: is an e-mail really from the address in its From? docs/mail-sender-verification.md. */
export class MailInVerifySettings {
  /**
   * `dns` checks DKIM, SPF and DMARC itself; `authserv` trusts only the topmost Authentication-Results
   * of MAIL_IN_AUTHSERV_ID; `auto` is `authserv` when that is set, else `dns` where a DNS that cannot
   * answer lets mail through (flagged), so an offline `npm start` is not blocked; `off` checks nothing.
   */
  @Setting('MAIL_IN_VERIFY') @IsIn(SENDER_CHECKS)
  readonly requested: (typeof SENDER_CHECKS)[number] = 'auto';

  /** The authserv-id our receiving server writes in its Authentication-Results (e.g. `mx.example.com`). */
  @Setting('MAIL_IN_AUTHSERV_ID', trimmed)
  @ValidateIf((settings: MailInVerifySettings) => settings.requested === 'authserv')
  @IsNotEmpty({ message: 'MAIL_IN_VERIFY=authserv needs MAIL_IN_AUTHSERV_ID' })
  readonly authservId?: string;

  /** The host name our MX writes as `by` in its Received header: its `from` gives SPF the client IP and HELO. */
  @Setting('MAIL_IN_RECEIVED_BY', trimmed)
  readonly receivedBy?: string;

  /** From a domain without DMARC: `hold` when a DKIM signature or SPF of that very domain fails; `proceed` lets it through. */
  @Setting('MAIL_IN_VERIFY_WITHOUT_DMARC') @IsIn(WITHOUT_DMARC)
  readonly withoutDmarc: (typeof WITHOUT_DMARC)[number] = 'hold';

  /** The whole check of one message, DNS included; past it the message is held (a slow DNS is no way through). */
  @Setting('MAIL_IN_VERIFY_TIMEOUT_MS') @IsInt() @Min(100) @Max(120_000)
  readonly timeoutMs: number = 10_000;

  get mode(): 'dns' | 'authserv' | 'off' {
    return this.requested === 'auto' ? (this.authservId ? 'authserv' : 'dns') : this.requested;
  }

  /** `auto`: a DNS that cannot answer lets the message through (flagged) instead of holding it. */
  get lenient(): boolean {
    return this.requested === 'auto';
  }
}

export class MetricsSettings {
  /** Off: no /metrics route at all. */
  @Setting('METRICS_ENABLED') @IsBoolean()
  readonly enabled: boolean = true;

  /** Set: /metrics wants `Authorization: Bearer <token>`; unset: only callers on loopback or a private network may scrape. */
  @Setting('METRICS_TOKEN')
  readonly token?: string;
}

export class KbSettings {
  /** Sent by the CMS's webhook in X-Pidtrymka-Webhook-Secret; unset refuses every webhook. */
  @Setting('CMS_WEBHOOK_SECRET')
  readonly webhookSecret?: string;
}

/** The API's settings, validated, in the shape the code uses them (`config.mailIn.pollMs`). */
export class AppConfig {
  @Setting('PORT') @IsInt() @Min(0) @Max(65535)
  readonly port: number = 3000;

  /** Unset: the API starts an embedded PostgreSQL of its own under DATA_DIR/pg. */
  @Setting('DATABASE_URL')
  readonly databaseUrl?: string;

  @Setting('DATA_DIR', resolve)
  readonly dataDir: string = resolve('./data');

  @Setting('EMBEDDED_DB_PORT') @IsInt() @Min(1024) @Max(65535)
  readonly embeddedDbPort: number = 54329;

  @Setting('PUBLIC_URL', withoutTrailingSlashes) @IsUrl({ require_tld: false, require_protocol: true })
  readonly publicUrl: string = 'http://localhost:3000';

  /** A folder whose `.hbs` files replace the shipped e-mail templates of the same path (README: E-mail templates); each is checked at start. Unset: the shipped templates only. */
  @Setting('MAIL_TEMPLATES_DIR', resolve)
  readonly mailTemplatesDir?: string;

  /** Confirmation e-mails with the request's text to one address per hour; past it the confirmation says less (issue 12.7). */
  @Setting('CONFIRMATION_EMAILS_PER_HOUR') @IsInt() @Min(0) @Max(1000)
  readonly confirmationEmailsPerHour: number = 3;

  /** Set when the API runs behind a proxy, so rate limits see the client's IP (Express `trust proxy`). */
  @Setting('TRUST_PROXY')
  readonly trustProxy: string = 'loopback';

  /** The built web app (`ng build web`); unset: apps/web/dist/browser beside the API. */
  @Setting('WEB_DIST_DIR')
  readonly webDistDir?: string;

  @Setting('LOG_LEVEL') @IsIn(LOG_LEVELS)
  readonly logLevel: (typeof LOG_LEVELS)[number] = 'log';

  /** Issue 19: the closed e-mail ends, after the manual's text, with an invitation to rate the request (1–5 stars) on its page. */
  @Setting('SATISFACTION_EMAIL_INVITE') @IsBoolean()
  readonly satisfactionEmailInvite: boolean = true;

  /** R-CLOSE-2: a request in `replied` is resolved this long after the last staff reply. */
  @Setting('AUTO_CLOSE_HOURS') @IsInt() @Min(1)
  readonly autoCloseHours: number = 72;

  /** Issue 19: how long an instance keeps SLA policies and calendars in memory; an admin's change elsewhere shows on new requests within this. */
  @Setting('SLA_CONFIG_CACHE_SECONDS') @IsInt() @Min(0)
  readonly slaConfigCacheSeconds: number = 30;

  /** Issue 19: the owner is warned once a running SLA clock has used this share of its target (the admins are told at the breach). */
  @Setting('SLA_WARN_AT_PERCENT') @IsInt() @Min(1) @Max(99)
  readonly slaWarnAtPercent: number = 80;

  /** API processes sharing the port: `auto` is one per core (what `npm start` and the Docker image use), 1 a single process. */
  @Setting('API_WORKERS') @Matches(/^(auto|[1-9][0-9]?)$/, { message: 'API_WORKERS is `auto` or a number of processes from 1 to 99' })
  readonly apiWorkers: string = '1';

  readonly attachments = new AttachmentSettings();
  readonly attachmentInspection = new AttachmentInspectionSettings();
  readonly rateLimit = new RateLimitSettings();
  readonly plugins = new PluginSettings();
  readonly staff = new StaffSettings();
  readonly participant = new ParticipantSettings();
  readonly firstAdmin = new FirstAdminSettings();
  readonly scheduler = new SchedulerSettings();
  readonly mail = new MailSettings();
  readonly outbox = new OutboxSettings();
  readonly events = new EventSettings();
  readonly live = new LiveSettings();
  readonly webhooks = new WebhookSettings();
  readonly secrets = new SecretsSettings();
  readonly mailIn = new MailInSettings();
  readonly mailInVerify = new MailInVerifySettings();
  readonly metrics = new MetricsSettings();
  readonly kb = new KbSettings();
}
