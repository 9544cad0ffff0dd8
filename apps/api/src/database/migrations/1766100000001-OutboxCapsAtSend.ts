import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issues 12.4, 12.7 and 14: what automatic mail one address gets per hour is now decided by the
 * outbox worker when an e-mail is due (`OutboxRepository.decideCapped`), counting by cap key in
 * `outbox_cap_idx` and `outbox_held_idx`. Nothing asks for e-mails by recipient and creation time
 * any more, so the index ConfirmationCap1765700000001 made for the enqueue-time count only costs
 * every new request one more index entry.
 */
export class OutboxCapsAtSend1766100000001 implements MigrationInterface {
  name = 'OutboxCapsAtSend1766100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS outbox_recipient_created_at_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX IF NOT EXISTS outbox_recipient_created_at_idx ON outbox (lower(recipient), created_at)`);
  }
}
