import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 (accountability): satisfaction after closing. A closing is known by
 * the time its `ticket.closed` audit entry was written (the same one reports
 * take for "resolved"), so a request reopened and closed again is asked
 * again, and the unique key makes a second answer to one closing impossible
 * even between two racing requests.
 *
 * `report_satisfaction_facts` copies each answer with what reports group it
 * by, as `report_rating_facts` does for reply ratings and for the same reason
 * (no join to a million requests at read time).
 */
export class SatisfactionAnswers1767010000000 implements MigrationInterface {
  name = 'SatisfactionAnswers1767010000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE satisfaction_answers (
        id bigserial PRIMARY KEY,
        ticket_id uuid NOT NULL,
        closed_at timestamptz NOT NULL,
        stars smallint NOT NULL,
        comment varchar(2000),
        answered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT satisfaction_answers_stars_check CHECK (stars BETWEEN 1 AND 5),
        CONSTRAINT satisfaction_answers_ticket_closing_key UNIQUE (ticket_id, closed_at),
        CONSTRAINT satisfaction_answers_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX satisfaction_answers_answered_at_idx ON satisfaction_answers (answered_at)`);
    await db.query(`
      CREATE TABLE report_satisfaction_facts (
        answer_id bigint PRIMARY KEY,
        answered_at timestamptz NOT NULL,
        stars smallint NOT NULL,
        owner_id uuid,
        category_id integer NOT NULL,
        priority varchar(10) NOT NULL,
        channel varchar(10) NOT NULL,
        organisation_id integer,
        CONSTRAINT report_satisfaction_facts_answer_id_fkey FOREIGN KEY (answer_id) REFERENCES satisfaction_answers(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX report_satisfaction_facts_answered_at_idx ON report_satisfaction_facts (answered_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE report_satisfaction_facts`);
    await db.query(`DROP TABLE satisfaction_answers`);
  }
}
