import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale } from '@pidtrymka/contracts';
import type { KnowledgeCategory } from '@pidtrymka/plugin-sdk';
import { DataSource, EntityManager } from 'typeorm';
import { KbArticleEntity } from './kb-article.entity';
import { KbCategoryEntity } from './kb-category.entity';

export interface ArticleSummaryRow {
  slug: string;
  title: string;
  excerpt: string;
  categorySlug: string | null;
  categoryName: string | null;
  updatedAt: Date;
}

export interface ArticleRow extends ArticleSummaryRow {
  locale: Locale;
  bodyHtml: string;
}

/** Query words, lower-cased, at most 8: letters and digits only, so they are safe inside a tsquery. */
export function queryWords(q: string): string[] {
  return [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 8);
}

const INSERT_CHUNK = 500;

const SUMMARY_COLUMNS = `a.slug, a.title, a.excerpt, c.slug AS "categorySlug", c.name AS "categoryName", a.updated_at AS "updatedAt"`;
const CATEGORY_JOIN = `LEFT JOIN kb_categories c ON c.source_id = a.category_source_id AND c.locale = a.locale`;

/** Collects positional parameters while a query is put together. */
class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Words as prefixes, OR-ed: letters and digits only (queryWords), so safe in a tsquery. */
function prefixQuery(words: string[]): string {
  return words.map((w) => `${w}:*`).join(' | ');
}

/**
 * The filter every tier shares: the language, and the category when one is
 * asked for. A category filter needs no index: it narrows one language's
 * articles, already few.
 */
function scope(params: SqlParams, locale: Locale, categorySlug?: string): string {
  const localeParam = params.add(locale);
  return categorySlug
    ? `a.locale = ${localeParam} AND a.category_source_id IN (SELECT source_id FROM kb_categories WHERE locale = ${localeParam} AND slug = ${params.add(categorySlug)})`
    : `a.locale = ${localeParam}`;
}

