import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, "Sharing, per request": whether a request is seen by the other
 * contacts of its organisation, and the organisation's choice for its people's
 * new requests. Private by default: a request written before sharing existed
 * was written for its author's eyes, and stays so.
 */
export class RequestSharing1766900000000 implements MigrationInterface {
  name = 'RequestSharing1766900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organisations ADD COLUMN default_visibility varchar(20) NOT NULL DEFAULT 'private',
        ADD CONSTRAINT organisations_default_visibility_check CHECK (default_visibility IN ('organisation', 'private'))`);
    await db.query(`
      ALTER TABLE tickets ADD COLUMN visibility varchar(20) NOT NULL DEFAULT 'private',
        ADD CONSTRAINT tickets_visibility_check CHECK (visibility IN ('organisation', 'private'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tickets DROP COLUMN visibility`);
    await db.query(`ALTER TABLE organisations DROP COLUMN default_visibility`);
  }
}
