import { MigrationInterface, QueryRunner } from 'typeorm';

const NO_OWNER = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** What both tables count by: a request's tag set and the keys of `ticket_counts`. */
const KEY_COLUMNS = `
        tag_ids integer[] NOT NULL,
        category_id integer NOT NULL,
        owner_id uuid,
        priority varchar(10) NOT NULL,
        status varchar(20) NOT NULL`;
const KEY = 'tag_ids, category_id, owner_id, priority, status';

/**
 * Issue 14: the queue's counts for a tag filter without counting the requests. A tag filter ("any of
 * these tags") counted the table at every queue load: p95 494 ms at 1,000,000 requests, where a
 * tag is on a fifth of them.
 *
 * Counters are kept per tag SET, not per tag: a request with the tags {vip, кеп} is one row of the
 * set {vip, кеп}, so a filter of either tag sums the sets that share one (`tag_ids && filter`) and
 * counts each request once. Counters per tag would count it twice.
 *
 * As with `ticket_counts` (the TicketCounts migration), changes go as ±1 into an insert-only table of
 * deltas, in the transaction of the change, and a timed job folds them. A request with no tags is in
 * neither table. Three places change a request's contribution:
 * - tagging and untagging (also a tag's deletion, by cascade): a statement trigger on `ticket_tags`.
 *   Before each row, the request is locked (FOR NO KEY UPDATE, which the foreign key's KEY SHARE does
 *   not conflict with), so that a transaction tagging a request waits for another one changing it
 *   and then sees its tags. The lock comes before the tag's row, in the order a change of the request
 *   and its deletion's cascade take them, so that the two cannot wait for one another;
 * - a change of its category, owner, priority or status (a row trigger on `tickets`);
 * - its deletion: BEFORE, while its tags are still there (the cascade empties them before any AFTER
 *   trigger on `tickets`; the tagging trigger then finds no request and does nothing).
 */
export class TicketTagCounts1767200000000 implements MigrationInterface {
  name = 'TicketTagCounts1767200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ticket_tag_counts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,${KEY_COLUMNS},
        count bigint NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX ticket_tag_counts_key ON ticket_tag_counts (tag_ids, category_id, coalesce(owner_id, ${NO_OWNER}), priority, status)`);
    await db.query(`
      CREATE TABLE ticket_tag_count_deltas (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,${KEY_COLUMNS},
        delta integer NOT NULL
      )`);

    await db.query(`
      CREATE FUNCTION ticket_tag_set(ticket uuid) RETURNS integer[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(tag_id ORDER BY tag_id), '{}') FROM ticket_tags WHERE ticket_id = ticket
      $$`);

    // Set-based, so that a tag's deletion (a cascade over every request that has it) costs a few hashed passes, not a
    // subquery per request: a tag on 142,857 of the bench's requests took 3.2 s of the trigger that way, against 0.1 s
    // for the deletion itself.
    await db.query(`
      CREATE FUNCTION ticket_tag_counts_on_tagging() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH touched AS (SELECT DISTINCT ticket_id FROM changed),
        present AS (SELECT tt.ticket_id, tt.tag_id FROM ticket_tags tt JOIN touched USING (ticket_id)),
        -- Before the statement: for tagging, what is there now but was not added; for untagging, what is there now and what was removed.
        previous AS (
          SELECT p.ticket_id, p.tag_id FROM present p
          WHERE TG_OP = 'DELETE' OR NOT EXISTS (SELECT 1 FROM changed c WHERE c.ticket_id = p.ticket_id AND c.tag_id = p.tag_id)
          UNION ALL
          SELECT ticket_id, tag_id FROM changed WHERE TG_OP = 'DELETE'
        ),
        moves AS (
          SELECT ticket_id, array_agg(tag_id ORDER BY tag_id) AS tag_ids, 1 AS delta FROM present GROUP BY ticket_id
          UNION ALL
          SELECT ticket_id, array_agg(tag_id ORDER BY tag_id), -1 FROM previous GROUP BY ticket_id
        )
        INSERT INTO ticket_tag_count_deltas (${KEY}, delta)
        SELECT m.tag_ids, t.category_id, t.owner_id, t.priority, t.status, sum(m.delta)
        FROM moves m JOIN tickets t ON t.id = m.ticket_id
        GROUP BY m.tag_ids, t.category_id, t.owner_id, t.priority, t.status
        HAVING sum(m.delta) <> 0;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION ticket_tag_counts_lock_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM tickets WHERE id = CASE TG_OP WHEN 'DELETE' THEN OLD.ticket_id ELSE NEW.ticket_id END FOR NO KEY UPDATE;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await db.query(`
      CREATE TRIGGER ticket_tag_counts_lock BEFORE INSERT OR DELETE ON ticket_tags
      FOR EACH ROW EXECUTE FUNCTION ticket_tag_counts_lock_ticket()`);
    await db.query(`
      CREATE TRIGGER ticket_tag_counts_on_tag AFTER INSERT ON ticket_tags
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ticket_tag_counts_on_tagging()`);
    await db.query(`
      CREATE TRIGGER ticket_tag_counts_on_untag AFTER DELETE ON ticket_tags
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ticket_tag_counts_on_tagging()`);

