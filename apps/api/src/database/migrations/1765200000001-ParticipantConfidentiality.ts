import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12.2 and 12.3.
 *
 * - Merges never cross participants. Merges made across participants before
 *   this release are undone here: the merged-away request gets back what it
 *   lost (its own messages and their files) and is live again, so neither
 *   participant sees the other's words any longer and the first one's next
 *   reply reaches staff. What belonged to it is known from its audit trail
 *   (every reply and note names its message), its first message (written
 *   with the request itself) and the participant's own address; the system
 *   notes mail-in wrote in the same transaction as one of those messages go
 *   with it. Both requests get an audit entry naming what moved, and the
 *   migration logs each undone merge, so admins can review them.
 * - The database refuses such a merge from now on (a trigger), whoever writes it.
 * - Outbox rows get the status `skipped`: an e-mail whose recipient may no
 *   longer see its request when it is due (12.3); never sent, never retried.
 */
export class ParticipantConfidentiality1765200000001 implements MigrationInterface {
  name = 'ParticipantConfidentiality1765200000001';

  async up(db: QueryRunner): Promise<void> {
    const crossed: { id: string; tracking_id: string; requester_email: string; created_at: Date; target_id: string; target_tracking_id: string }[] = await db.query(`
      SELECT s.id, s.tracking_id, s.requester_email, s.created_at, t.id AS target_id, t.tracking_id AS target_tracking_id
      FROM tickets s JOIN tickets t ON t.id = s.merged_into_id
      WHERE lower(btrim(s.requester_email)) <> lower(btrim(t.requester_email))
      ORDER BY s.created_at, s.id`);
    for (const source of crossed) {
      const [moved]: [{ id: string }[], number] = await db.query(
        `WITH RECURSIVE
           -- The source and every request of the same participant merged into it: their messages came along.
           family AS (
             SELECT id, created_at, requester_email FROM tickets WHERE id = $1
             UNION
             SELECT t.id, t.created_at, t.requester_email FROM tickets t JOIN family f ON t.merged_into_id = f.id
             WHERE lower(btrim(t.requester_email)) = lower(btrim($3))
           ),
           -- Where they went: the target and whatever it was merged into later.
           downstream AS (
             SELECT id, merged_into_id, 0 AS hop FROM tickets WHERE id = $2
             UNION ALL
             SELECT t.id, t.merged_into_id, d.hop + 1 FROM tickets t JOIN downstream d ON t.id = d.merged_into_id WHERE d.hop < 20
           ),
           audited AS (
             SELECT (a.details->>'messageId')::bigint AS id FROM audit_log a
             WHERE a.ticket_id IN (SELECT id FROM family) AND a.details->>'messageId' ~ '^[0-9]{1,18}$'
           ),
           own AS (
             SELECT m.id, m.ticket_id, m.created_at FROM messages m
             WHERE m.ticket_id IN (SELECT id FROM downstream)
               AND (m.id IN (SELECT id FROM audited)
                    OR (m.author_type = 'participant' AND lower(btrim(m.author_email)) = lower(btrim($3))))
           ),
           notes AS (
             SELECT m.id FROM messages m JOIN own o ON o.ticket_id = m.ticket_id AND o.created_at = m.created_at
             WHERE m.author_type = 'system' AND m.is_internal
           )
         UPDATE messages SET ticket_id = $1 WHERE id IN (SELECT id FROM own UNION SELECT id FROM notes) RETURNING id::text`,
        [source.id, source.target_id, source.requester_email],
      );
      const ids = moved.map((row) => row.id);
      await db.query(`UPDATE attachments SET ticket_id = $1 WHERE message_id = ANY($2::bigint[])`, [source.id, ids]);
      // Its status before the merge is not kept; it waits for staff like a request the participant answered.
      await db.query(`UPDATE tickets SET merged_into_id = NULL, status = 'waiting_reply', updated_at = now() WHERE id = $1`, [source.id]);
      const details = { reason: 'merge across participants undone (issue 12.2)', messageIds: ids };
      await db.query(
        `INSERT INTO audit_log (ticket_id, actor_type, actor_name, action, details) VALUES
           ($1, 'system', 'system', 'ticket.unmerged', $3::jsonb),
           ($2, 'system', 'system', 'ticket.unmerged_from', $4::jsonb)`,
        [source.id, source.target_id, JSON.stringify({ ...details, from: source.target_tracking_id }), JSON.stringify({ ...details, source: source.tracking_id })],
      );
      console.log(`Issue 12.2: undid the merge of ${source.tracking_id} into ${source.target_tracking_id} (different participants); ${ids.length} message(s) moved back`);
    }
    if (crossed.length > 0) {
      // The search documents of both sides no longer hold the other's words.
      await db.query(
        `UPDATE tickets t SET search_vector = tickets_search_fields(t)
           || COALESCE((SELECT strip(to_tsvector('simple', string_agg(m.body, ' '))) FROM messages m WHERE m.ticket_id = t.id), ''::tsvector)
         WHERE t.id = ANY($1::uuid[])`,
        [[...crossed.map((s) => s.id), ...crossed.map((s) => s.target_id)]],
      );
    }

    await db.query(`
      CREATE FUNCTION tickets_merge_same_participant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.merged_into_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM tickets t WHERE t.id = NEW.merged_into_id AND lower(btrim(t.requester_email)) = lower(btrim(NEW.requester_email))
        ) THEN
          RAISE EXCEPTION 'request % cannot be merged into a request of another participant', NEW.tracking_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER tickets_merge_same_participant BEFORE INSERT OR UPDATE OF merged_into_id, requester_email ON tickets
        FOR EACH ROW EXECUTE FUNCTION tickets_merge_same_participant()`);

    await db.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_status_check`);
    await db.query(`ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped'))`);
    await db.query(`CREATE INDEX outbox_skipped_idx ON outbox (created_at) WHERE status = 'skipped'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS outbox_skipped_idx`);
    await db.query(`UPDATE outbox SET status = 'failed' WHERE status = 'skipped'`);
    await db.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_status_check`);
    await db.query(`ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'))`);
    await db.query(`DROP TRIGGER IF EXISTS tickets_merge_same_participant ON tickets`);
    await db.query(`DROP FUNCTION IF EXISTS tickets_merge_same_participant()`);
    // Undone merges stay undone: redoing them would show one participant's words to another again.
  }
}
