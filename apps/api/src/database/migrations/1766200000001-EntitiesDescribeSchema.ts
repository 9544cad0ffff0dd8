import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the entities describe the whole schema, checked by TypeORM's own schema diff
 * (schema-diff.integration-spec.ts, the statements `migration:generate` would write). Two
 * things stood in its way:
 * - TypeORM reads the expression of a generated column from its `typeorm_metadata` table;
 *   without that table its diff (and so `migration:generate`) stops with an error, because
 *   `kb_articles` has two. The table is made here in TypeORM's own shape, with those expressions
 *   exactly as KbArticleEntity writes them (the spec checks they generate what the columns do).
 * - `ticket_counts` had no primary key: TypeORM cannot describe such a table, and logical
 *   replication cannot carry its updates. It gets a surrogate one; its unique key stays as it was.
 */
export class EntitiesDescribeSchema1766200000001 implements MigrationInterface {
  name = 'EntitiesDescribeSchema1766200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS typeorm_metadata (
        "type" varchar NOT NULL,
        "database" varchar,
        "schema" varchar,
        "table" varchar,
        "name" varchar,
        "value" text
      )`);
    // Keyed by database name, as TypeORM keys them: a database restored under another name needs its rows renamed.
    await db.query(
      `INSERT INTO typeorm_metadata ("type", "database", "schema", "table", "name", "value")
       SELECT 'GENERATED_COLUMN', current_database(), current_schema(), 'kb_articles', column_name, expression
       FROM (VALUES ($1, $2), ($3, $4)) AS generated (column_name, expression)`,
      [
        'search',
        `to_tsvector('simple', title || ' ' || excerpt || ' ' || body_text)`,
        'search_head',
        `setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', excerpt), 'B')`,
      ],
    );

    await db.query(`ALTER TABLE ticket_counts ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ticket_counts DROP COLUMN id`);
    await db.query(`DROP TABLE IF EXISTS typeorm_metadata`);
  }
}
