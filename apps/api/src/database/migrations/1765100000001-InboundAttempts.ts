import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12.1: how many times processing of an inbound message began. It is
 * counted in its own commit before the work, so a message that crashes or
 * hangs the process is counted even though nothing else of that attempt
 * survives, and is quarantined instead of being tried forever.
 */
export class InboundAttempts1765100000001 implements MigrationInterface {
  name = 'InboundAttempts1765100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE inbound_messages ADD COLUMN attempts integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE inbound_messages DROP COLUMN attempts`);
  }
}
