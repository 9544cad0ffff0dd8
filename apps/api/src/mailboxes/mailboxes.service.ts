import { readFile } from 'node:fs/promises';
import { HttpStatus, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';
import { SEALED_COLUMNS, SealedColumn } from '../secrets/sealed-columns.repository';
import { SecretsService } from '../secrets/secrets.service';
import {
  MAILBOX_AUTH_KINDS,
  MAILBOX_KINDS,
  type MailboxAuthKind,
  type MailboxConnection,
  type MailboxInput,
  type MailboxKind,
  type MailboxOAuth,
  type MailboxPublicFields,
  type MailboxStatus,
  type MailboxView,
} from '@pidtrymka/contracts';
import { MailboxEntity } from './mailbox.entity';
import { MailboxesRepository } from './mailboxes.repository';
import { OAuthCredentials, OAuthTokens } from './oauth-tokens';

/** How long an instance trusts its copy of the mailboxes; another instance's change shows within this. */
const CACHE_MS = 5_000;

/** A mailbox as the code uses it, secrets opened (never leaves the process). */
export interface OpenedMailbox extends MailboxPublicFields {
  password: string | null;
  smtpPassword: string | null;
  clientSecret: string | null;
  refreshToken: string | null;
  /** Changes whenever the row does: a running channel or transport of another version is replaced. */
  version: string;
}

const SECRETS = [
  ['password', 'password', SEALED_COLUMNS.mailboxPassword],
  ['smtpPassword', 'smtpPassword', SEALED_COLUMNS.mailboxSmtpPassword],
  ['clientSecret', 'oauthSecret', SEALED_COLUMNS.mailboxOAuthSecret],
  ['refreshToken', 'oauthRefreshToken', SEALED_COLUMNS.mailboxRefreshToken],
] as const satisfies readonly (readonly [keyof MailboxInput, keyof MailboxEntity, SealedColumn])[];

/**
 * Issue 16: the inbound mailboxes besides the environment's default one —
 * configured by admins, or in MAILBOXES_FILE (loaded into the table at start,
 * secrets sealed) — and what each needs at run time: its secrets opened, its
 * OAuth2 token, its reader's state.
 */
@Injectable()
export class MailboxesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mailboxes');
  /** MAILBOXES_FILE's text as last loaded, and the timer that looks whether it changed. */
  private fileText?: string;
  private fileTimer?: NodeJS.Timeout;
  private fileWatched = false;
  private cached?: { at: number; mailboxes: Promise<OpenedMailbox[]> };
  private readonly listeners = new Set<() => void>();
  private readonly readers = new Map<string, () => MailboxStatus>();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: MailboxesRepository,
    private readonly secrets: SecretsService,
    readonly tokens: OAuthTokens,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const path = this.config.mail.mailboxesFile;
    if (!path) return;
    // A file that cannot be read or understood at start stops the start, naming it.
    await this.loadFile(path, await readFile(path, 'utf8'));
    this.watchFile(path);
  }

  onApplicationShutdown(): void {
    this.fileWatched = false;
    clearTimeout(this.fileTimer);
  }

  /** Every mailbox, secrets opened; a secret that does not open is left out (its mailbox then fails to log in, and says so). */
  all(): Promise<OpenedMailbox[]> {
    if (!this.cached || Date.now() - this.cached.at > CACHE_MS) {
      const mailboxes = this.repository.all().then((rows) => rows.map((row) => this.opened(row)));
      this.cached = { at: Date.now(), mailboxes };
      mailboxes.catch(() => (this.cached = undefined));
    }
    return this.cached.mailboxes;
  }

  async find(id: string): Promise<OpenedMailbox | null> {
    return (await this.all()).find((mailbox) => mailbox.id === id) ?? null;
  }

  /** Whether an address is one of ours (a mailbox's From): mail from it is a loop. */
  async isOwnAddress(address: string): Promise<boolean> {
    const lower = address.toLowerCase();
    return (await this.all()).some((mailbox) => mailbox.fromAddress.toLowerCase() === lower);
  }

  /** The database's version of the list, to notice another instance's change. */
  version(): Promise<string> {
    return this.repository.version();
  }

  /** Called after every change made here (the runner restarts what changed at once, not at its next check). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The mail-in runner tells how a mailbox's reader is doing. */
  registerReader(id: string, state: (() => MailboxStatus) | null): void {
    if (state) this.readers.set(id, state);
    else this.readers.delete(id);
  }

  status(mailbox: Pick<OpenedMailbox, 'id' | 'enabled' | 'authKind'>): MailboxStatus {
    const reader = this.readers.get(mailbox.id);
    const status: MailboxStatus = !mailbox.enabled ? { state: 'disabled' } : reader ? reader() : { state: 'idle' };
    const failure = mailbox.authKind === 'password' ? undefined : this.tokens.failure(mailbox.id);
    return failure ? { ...status, tokenError: failure.error } : status;
  }

  /** The OAuth2 credentials of a mailbox that uses them. */
  oauthCredentials(mailbox: OpenedMailbox): OAuthCredentials | null {
    if (mailbox.authKind === 'password' || !mailbox.oauth) return null;
    return { mailboxId: mailbox.id, kind: mailbox.authKind, oauth: mailbox.oauth, clientSecret: mailbox.clientSecret, refreshToken: mailbox.refreshToken };
  }

  // ---- Admins ----

  async list(): Promise<MailboxView[]> {
    return (await this.repository.all()).map((row) => this.view(row));
  }

  async get(id: string): Promise<MailboxView> {
    return this.view(await this.require(id));
  }

  async create(input: MailboxInput, actor?: StaffPrincipal): Promise<MailboxView> {
    const complete = { kind: 'imap' as const, authKind: 'password' as const, settings: {}, ...definedOnly(input) };
    if (!complete.name || !complete.fromAddress) throw new ApiException(HttpStatus.BAD_REQUEST, 'mailbox_invalid');
    if (await this.repository.findByName(complete.name)) throw new ApiException(HttpStatus.CONFLICT, 'mailbox_name_taken');
    this.check(complete, {}, input);
    const id = await this.repository.insert(this.columns(complete));
    await this.writeSecrets(id, input);
    await this.record(actor, 'mailbox.created', id, complete.name, input);
    this.changed();
    return this.get(id);
  }

  async update(id: string, input: MailboxInput, actor?: StaffPrincipal): Promise<MailboxView> {
    const row = await this.require(id);
    if (input.name && input.name !== row.name && (await this.repository.findByName(input.name))) throw new ApiException(HttpStatus.CONFLICT, 'mailbox_name_taken');
    this.check({ ...row, ...definedOnly(input) }, row, input);
    await this.repository.update(id, this.columns(input));
    await this.writeSecrets(id, input);
    await this.record(actor, 'mailbox.updated', id, input.name ?? row.name, input);
    this.tokens.forget(id);
    this.changed();
    return this.get(id);
  }

  async remove(id: string, actor?: StaffPrincipal): Promise<void> {
    const row = await this.require(id);
    if (!(await this.repository.remove(id))) throw new ApiException(HttpStatus.NOT_FOUND, 'mailbox_not_found');
    await this.record(actor, 'mailbox.deleted', id, row.name, {});
    this.tokens.forget(id);
    this.changed();
  }

  /**
   * MAILBOXES_FILE: a JSON array of mailboxes (MailboxInput with `name`),
   * written into the table by name at start, secrets sealed, and again
   * whenever its text changes (looked at every MAILBOXES_RELOAD_MS); so the
   * file may be removed once loaded, and its secrets need not stay on disk.
   * A mailbox the file describes as it is stored is left alone: several
   * instances loading one file write (and audit) a change once, and a start
   * does not restart every file mailbox's reader on every instance.
   */
  private async loadFile(path: string, text: string): Promise<void> {
    let entries: MailboxInput[];
    try {
      entries = JSON.parse(text) as MailboxInput[];
    } catch (error) {
      throw new Error(`MAILBOXES_FILE ${path}: not JSON: ${(error as Error).message}`, { cause: error });
    }
    if (!Array.isArray(entries)) throw new Error(`MAILBOXES_FILE ${path}: expected a JSON array of mailboxes`);
    if (entries.some((entry) => !entry?.name)) throw new Error(`MAILBOXES_FILE ${path}: every mailbox needs a name`);
    let written = 0;
    for (const entry of entries) {
      const existing = await this.repository.findByName(entry.name!);
      if (existing && this.describes(existing, entry)) continue;
      if (existing) await this.update(existing.id, entry);
      else await this.create(entry);
      written++;
    }
    this.fileText = text;
    this.logger.log(`Loaded ${entries.length} mailbox(es) from ${path} (${written} written)`);
  }

  /**
   * Every MAILBOXES_RELOAD_MS: the file loaded again if its text changed. One
   * that is gone (removed once loaded, as it may be) or cannot be loaded now
   * changes nothing: the mailboxes stay as they are, the reason in the log.
   */
  private watchFile(path: string): void {
    this.fileWatched = true;
    const look = async () => {
      const text = await readFile(path, 'utf8').catch(() => null);
      if (text !== null && text !== this.fileText) {
        await this.loadFile(path, text).catch((error: Error) => {
          this.logger.error(`${error.message}; the mailboxes are left as they were`);
          // Not tried again until the text changes once more.
          this.fileText = text;
        });
      }
      if (!this.fileWatched) return;
      this.fileTimer = setTimeout(() => void look(), this.config.mail.reloadMs);
      this.fileTimer.unref();
    };
    this.fileTimer = setTimeout(() => void look(), this.config.mail.reloadMs);
    this.fileTimer.unref();
  }

  /** Whether storing `input` over `row` would change nothing (a secret compared opened). */
  private describes(row: MailboxEntity, input: MailboxInput): boolean {
    const columns = this.columns(input) as Record<string, unknown>;
    for (const [key, value] of Object.entries(columns)) {
      if (stableJson(value) !== stableJson((row as unknown as Record<string, unknown>)[key])) return false;
    }
    for (const [field, column, sealed] of SECRETS) {
      const given = input[field];
      if (given === undefined) continue;
      const stored = row[column];
      if (given === null || given === '') {
        if (stored !== null) return false;
        continue;
      }
      if (stored === null) return false;
      try {
        if (this.secrets.open(sealed, row.id, stored) !== given) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  /** Who changed which mailbox and which fields; a secret only as "changed", never its value. */
  private async record(actor: StaffPrincipal | undefined, action: string, mailboxId: string, name: string, input: MailboxInput): Promise<void> {
    const changed = Object.keys(definedOnly(input)).sort();
    await this.audit.record(this.dataSource.manager, {
      ticketId: null,
      actor: actor ? { type: 'staff', name: actor.name } : { type: 'system', name: 'MAILBOXES_FILE' },
      action,
      details: { mailboxId, name, changed },
    });
  }

  private changed(): void {
    this.cached = undefined;
    for (const listener of this.listeners) listener();
  }

  private async require(id: string): Promise<MailboxEntity> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repository.find(id) : null;
    if (!row) throw new ApiException(HttpStatus.NOT_FOUND, 'mailbox_not_found');
    return row;
  }

  /** What a mailbox cannot work without, checked before it is stored. */
  private check(
    mailbox: { kind: MailboxKind; authKind: MailboxAuthKind; settings?: MailboxConnection; oauth?: MailboxOAuth | null },
    stored: Partial<Pick<MailboxEntity, 'password' | 'oauthSecret' | 'oauthRefreshToken'>>,
    input: MailboxInput = {},
  ): void {
    const has = (given: string | null | undefined, kept: string | null | undefined) => (given === undefined ? !!kept : !!given);
    const invalid =
      !MAILBOX_KINDS.includes(mailbox.kind) ||
      !MAILBOX_AUTH_KINDS.includes(mailbox.authKind) ||
      (mailbox.kind === 'imap' && (!mailbox.settings?.host || !mailbox.settings.user)) ||
      (mailbox.authKind !== 'password' && (!mailbox.oauth?.clientId || !has(input.clientSecret, stored.oauthSecret))) ||
      (mailbox.authKind === 'oauth2-google' && !has(input.refreshToken, stored.oauthRefreshToken));
    if (invalid) throw new ApiException(HttpStatus.BAD_REQUEST, 'mailbox_invalid');
  }

  private columns(input: MailboxInput): Partial<MailboxEntity> {
    const { name, kind, settings, categoryId, fromName, fromAddress, smtp, authKind, oauth, enabled } = input;
    return definedOnly({ name, kind, settings, categoryId, fromName, fromAddress, smtp, authKind, oauth, enabled });
  }

  /** Sealed bound to the row, so a value copied into another mailbox does not open there. */
  private async writeSecrets(id: string, input: MailboxInput): Promise<void> {
    const values: Partial<MailboxEntity> = {};
    for (const [field, column, sealed] of SECRETS) {
      const given = input[field];
      if (given === undefined) continue;
      (values as Record<string, string | null>)[column] = given === null || given === '' ? null : this.secrets.seal(sealed, id, given);
    }
    if (Object.keys(values).length) await this.repository.update(id, values);
  }

  private opened(row: MailboxEntity): OpenedMailbox {
    const open = (column: SealedColumn, value: string | null): string | null => {
      if (value === null) return null;
      try {
        return this.secrets.open(column, row.id, value);
      } catch (error) {
        this.logger.error(`Mailbox ${row.name}: the ${column.label} cannot be opened: ${(error as Error).message}`);
        return null;
      }
    };
    return {
      ...publicFields(row),
      password: open(SEALED_COLUMNS.mailboxPassword, row.password),
      smtpPassword: open(SEALED_COLUMNS.mailboxSmtpPassword, row.smtpPassword),
      clientSecret: open(SEALED_COLUMNS.mailboxOAuthSecret, row.oauthSecret),
      refreshToken: open(SEALED_COLUMNS.mailboxRefreshToken, row.oauthRefreshToken),
      version: new Date(row.updatedAt).toISOString(),
    };
  }

  private view(row: MailboxEntity): MailboxView {
    return {
      ...publicFields(row),
      passwordSet: row.password !== null,
      smtpPasswordSet: row.smtpPassword !== null,
      clientSecretSet: row.oauthSecret !== null,
      refreshTokenSet: row.oauthRefreshToken !== null,
      status: this.status(row),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }
}

/** JSON with object keys sorted: jsonb keeps its own order of keys, the file its writer's. */
function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The one mapping of a row's non-secret columns, shared by the admins' view and the opened copy. */
function publicFields(row: MailboxEntity): MailboxPublicFields {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    settings: row.settings ?? {},
    categoryId: row.categoryId,
    fromName: row.fromName,
    fromAddress: row.fromAddress,
    smtp: row.smtp,
    authKind: row.authKind,
    oauth: row.oauth,
    enabled: row.enabled,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
