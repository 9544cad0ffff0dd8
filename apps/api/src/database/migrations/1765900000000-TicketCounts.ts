import { MigrationInterface, QueryRunner } from 'typeorm';

const NO_OWNER = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * The queue's counts per status without counting the table on every queue load (issue 14: 238 ms at
 * 1,000,000 requests). A trigger records, in the same transaction as every change of a request,
 * +1/-1 for its (category, owner, priority, status): into `ticket_count_deltas`, insert-only, so
 * requests created together never wait on one counter row. A timed job folds the deltas into
 * `ticket_counts`; a reader adds both, so a count is exact at every moment, for any agent's categories.
 */
export class TicketCounts1765900000000 implements MigrationInterface {
  name = 'TicketCounts1765900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ticket_counts (
        category_id integer NOT NULL,
        owner_id uuid,
        priority varchar(10) NOT NULL,
        status varchar(20) NOT NULL,
        count bigint NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX ticket_counts_key ON ticket_counts (category_id, coalesce(owner_id, ${NO_OWNER}), priority, status)`);
    await db.query(`
      CREATE TABLE ticket_count_deltas (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        category_id integer NOT NULL,
        owner_id uuid,
        priority varchar(10) NOT NULL,
        status varchar(20) NOT NULL,
        delta integer NOT NULL
      )`);
    await db.query(`
      CREATE FUNCTION ticket_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.category_id = OLD.category_id AND NEW.owner_id IS NOT DISTINCT FROM OLD.owner_id
           AND NEW.priority = OLD.priority AND NEW.status = OLD.status THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          INSERT INTO ticket_count_deltas (category_id, owner_id, priority, status, delta) VALUES (OLD.category_id, OLD.owner_id, OLD.priority, OLD.status, -1);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          INSERT INTO ticket_count_deltas (category_id, owner_id, priority, status, delta) VALUES (NEW.category_id, NEW.owner_id, NEW.priority, NEW.status, 1);
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER ticket_counts_track AFTER INSERT OR DELETE OR UPDATE OF category_id, owner_id, priority, status ON tickets
      FOR EACH ROW EXECUTE FUNCTION ticket_counts_track()`);
    // What exists already, counted once (under the table's lock, so no change slips between the count and the trigger).
    await db.query(`LOCK TABLE tickets IN SHARE MODE`);
    await db.query(`
      INSERT INTO ticket_counts (category_id, owner_id, priority, status, count)
      SELECT category_id, owner_id, priority, status, count(*) FROM tickets GROUP BY category_id, owner_id, priority, status`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER IF EXISTS ticket_counts_track ON tickets`);
    await db.query(`DROP FUNCTION IF EXISTS ticket_counts_track()`);
    await db.query(`DROP TABLE IF EXISTS ticket_count_deltas`);
    await db.query(`DROP TABLE IF EXISTS ticket_counts`);
  }
}
