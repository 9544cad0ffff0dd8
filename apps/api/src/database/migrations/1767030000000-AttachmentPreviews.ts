import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, attachment previews: how each file may be shown in a page, sniffed from its bytes when
 * it is stored. Files stored before stay null (their bytes are in the attachment store, out of a
 * migration's reach) and are offered as downloads, as they were.
 */
export class AttachmentPreviews1767030000000 implements MigrationInterface {
  name = 'AttachmentPreviews1767030000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE attachments ADD COLUMN preview varchar(5)`);
    await db.query(`ALTER TABLE attachments ADD CONSTRAINT attachments_preview_check CHECK (preview IN ('image', 'pdf', 'text', 'none'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE attachments DROP COLUMN preview`);
  }
}
