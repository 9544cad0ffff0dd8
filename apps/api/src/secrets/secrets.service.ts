import { createDecipheriv } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { loadOrCreateSecret, readSecret } from '../config/data-dir-secret';
import { lockUntilCommit } from '../database/advisory-lock';
import { SEALED_COLUMNS, SealedColumn, SealedColumnsRepository, StoredSecret } from './sealed-columns.repository';
import { isSealed, parseKey, SecretSealer, SEALED_VERSION, UnsealError } from './sealed-secrets';

/** DATA_DIR/<this>: the key generated when SECRETS_KEY is unset. */
export const KEY_FILE = 'secrets-key';
/** DATA_DIR/<this>: the key of TOTP secrets before issue 16, read (never made) to seal them again. */
const LEGACY_TOTP_KEY_FILE = 'totp-key';
/** The TOTP secrets' form before issue 16: `enc1:` + base64url(iv ‖ tag ‖ ciphertext), the account id as AAD. */
const LEGACY_TOTP_PREFIX = 'enc1:';
/** Any fixed number: the sealing step runs on one instance at a time. */
const SEALING_LOCK = 0x7365_616c; // "seal"

/**
 * Issue 16: the secrets the API keeps in PostgreSQL and must read back, sealed
 * with one key (SealedSecrets's format) held outside the database: SECRETS_KEY,
 * else one generated once into DATA_DIR/secrets-key, so `npm start` needs no
 * setting. Keys in SECRETS_KEY_PREVIOUS still open what they sealed.
 *
 * On start, every value not sealed with the current key is sealed (again):
 * clear text an earlier version stored, TOTP secrets of the earlier `enc1:`
 * form, values of a previous key (completing a rotation). On start rather than
 * in a migration, because migrations also run from the TypeORM CLI with
 * DATABASE_URL alone, where the key (a setting or a file in DATA_DIR) is not;
 * under an advisory lock, so instances starting together do it once.
 */
@Injectable()
export class SecretsService implements OnModuleInit {
  private readonly logger = new Logger('SecretsService');
  private sealer?: SecretSealer;
  private legacyTotpKey?: Buffer;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly columns: SealedColumnsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const { key, previousKeys } = this.config.secrets;
    this.sealer = new SecretSealer(parseKey(key ?? (await this.loadOrCreateKey())), previousKeys.map(parseKey));
    const legacy = this.config.staff.totpEncryptionKey ?? (await readSecret(this.config.dataDir, LEGACY_TOTP_KEY_FILE));
    this.legacyTotpKey = legacy ? Buffer.from(legacy, 'hex') : undefined;
    await this.sealStoredSecrets();
  }

  /** The value to store in `column` of row `rowId`: sealed with the current key, bound to that row. */
  seal(column: SealedColumn, rowId: string, plaintext: string): string {
    return this.requireSealer().seal(plaintext, contextOf(column, rowId));
  }

  /**
   * The clear value of what `column` of row `rowId` holds. Throws UnsealError
   * (its message names the setting to fix) when it cannot: the caller turns
   * that into a failure of its own (a failed delivery, a refused code), never
   * a 500. A value not sealed is clear text stored by an earlier version,
   * read as it is until the next start seals it.
   */
  open(column: SealedColumn, rowId: string, stored: string): string {
    if (isSealed(stored)) return this.requireSealer().open(stored, contextOf(column, rowId));
    if (column === SEALED_COLUMNS.totpSecret && stored.startsWith(LEGACY_TOTP_PREFIX)) return this.openLegacyTotp(rowId, stored);
    return stored;
  }

  /** The current key's id, as sealed values show it (`v1:<id>:…`). */
  get currentKeyId(): string {
    return this.requireSealer().currentKeyId;
  }

  /** Seals what is not sealed with the current key, in every sealed column; answers how many values it sealed. */
  async sealStoredSecrets(): Promise<number> {
    const sealer = this.requireSealer();
    const unopened: string[] = [];
    const sealed = await this.dataSource.transaction(async (manager) => {
      await lockUntilCommit(manager, SEALING_LOCK);
      let count = 0;
      for (const column of Object.values(SEALED_COLUMNS)) {
        const rows = await this.columns.lockNotSealedWith(manager, column, `${SEALED_VERSION}:${sealer.currentKeyId}:`);
        for (const row of rows) {
          const plaintext = this.openForSealing(column, row, unopened);
          if (plaintext === undefined) continue;
          await this.columns.replace(manager, column, row, this.seal(column, row.id, plaintext));
          count++;
        }
      }
      return count;
    });
    if (sealed > 0) this.logger.log(`Sealed ${sealed} stored secret(s) with the key ${sealer.currentKeyId} (SECRETS_KEY)`);
    // Whatever needs them (deliveries, two-factor sign-in) would fail for each: say why, loudly, at start.
    for (const problem of unopened) this.logger.error(problem);
    return sealed;
  }

  private openForSealing(column: SealedColumn, row: StoredSecret, unopened: string[]): string | undefined {
    try {
      return this.open(column, row.id, row.value);
    } catch (error) {
      if (!(error instanceof UnsealError)) throw error;
      unopened.push(`The ${column.label} of ${column.table} ${row.id} cannot be opened, left as it is: ${error.message}`);
      return undefined;
    }
  }

  private openLegacyTotp(staffId: string, stored: string): string {
    if (!this.legacyTotpKey) {
      throw new UnsealError('unknown_key', `a TOTP secret of an earlier version (enc1:) needs its key: set TOTP_ENCRYPTION_KEY, or keep DATA_DIR/${LEGACY_TOTP_KEY_FILE}`);
    }
    const raw = Buffer.from(stored.slice(LEGACY_TOTP_PREFIX.length), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.legacyTotpKey, raw.subarray(0, 12), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(staffId));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new UnsealError('tampered', 'a TOTP secret of an earlier version (enc1:) does not open with TOTP_ENCRYPTION_KEY (or DATA_DIR/totp-key)');
    }
  }

  private async loadOrCreateKey(): Promise<string> {
    const { value, created, path } = await loadOrCreateSecret(this.config.dataDir, KEY_FILE);
    if (created) this.logger.log(`SECRETS_KEY is not set: generated one in ${path}; every instance needs the same key`);
    return value;
  }

  private requireSealer(): SecretSealer {
    if (!this.sealer) throw new Error('SecretsService used before the module was initialised');
    return this.sealer;
  }
}

/** The AAD of a sealed value: its column and row, so it opens nowhere else. */
const contextOf = (column: SealedColumn, rowId: string): string => `${column.table}.${column.column}:${rowId}`;