/** Every query of the knowledge base's read model. */
@Injectable()
export class KbRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Replaces the whole read model, as one transaction: readers see the old one or the new one. */
  async replaceAll(categories: KnowledgeCategory[], articles: KbArticleEntity[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM kb_articles');
      await manager.query('DELETE FROM kb_categories');
      await this.insertCategories(manager, categories);
      await this.insertArticles(manager, articles);
      await manager.query('REFRESH MATERIALIZED VIEW kb_title_words');
    });
  }

  /** Replaces one article's languages; none given removes it. */
  async replaceArticle(sourceId: string, versions: KbArticleEntity[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(KbArticleEntity, { sourceId });
      await this.insertArticles(manager, versions);
      await manager.query('REFRESH MATERIALIZED VIEW kb_title_words');
    });
  }

  async countArticles(): Promise<number> {
    return this.dataSource.getRepository(KbArticleEntity).count();
  }

  async listCategories(locale: Locale): Promise<{ slug: string; name: string; articleCount: number }[]> {
    return this.dataSource.query(
      `SELECT c.slug, c.name, count(a.source_id)::int AS "articleCount"
       FROM kb_categories c LEFT JOIN kb_articles a ON a.category_source_id = c.source_id AND a.locale = c.locale
       WHERE c.locale = $1
       GROUP BY c.source_id, c.slug, c.name, c.position
       ORDER BY c.position, c.name`,
      [locale],
    );
  }

  async listArticles(locale: Locale, filter: { categorySlug?: string; q?: string; limit: number; offset: number }): Promise<{ items: ArticleSummaryRow[]; total: number }> {
    if (filter.q !== undefined) return this.searchArticles(locale, filter.q, filter);
    const params: unknown[] = [locale];
    let where = 'a.locale = $1';
    if (filter.categorySlug) {
      params.push(filter.categorySlug);
      where += ` AND c.slug = $${params.length}`;
    }
    params.push(filter.limit, filter.offset);
    const rows: (ArticleSummaryRow & { total: number })[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, count(*) OVER ()::int AS total
       FROM kb_articles a ${CATEGORY_JOIN}
       WHERE ${where}
       ORDER BY a.title
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
  }

  async findArticle(locale: Locale, slug: string): Promise<ArticleRow | null> {
    const rows: ArticleRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, a.locale, a.body_html AS "bodyHtml"
       FROM kb_articles a ${CATEGORY_JOIN}
       WHERE a.locale = $1 AND a.slug = $2`,
      [locale, slug],
    );
    return rows[0] ?? null;
  }

  /** R-KB-3: the best few articles for a subject being typed. */
  async suggest(locale: Locale, q: string, limit: number): Promise<ArticleSummaryRow[]> {
    return (await this.searchArticles(locale, q, { limit, offset: 0, withTotal: false })).items;
  }

  /**
   * Search in three tiers, best first: query words (as prefixes) in the title
   * or excerpt, ranked with the title weighted highest; then words found only
   * in the body, newest first; then the title words nearest in spelling to
   * the query words (a typo). A tier is only asked when the ones before it
   * did not fill the page, so a usual query costs one indexed statement.
   */
  private async searchArticles(
    locale: Locale,
    q: string,
    page: { categorySlug?: string; limit: number; offset: number; withTotal?: boolean },
  ): Promise<{ items: ArticleSummaryRow[]; total: number }> {
    const words = queryWords(q);
    if (words.length === 0) return { items: [], total: 0 };
    const needed = page.offset + page.limit;
    const found = new Map<string, ArticleSummaryRow>();
    const collect = async (where: (params: SqlParams) => string, order: (params: SqlParams) => string) => {
      if (found.size >= needed) return;
      const params = new SqlParams();
      const rows: (ArticleSummaryRow & { sourceId: string })[] = await this.dataSource.query(
        `SELECT a.source_id AS "sourceId", ${SUMMARY_COLUMNS} FROM kb_articles a ${CATEGORY_JOIN}
         WHERE ${scope(params, locale, page.categorySlug)} AND ${where(params)}
         ORDER BY ${order(params)}, a.title LIMIT ${params.add(needed)}`,
        params.values,
      );
      for (const { sourceId, ...row } of rows) if (!found.has(sourceId)) found.set(sourceId, row);
    };
    const inHead = (query: string) => (p: SqlParams) => `a.search_head @@ to_tsquery('simple', ${p.add(query)})`;
    const rankInHead = (query: string) => (p: SqlParams) => `ts_rank(a.search_head, to_tsquery('simple', ${p.add(query)})) DESC`;

    const typed = prefixQuery(words);
    await collect(inHead(typed), rankInHead(typed));
    await collect((p) => `a.search @@ to_tsquery('simple', ${p.add(typed)}) AND NOT a.search_head @@ to_tsquery('simple', ${p.add(typed)})`, () => 'a.updated_at DESC');
    const corrected = found.size < needed || page.withTotal !== false ? (await this.nearestTitleWords(locale, words)).join(' | ') : '';
    if (corrected) await collect(inHead(corrected), rankInHead(corrected));

    const items = [...found.values()].slice(page.offset, needed);
    if (page.withTotal === false) return { items, total: items.length };
    const params = new SqlParams();
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM kb_articles a
       WHERE ${scope(params, locale, page.categorySlug)} AND (a.search @@ to_tsquery('simple', ${params.add(typed)})
         ${corrected ? `OR a.search_head @@ to_tsquery('simple', ${params.add(corrected)})` : ''})`,
      params.values,
    );
    return { items, total };
  }

  /** For each query word of 3+ letters, the title word spelt most like it (pg_trgm similarity), when that is another word. */
  private async nearestTitleWords(locale: Locale, words: string[]): Promise<string[]> {
    const candidates = words.filter((w) => w.length >= 3);
    if (candidates.length === 0) return [];
    const rows: { word: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (typed) w.word
       FROM unnest($2::text[]) AS typed
       JOIN kb_title_words w ON w.locale = $1 AND w.word % typed AND w.word <> typed
       ORDER BY typed, similarity(w.word, typed) DESC`,
      [locale, candidates],
    );
    return rows.map((row) => row.word);
  }

  private async insertCategories(manager: EntityManager, categories: KnowledgeCategory[]): Promise<void> {
    for (let i = 0; i < categories.length; i += INSERT_CHUNK) {
      await manager.insert(
        KbCategoryEntity,
        categories.slice(i, i + INSERT_CHUNK).map(({ sourceId, locale, slug, name, position }) => ({ sourceId, locale, slug, name, position })),
      );
    }
  }

  private async insertArticles(manager: EntityManager, articles: KbArticleEntity[]): Promise<void> {
    for (let i = 0; i < articles.length; i += INSERT_CHUNK) {
      // Without RETURNING: nothing generated is needed back, and the search documents are as long as the articles.
      await manager.createQueryBuilder().insert().into(KbArticleEntity).values(articles.slice(i, i + INSERT_CHUNK)).updateEntity(false).execute();
    }
  }
}