    await db.query(`
      CREATE FUNCTION ticket_tag_counts_on_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        tags integer[];
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.category_id = OLD.category_id AND NEW.owner_id IS NOT DISTINCT FROM OLD.owner_id
           AND NEW.priority = OLD.priority AND NEW.status = OLD.status THEN
          RETURN NULL;
        END IF;
        tags := ticket_tag_set(OLD.id);
        IF cardinality(tags) > 0 THEN
          INSERT INTO ticket_tag_count_deltas (${KEY}, delta)
            VALUES (tags, OLD.category_id, OLD.owner_id, OLD.priority, OLD.status, -1);
          IF TG_OP = 'UPDATE' THEN
            INSERT INTO ticket_tag_count_deltas (${KEY}, delta)
              VALUES (tags, NEW.category_id, NEW.owner_id, NEW.priority, NEW.status, 1);
          END IF;
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NULL END;
      END $$`);
    await db.query(`
      CREATE TRIGGER ticket_tag_counts_on_change AFTER UPDATE OF category_id, owner_id, priority, status ON tickets
      FOR EACH ROW EXECUTE FUNCTION ticket_tag_counts_on_ticket()`);
    await db.query(`
      CREATE TRIGGER ticket_tag_counts_on_delete BEFORE DELETE ON tickets
      FOR EACH ROW EXECUTE FUNCTION ticket_tag_counts_on_ticket()`);

    // What exists already, counted once, under locks that keep every change out until the triggers are in place.
    await db.query(`LOCK TABLE tickets, ticket_tags IN SHARE MODE`);
    await db.query(`
      INSERT INTO ticket_tag_counts (${KEY}, count)
      SELECT tags.tag_ids, t.category_id, t.owner_id, t.priority, t.status, count(*)
      FROM (SELECT ticket_id, array_agg(tag_id ORDER BY tag_id) AS tag_ids FROM ticket_tags GROUP BY ticket_id) tags
      JOIN tickets t ON t.id = tags.ticket_id
      GROUP BY tags.tag_ids, t.category_id, t.owner_id, t.priority, t.status`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER IF EXISTS ticket_tag_counts_on_delete ON tickets`);
    await db.query(`DROP TRIGGER IF EXISTS ticket_tag_counts_on_change ON tickets`);
    await db.query(`DROP TRIGGER IF EXISTS ticket_tag_counts_on_untag ON ticket_tags`);
    await db.query(`DROP TRIGGER IF EXISTS ticket_tag_counts_on_tag ON ticket_tags`);
    await db.query(`DROP TRIGGER IF EXISTS ticket_tag_counts_lock ON ticket_tags`);
    await db.query(`DROP FUNCTION IF EXISTS ticket_tag_counts_on_ticket()`);
    await db.query(`DROP FUNCTION IF EXISTS ticket_tag_counts_on_tagging()`);
    await db.query(`DROP FUNCTION IF EXISTS ticket_tag_counts_lock_ticket()`);
    await db.query(`DROP FUNCTION IF EXISTS ticket_tag_set(uuid)`);
    await db.query(`DROP TABLE IF EXISTS ticket_tag_count_deltas`);
    await db.query(`DROP TABLE IF EXISTS ticket_tag_counts`);
  }
}
