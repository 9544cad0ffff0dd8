import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: participants sign in without a password, by a one-time link sent
 * to their address. Links and sessions keep only the SHA-256 of their token,
 * so a copy of these tables signs nobody in. Addresses are kept lower-cased:
 * a participant is their address, in any case (as R-VIEW-3 compares it).
 */
export class ParticipantSessions1766820000000 implements MigrationInterface {
  name = 'ParticipantSessions1766820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE participant_sign_in_links (
        token_hash char(64) PRIMARY KEY,
        email varchar(254) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX participant_sign_in_links_expires_at_idx ON participant_sign_in_links (expires_at)`);
    await db.query(`
      CREATE TABLE participant_sessions (
        token_hash char(64) PRIMARY KEY,
        email varchar(254) NOT NULL,
        ip varchar(45) NOT NULL,
        user_agent varchar(300) NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX participant_sessions_email_idx ON participant_sessions (email)`);
    await db.query(`CREATE INDEX participant_sessions_expires_at_idx ON participant_sessions (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE participant_sessions`);
    await db.query(`DROP TABLE participant_sign_in_links`);
  }
}
