import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, R-STAFF-2: which e-mails about requests each staff member gets,
 * a setting of theirs instead of a rule nobody could see. The values keep
 * what every account got until now: agents heard of their categories'
 * requests (`all`), admins only of a category no agent was granted
 * (`fallback`).
 */
export class NewRequestEmails1766940000000 implements MigrationInterface {
  name = 'NewRequestEmails1766940000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE staff_accounts ADD COLUMN new_request_emails varchar(10) NOT NULL DEFAULT 'all'`);
    await db.query(`UPDATE staff_accounts SET new_request_emails = 'fallback' WHERE role = 'admin'`);
    await db.query(`ALTER TABLE staff_accounts ADD CONSTRAINT staff_accounts_new_request_emails_check CHECK (new_request_emails IN ('all', 'fallback', 'assigned', 'none'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE staff_accounts DROP COLUMN new_request_emails`);
  }
}
