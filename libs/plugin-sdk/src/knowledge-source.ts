/** Token under which the chosen `KnowledgeSource` is provided. */
export const KNOWLEDGE_SOURCE = 'pidtrymka:KnowledgeSource';

export type KnowledgeLocale = 'uk' | 'en';

export interface KnowledgeCategory {
  /** The source's own id, the same in every language (Strapi's documentId). */
  sourceId: string;
  locale: KnowledgeLocale;
  slug: string;
  name: string;
  position: number;
}

export interface KnowledgeArticle {
  sourceId: string;
  locale: KnowledgeLocale;
  slug: string;
  title: string;
  excerpt: string;
  /** Markdown, as the editors wrote it; the API renders and sanitises it. */
  body: string;
  categorySourceId: string | null;
  updatedAt: Date;
}

/**
 * Where published knowledge-base articles come from (R-KB-2). The API keeps a
 * read model of them and asks the source again on a change notice or a resync.
 */
export interface KnowledgeSource {
  readonly name: string;
  /** Every published category and article, in every language. */
  fetchAll(): Promise<{ categories: KnowledgeCategory[]; articles: KnowledgeArticle[] }>;
  /** One article's published versions, one per language; none when it is unpublished or gone. */
  fetchArticle(sourceId: string): Promise<KnowledgeArticle[]>;
  /**
   * Reads a change notice (a webhook call): which article changed, or
   * `everything` when the notice cannot be narrowed down (e.g. a category
   * changed); null when the notice is not about the knowledge base.
   */
  parseChangeNotice(body: unknown): { articleSourceId: string } | 'everything' | null;
  /** Optional, for the API's readiness report: resolves when the source answers, rejects with the reason otherwise. */
  ping?(): Promise<void>;
}
