import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: domain events and their delivery to event-subscriber plugins.
 *
 * `events` is written in the transaction of the change (its bigserial id is
 * the order). Delivery state is one row per (subscriber, event), written in
 * that same transaction for every subscriber that wants the type, rather
 * than a cursor per subscriber: ids are taken before commit, so a cursor
 * that moved past id 11 could skip an id 10 committed later, and a cursor
 * makes one failing event hold back every later one of that subscriber.
 * Per-row state lets a worker lease rows with FOR UPDATE SKIP LOCKED and
 * back off exactly as the outbox does, and keeps the order per request: a
 * row is due only when no earlier row of the same subscriber and request
 * is still undelivered (its request's events are written under the
 * request's row lock, so their ids are in commit order). `ticket_id` is
 * copied onto the delivery for that check.
 */
export class DomainEvents1766300000001 implements MigrationInterface {
  name = 'DomainEvents1766300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        ticket_id uuid,
        type varchar(50) NOT NULL,
        version smallint NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE INDEX events_ticket_id_idx ON events (ticket_id)`);
    await db.query(`
      CREATE TABLE event_deliveries (
        subscriber varchar(100) NOT NULL,
        event_id bigint NOT NULL,
        ticket_id uuid,
        status varchar(10) NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        delivered_at timestamptz,
        PRIMARY KEY (subscriber, event_id),
        CONSTRAINT event_deliveries_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id) ON DELETE CASCADE,
        CONSTRAINT event_deliveries_status_check CHECK (status IN ('pending', 'sending', 'delivered', 'failed'))
      )`);
    await db.query(`CREATE INDEX event_deliveries_due_idx ON event_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending')`);
    // The order check: an earlier undelivered row of the same subscriber and request.
    await db.query(`CREATE INDEX event_deliveries_open_idx ON event_deliveries (subscriber, ticket_id, event_id) WHERE status IN ('pending', 'sending')`);
    await db.query(`CREATE INDEX event_deliveries_event_id_idx ON event_deliveries (event_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE event_deliveries`);
    await db.query(`DROP TABLE events`);
  }
}
