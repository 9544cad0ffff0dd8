import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12.7: how many e-mails went to one address in the last hour is asked on every new request
 * (the cap on confirmations); without this index that is a scan of the whole outbox.
 */
export class ConfirmationCap1765700000001 implements MigrationInterface {
  name = 'ConfirmationCap1765700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX IF NOT EXISTS outbox_recipient_created_at_idx ON outbox (lower(recipient), created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS outbox_recipient_created_at_idx`);
  }
}
