import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12.5/12.6: sign-in failures slow an account down instead of locking it
 * for everyone, and TOTP secrets are stored encrypted.
 * - `failed_sign_in_at`: the last failure, so that old failures stop counting.
 * - `slowed_until` (was `locked_until`): until when an address the account never
 *   signed in from must wait before it may try again (a growing backoff, never a lock).
 * - `staff_sign_in_sources`: the addresses each account signed in from, which the
 *   slowdown spares, so the owner gets in while strangers guess.
 * - The per-address counts move to `rate_limit_counters`, the store every rate
 *   limit shares (per address, and per account and address); their old table goes.
 * - `totp_secret` becomes text: the sealed form (AES-256-GCM) is longer than a
 *   clear base32 secret. The clear ones are sealed on start (TotpSecrets), where the key is.
 */
export class StaffSignInHardening1765500000001 implements MigrationInterface {
  name = 'StaffSignInHardening1765500000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE staff_accounts RENAME COLUMN locked_until TO slowed_until`);
    await db.query(`ALTER TABLE staff_accounts ADD COLUMN failed_sign_in_at timestamptz`);
    await db.query(`ALTER TABLE staff_accounts ALTER COLUMN totp_secret TYPE text`);
    await db.query(`
      CREATE TABLE staff_sign_in_sources (
        staff_id uuid NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
        ip varchar(45) NOT NULL,
        last_success_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (staff_id, ip)
      )`);
    await db.query(`DROP TABLE IF EXISTS sign_in_ip_failures`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sign_in_ip_failures (
        ip varchar(45) PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0,
        window_started_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz
      )`);
    await db.query(`DROP TABLE IF EXISTS staff_sign_in_sources`);
    // Sealed secrets do not fit back and cannot be opened here (no key): two-factor sign-in must be set up again.
    await db.query(`UPDATE staff_accounts SET totp_secret = NULL, totp_enabled = false, totp_last_step = NULL WHERE length(totp_secret) > 64`);
    await db.query(`ALTER TABLE staff_accounts ALTER COLUMN totp_secret TYPE varchar(64)`);
    await db.query(`ALTER TABLE staff_accounts DROP COLUMN failed_sign_in_at`);
    await db.query(`ALTER TABLE staff_accounts RENAME COLUMN slowed_until TO locked_until`);
  }
}
