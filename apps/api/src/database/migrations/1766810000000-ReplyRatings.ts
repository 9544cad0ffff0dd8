import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 ("the participant's voice"): HESK's "Was this reply helpful?" on
 * each staff reply, kept on the reply itself: one vote per reply, never
 * changed, so two columns rather than a table. The check ties the vote to
 * its time so that neither exists without the other.
 */
export class ReplyRatings1766810000000 implements MigrationInterface {
  name = 'ReplyRatings1766810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages ADD COLUMN rating varchar(12), ADD COLUMN rated_at timestamptz`);
    await db.query(`
      ALTER TABLE messages ADD CONSTRAINT messages_rating_check
        CHECK ((rating IS NULL AND rated_at IS NULL) OR (rating IN ('helpful', 'not_helpful') AND rated_at IS NOT NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages DROP CONSTRAINT messages_rating_check, DROP COLUMN rated_at, DROP COLUMN rating`);
  }
}
