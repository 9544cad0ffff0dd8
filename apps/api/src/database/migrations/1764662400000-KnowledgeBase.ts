import { MigrationInterface, QueryRunner } from 'typeorm';

/** The read model of published knowledge-base articles (R-KB-1…3). */
export class KnowledgeBase1764662400000 implements MigrationInterface {
  name = 'KnowledgeBase1764662400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`
      CREATE TABLE kb_categories (
        source_id varchar(100) NOT NULL,
        locale varchar(2) NOT NULL,
        slug varchar(200) NOT NULL,
        name varchar(200) NOT NULL,
        position integer NOT NULL DEFAULT 0,
        PRIMARY KEY (source_id, locale)
      )`);
    await db.query(`
      CREATE TABLE kb_articles (
        source_id varchar(100) NOT NULL,
        locale varchar(2) NOT NULL,
        slug varchar(300) NOT NULL,
        title varchar(300) NOT NULL,
        excerpt text NOT NULL DEFAULT '',
        body_html text NOT NULL,
        body_text text NOT NULL,
        category_source_id varchar(100),
        updated_at timestamptz NOT NULL,
        -- 'simple': PostgreSQL has no Ukrainian stemmer; prefix queries and trigrams make up for it.
        -- Matching uses the whole text; ranking only the short head, which keeps it cheap when many articles match.
        search tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || excerpt || ' ' || body_text)) STORED,
        search_head tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', excerpt), 'B')
        ) STORED,
        PRIMARY KEY (source_id, locale)
      )`);
    await db.query(`CREATE UNIQUE INDEX kb_articles_locale_slug_key ON kb_articles (locale, slug)`);
    // The words of titles, for spelling correction (pg_trgm's documented way): a query
    // word with no match is replaced by the most similar title word.
    await db.query(`
      CREATE MATERIALIZED VIEW kb_title_words AS
        SELECT DISTINCT a.locale, w.lexeme AS word
        FROM kb_articles a, unnest(to_tsvector('simple', a.title)) w
        WHERE length(w.lexeme) >= 3`);
    await db.query(`CREATE UNIQUE INDEX kb_title_words_key ON kb_title_words (locale, word)`);
    await db.query(`CREATE INDEX kb_title_words_trgm_idx ON kb_title_words USING gin (word gin_trgm_ops)`);
    // One index per language: a search is always in one, and a shared index would make
    // PostgreSQL read every article of both languages to filter by locale.
    for (const locale of ['uk', 'en']) {
      await db.query(`CREATE INDEX kb_articles_search_${locale}_idx ON kb_articles USING gin (search) WHERE locale = '${locale}'`);
      await db.query(`CREATE INDEX kb_articles_head_${locale}_idx ON kb_articles USING gin (search_head) WHERE locale = '${locale}'`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP MATERIALIZED VIEW IF EXISTS kb_title_words`);
    await db.query(`DROP TABLE IF EXISTS kb_articles`);
    await db.query(`DROP TABLE IF EXISTS kb_categories`);
  }
}
