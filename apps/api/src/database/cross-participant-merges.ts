import type { EntityManager } from 'typeorm';

/**
 * Undoes every merge between requests of different participants (issue 12.2;
 * the ParticipantConfidentiality migration runs it once); returns the
 * tracking IDs undone. It lives outside the migrations folder because
 * TypeORM takes every function exported there for a migration class. `db` is
 * whatever runs SQL: the migration's query runner, or a test's data source.
 */
export async function undoCrossParticipantMerges(db: Pick<EntityManager, 'query'>, log: (line: string) => void = () => undefined): Promise<string[]> {
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
    log(`Issue 12.2: undid the merge of ${source.tracking_id} into ${source.target_tracking_id} (different participants); ${ids.length} message(s) moved back`);
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
  return crossed.map((source) => source.tracking_id);
}

