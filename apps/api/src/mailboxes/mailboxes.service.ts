import { readFile } from 'node:fs/promises';
import { HttpStatus, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
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
export class MailboxesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Mailboxes');
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
    if (this.config.mail.mailboxesFile) await this.loadFile(this.config.mail.mailboxesFile);
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
   * written into the table by name at every start, secrets sealed; so the
   * file may be removed once loaded, and its secrets need not stay on disk.
   */
  private async loadFile(path: string): Promise<void> {
    const entries = JSON.parse(await readFile(path, 'utf8')) as MailboxInput[];
    if (!Array.isArray(entries)) throw new Error(`MAILBOXES_FILE ${path}: expected a JSON array of mailboxes`);
    for (const entry of entries) {
      if (!entry.name) throw new Error(`MAILBOXES_FILE ${path}: every mailbox needs a name`);
      const existing = await this.repository.findByName(entry.name);
      if (existing) await this.update(existing.id, entry);
      else await this.create(entry);
    }
    this.logger.log(`Loaded ${entries.length} mailbox(es) from ${path}`);
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
