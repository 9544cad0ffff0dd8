import { MigrationInterface, QueryRunner } from 'typeorm';
import { undoCrossParticipantMerges } from '../cross-participant-merges';

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
    await undoCrossParticipantMerges(db, (line) => console.log(line));

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
