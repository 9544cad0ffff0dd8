import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: the live workspace hears of every domain event through
 * PostgreSQL's NOTIFY, so a change made on one API instance reaches the
 * pages open on every other. NOTIFY is sent at commit and not at all on
 * rollback, like the event itself. One notification per statement, not per
 * row (a statement writing hundreds of events sends a few), carrying event
 * ids only: 300 ids of up to 19 digits stay under NOTIFY's 8,000 bytes.
 */
export class LiveNotify1766900000001 implements MigrationInterface {
  name = 'LiveNotify1766900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION events_notify_live() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids text;
      BEGIN
        FOR ids IN
          SELECT string_agg(id::text, ',' ORDER BY id) FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / 300 AS chunk FROM inserted) numbered GROUP BY chunk
        LOOP
          PERFORM pg_notify('pidtrymka_live', ids);
        END LOOP;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_notify_live AFTER INSERT ON events
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION events_notify_live()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER events_notify_live ON events`);
    await db.query(`DROP FUNCTION events_notify_live()`);
  }
}
