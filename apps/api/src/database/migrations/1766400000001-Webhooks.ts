import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: outbound webhooks. An endpoint is one more subscriber of the
 * domain-event dispatcher, keyed `webhook:<id>` in `event_deliveries`, so its
 * deliveries get the same leases, backoff and order per request as a
 * plugin's, and are written by the same statement that writes the event.
 *
 * `secret` signs every delivery (Standard Webhooks, HMAC-SHA256), so it is
 * kept as it is, not hashed: it is a secret like the database password.
 * `event_types` is what the event's insert matches (`type = ANY(event_types)`).
 * The delivery log gains the receiver's last answer: status and a bounded
 * excerpt of its body.
 */
export class Webhooks1766400000001 implements MigrationInterface {
  name = 'Webhooks1766400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url varchar(2000) NOT NULL,
        description varchar(500) NOT NULL DEFAULT '',
        event_types text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        secret varchar(100) NOT NULL,
        created_by varchar(100) NOT NULL,
        updated_by varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE event_deliveries ADD COLUMN response_status smallint, ADD COLUMN response_excerpt varchar(500)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM event_deliveries WHERE subscriber LIKE 'webhook:%'`);
    await db.query(`ALTER TABLE event_deliveries DROP COLUMN response_status, DROP COLUMN response_excerpt`);
    await db.query(`DROP TABLE webhooks`);
  }
}
