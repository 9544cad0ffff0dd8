import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A flood from one address (thousands of requests in minutes) leaves thousands of its e-mails held by
 * the hourly cap, most of them confirmations rewritten to the brief version. Two questions the outbox
 * asks on every round read all of those rows through `outbox_held_idx` and their table rows:
 * - deciding a batch: how many of the key's held e-mails are still full confirmations (almost none);
 * - releasing: the smallest hourly cap among the key's held e-mails.
 * Each round cost PostgreSQL ~95 and ~70 ms at 6,000 held rows, and draining a flood of 10,000
 * requests took 14.5 s of its CPU. These indexes answer both from a few index entries.
 */
export class OutboxHeldFloodIndexes1767200000001 implements MigrationInterface {
  name = 'OutboxHeldFloodIndexes1767200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX outbox_held_cap_idx ON outbox (cap_key, cap_per_hour) WHERE status = 'held'`);
    await db.query(`CREATE INDEX outbox_held_confirmations_idx ON outbox (cap_key) WHERE status = 'held' AND template = 'ticket_created'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbox_held_confirmations_idx`);
    await db.query(`DROP INDEX outbox_held_cap_idx`);
  }
}
