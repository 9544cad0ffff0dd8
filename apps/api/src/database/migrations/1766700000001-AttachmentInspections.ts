import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: what each attachment-inspector plugin found in each attachment
 * (a qualified signature's signers and verdicts, for one). One row per
 * attachment and inspector, written once: its key makes a repeated event
 * (delivery is at least once) write nothing twice. A failure or a time-out
 * is a row too, so staff see it rather than an endless "pending".
 */
export class AttachmentInspections1766700000001 implements MigrationInterface {
  name = 'AttachmentInspections1766700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE attachment_inspections (
        attachment_id uuid NOT NULL,
        inspector varchar(100) NOT NULL,
        status varchar(10) NOT NULL,
        kind varchar(50),
        report jsonb,
        error text,
        inspected_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (attachment_id, inspector),
        CONSTRAINT attachment_inspections_attachment_id_fkey FOREIGN KEY (attachment_id) REFERENCES attachments(id) ON DELETE CASCADE,
        CONSTRAINT attachment_inspections_status_check CHECK (status IN ('done', 'failed', 'timed_out'))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE attachment_inspections`);
  }
}
