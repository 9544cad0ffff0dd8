import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 ("several mailboxes"): inbound mailboxes besides the one of the
 * environment (which stays the implicit default), each with its category and
 * its sending identity. Secrets (passwords, OAuth2 client secrets and refresh
 * tokens) are stored sealed by SecretsService, never in clear. A request and
 * an inbound message remember the mailbox they came through, so what is sent
 * about the request goes out from it.
 */
export class Mailboxes1766930000000 implements MigrationInterface {
  name = 'Mailboxes1766930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mailboxes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        kind varchar(10) NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        category_id integer,
        from_name varchar(100) NOT NULL DEFAULT '',
        from_address varchar(254) NOT NULL,
        smtp jsonb,
        auth_kind varchar(20) NOT NULL DEFAULT 'password',
        oauth jsonb,
        password text,
        smtp_password text,
        oauth_secret text,
        oauth_refresh_token text,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mailboxes_name_key UNIQUE (name),
        CONSTRAINT mailboxes_kind_check CHECK (kind IN ('imap', 'maildir', 'pipe')),
        CONSTRAINT mailboxes_auth_kind_check CHECK (auth_kind IN ('password', 'oauth2-microsoft', 'oauth2-google')),
        CONSTRAINT mailboxes_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE SET NULL
      )`);
    await db.query(`ALTER TABLE tickets ADD COLUMN mailbox_id uuid CONSTRAINT tickets_mailbox_id_fkey REFERENCES mailboxes(id) ON DELETE SET NULL`);
    await db.query(`ALTER TABLE inbound_messages ADD COLUMN mailbox_id uuid CONSTRAINT inbound_messages_mailbox_id_fkey REFERENCES mailboxes(id) ON DELETE SET NULL`);
    // Deleting a mailbox sets these to NULL: found by index, not by scanning every request.
    await db.query(`CREATE INDEX tickets_mailbox_id_idx ON tickets (mailbox_id) WHERE mailbox_id IS NOT NULL`);
    await db.query(`CREATE INDEX inbound_messages_mailbox_id_idx ON inbound_messages (mailbox_id) WHERE mailbox_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE inbound_messages DROP COLUMN mailbox_id`);
    await db.query(`ALTER TABLE tickets DROP COLUMN mailbox_id`);
    await db.query(`DROP TABLE mailboxes`);
  }
}
