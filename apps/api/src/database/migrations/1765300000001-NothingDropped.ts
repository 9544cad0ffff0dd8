import { MigrationInterface, QueryRunner } from 'typeorm';
import { contentFingerprint } from '../../mail-in/message-fingerprint';

const BATCH = 200;

/**
 * Issue 12.4, nothing a participant sends is dropped: inbound messages are
 * recorded per Message-ID and content (a reused Message-ID with other
 * content is a new message, flagged), kept as `duplicate` or `held` with a
 * reason instead of being ignored, and can be released; the outbox holds
 * automatic e-mails beyond a per-address hourly cap instead of sending them.
 */
export class NothingDropped1765300000001 implements MigrationInterface {
  name = 'NothingDropped1765300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_status_check`);
    await db.query(`
      ALTER TABLE inbound_messages
        ADD CONSTRAINT inbound_messages_status_check CHECK (status IN ('received', 'processed', 'ignored', 'duplicate', 'held', 'quarantined')),
        ADD COLUMN content_hash varchar(64),
        ADD COLUMN reused_message_id_of bigint REFERENCES inbound_messages (id) ON DELETE SET NULL,
        ADD COLUMN new_request boolean,
        ADD COLUMN released_at timestamptz`);
    // Existing rows get their fingerprint, so a re-delivery of a message recorded before the upgrade is still recognised.
    for (let after = '0'; ; ) {
      const rows = (await db.query(`SELECT id::text AS id, raw FROM inbound_messages WHERE id > $1 ORDER BY id LIMIT ${BATCH}`, [after])) as { id: string; raw: Buffer }[];
      if (rows.length === 0) break;
      await db.query(
        `UPDATE inbound_messages m SET content_hash = v.hash FROM unnest($1::bigint[], $2::text[]) AS v(id, hash) WHERE m.id = v.id`,
        [rows.map((row) => row.id), rows.map((row) => contentFingerprint(row.raw))],
      );
      after = rows[rows.length - 1].id;
    }
    await db.query(`ALTER TABLE inbound_messages ALTER COLUMN content_hash SET NOT NULL`);
    await db.query(`DROP INDEX inbound_messages_message_id_key`);
    await db.query(`CREATE UNIQUE INDEX inbound_messages_message_id_content_key ON inbound_messages (message_id, content_hash)`);
    // Kept without effect, for the admins' list; processed messages are the great majority and stay out of it.
    await db.query(`CREATE INDEX inbound_messages_kept_idx ON inbound_messages (id) WHERE status <> 'processed' OR reused_message_id_of IS NOT NULL`);
    // One body-and-sender duplicate check per message: the index is on the fingerprint of what the participant wrote.
    await db.query(`ALTER TABLE inbound_messages ADD COLUMN text_hash varchar(64)`);
    await db.query(`CREATE INDEX inbound_messages_text_hash_idx ON inbound_messages (text_hash, received_at) WHERE text_hash IS NOT NULL`);

    await db.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_status_check`);
    await db.query(`
      ALTER TABLE outbox
        ADD CONSTRAINT outbox_status_check CHECK (status IN ('held', 'pending', 'sending', 'sent', 'failed', 'skipped')),
        ADD COLUMN cap_key varchar(300),
        ADD COLUMN cap_per_hour integer,
        ADD COLUMN cap_counted_at timestamptz`);
    await db.query(`CREATE INDEX outbox_cap_idx ON outbox (cap_key, cap_counted_at) WHERE cap_key IS NOT NULL`);
    await db.query(`CREATE INDEX outbox_held_idx ON outbox (cap_key, id) WHERE status = 'held'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbox_held_idx`);
    await db.query(`DROP INDEX outbox_cap_idx`);
    await db.query(`UPDATE outbox SET status = 'pending' WHERE status = 'held'`);
    await db.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_status_check, DROP COLUMN cap_key, DROP COLUMN cap_per_hour, DROP COLUMN cap_counted_at`);
    await db.query(`ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped'))`);

    await db.query(`DROP INDEX inbound_messages_text_hash_idx`);
    await db.query(`DROP INDEX inbound_messages_kept_idx`);
    await db.query(`DROP INDEX inbound_messages_message_id_content_key`);
    // Only one row per Message-ID can stay: the others become distinct ids so nothing is deleted.
    await db.query(`UPDATE inbound_messages m SET message_id = m.message_id || '#' || m.id WHERE EXISTS (SELECT 1 FROM inbound_messages o WHERE o.message_id = m.message_id AND o.id < m.id)`);
    await db.query(`CREATE UNIQUE INDEX inbound_messages_message_id_key ON inbound_messages (message_id)`);
    await db.query(`UPDATE inbound_messages SET status = 'ignored' WHERE status IN ('duplicate', 'held')`);
    await db.query(`ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_status_check`);
    await db.query(`
      ALTER TABLE inbound_messages
        ADD CONSTRAINT inbound_messages_status_check CHECK (status IN ('received', 'processed', 'ignored', 'quarantined')),
        DROP COLUMN content_hash, DROP COLUMN reused_message_id_of, DROP COLUMN new_request, DROP COLUMN released_at, DROP COLUMN text_hash`);
  }
}
