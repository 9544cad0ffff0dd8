import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: an e-mailed message keeps its whole text as it came, quotes
 * included, beside the participant's own words (`body`), so staff and the
 * participant are one click away from what quote removal took out. NULL when
 * nothing was taken out (and for every message that did not come by e-mail).
 * Admins download the original e-mail of a message: the inbound row is found
 * by the message it made.
 */
export class MessageWholeText1765800000001 implements MigrationInterface {
  name = 'MessageWholeText1765800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages ADD COLUMN full_body text`);
    await db.query(`CREATE INDEX inbound_messages_ticket_message_id_idx ON inbound_messages (ticket_message_id) WHERE ticket_message_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX inbound_messages_ticket_message_id_idx`);
    await db.query(`ALTER TABLE messages DROP COLUMN full_body`);
  }
}
