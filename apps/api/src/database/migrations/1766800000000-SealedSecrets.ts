import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: the secrets the API must read back (webhook signing secrets,
 * staff TOTP secrets) are kept sealed (AES-256-GCM, SecretsService). A sealed
 * webhook secret is longer than the 100 characters its column allowed.
 *
 * The values themselves are sealed on start, not here: migrations also run
 * from the TypeORM CLI with DATABASE_URL alone, where the key (SECRETS_KEY or
 * DATA_DIR/secrets-key) is not.
 */
export class SealedSecrets1766800000000 implements MigrationInterface {
  name = 'SealedSecrets1766800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE webhooks ALTER COLUMN secret TYPE text`);
  }

  async down(db: QueryRunner): Promise<void> {
    // An earlier version cannot open a sealed value: a webhook gets a new random secret and waits, disabled,
    // for an admin to rotate it (and give the receiver the new one); a TOTP secret is cleared, as a reset by an admin does.
    await db.query(`
      UPDATE webhooks SET enabled = false,
        secret = 'whsec_' || encode(decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'), 'base64')
      WHERE secret LIKE 'v1:%'`);
    await db.query(`UPDATE staff_accounts SET totp_secret = NULL, totp_enabled = false, totp_last_step = NULL WHERE totp_secret LIKE 'v1:%'`);
    await db.query(`ALTER TABLE webhooks ALTER COLUMN secret TYPE varchar(100)`);
  }
}
