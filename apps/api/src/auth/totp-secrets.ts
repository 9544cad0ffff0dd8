import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { loadOrCreateSecret } from '../config/data-dir-secret';
import { lockUntilCommit } from '../database/advisory-lock';
import { AccountsRepository } from './accounts.repository';

const KEY_FILE = 'totp-key';
/** Stored form: `enc1:` + base64url(iv ‖ tag ‖ ciphertext). A clear secret is base32 (A–Z, 2–7), so it never starts so. */
const PREFIX = 'enc1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Any fixed number: the upgrade below runs on one instance at a time. */
const UPGRADE_LOCK = 0x7074_6f74; // "ptot"

/**
 * TOTP secrets encrypted at rest with AES-256-GCM (issue 12.6): whoever reads
 * the database (a dump, a backup, a local account on the embedded PostgreSQL)
 * gets no second factor. The key lives outside the database: TOTP_ENCRYPTION_KEY,
 * else one generated once into DATA_DIR. The account id is the additional
 * authenticated data, so a sealed secret copied onto another account does not open.
 */
@Injectable()
export class TotpSecrets implements OnModuleInit {
  private readonly logger = new Logger('TotpSecrets');
  private key?: Buffer;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.key = Buffer.from(this.config.staff.totpEncryptionKey ?? (await this.loadOrCreateKey()), 'hex');
    await this.sealClearSecrets();
  }

  seal(staffId: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.requireKey(), iv);
    cipher.setAAD(Buffer.from(staffId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** The clear secret; null when it does not open with this key (another instance's key, or tampered). */
  open(staffId: string, stored: string): string | null {
    // Only between a start on an old version and the upgrade below; never written so again.
    if (!stored.startsWith(PREFIX)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.requireKey(), raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(staffId));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /**
   * Encrypts secrets an older version stored in clear. On start rather than in a
   * migration, because a migration has no key (it is in DATA_DIR or a setting);
   * under an advisory lock, so instances starting together do it once.
   */
  private async sealClearSecrets(): Promise<void> {
    const sealed = await this.dataSource.transaction(async (manager) => {
      await lockUntilCommit(manager, UPGRADE_LOCK);
      const rows = await this.accounts.lockTotpSecretsNotSealed(manager, PREFIX);
      for (const row of rows) await this.accounts.update(manager, row.id, { totpSecret: this.seal(row.id, row.totpSecret) });
      return rows.length;
    });
    if (sealed > 0) this.logger.log(`Encrypted ${sealed} TOTP secret(s) stored in clear by an earlier version`);
    const sample = await this.accounts.oneSealedTotpSecret(PREFIX);
    if (sample && this.open(sample.id, sample.totpSecret) === null) {
      // Two-factor sign-in would fail for everyone: say why, loudly, at start rather than at each sign-in.
      this.logger.error('Stored TOTP secrets do not open with this key: every instance needs the same TOTP_ENCRYPTION_KEY (or DATA_DIR/totp-key)');
    }
  }

  private async loadOrCreateKey(): Promise<string> {
    const { value, created, path } = await loadOrCreateSecret(this.config.dataDir, KEY_FILE);
    if (created) this.logger.log(`TOTP_ENCRYPTION_KEY is not set: generated one in ${path}`);
    return value;
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('TotpSecrets used before the module was initialised');
    return this.key;
  }
}
