import type { Locale } from './locale';

/** R-KB-1: the knowledge base's categories, in one language. */
export interface KbCategoryView {
  slug: string;
  name: string;
  articleCount: number;
}

export interface KbArticleSummary {
  slug: string;
  title: string;
  excerpt: string;
  category: { slug: string; name: string } | null;
  updatedAt: string;
}

export interface KbArticleView extends KbArticleSummary {
  locale: Locale;
  /** Rendered from the editors' Markdown and sanitised: safe to insert as HTML. */
  bodyHtml: string;
}

export interface KbArticleList {
  items: KbArticleSummary[];
  total: number;
}
