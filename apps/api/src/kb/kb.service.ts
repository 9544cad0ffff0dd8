import { HttpStatus, Injectable } from '@nestjs/common';
import type { KbArticleList, KbArticleSummary, KbArticleView, KbCategoryView, Locale } from '@pidtrymka/contracts';
import { ApiException } from '../common/api.exception';
import { ArticleSummaryRow, KbRepository } from './kb.repository';

const SUGGESTIONS = 5;

/** R-KB-1…3: what the portal reads. */
@Injectable()
export class KbService {
  constructor(private readonly kb: KbRepository) {}

  categories(locale: Locale): Promise<KbCategoryView[]> {
    return this.kb.listCategories(locale);
  }

  async articles(locale: Locale, filter: { category?: string; q?: string; page?: number; pageSize?: number }): Promise<KbArticleList> {
    const pageSize = filter.pageSize ?? 20;
    const { items, total } = await this.kb.listArticles(locale, {
      categorySlug: filter.category,
      q: filter.q?.trim() || undefined,
      limit: pageSize,
      offset: ((filter.page ?? 1) - 1) * pageSize,
    });
    return { items: items.map(toSummary), total };
  }

  async article(locale: Locale, slug: string): Promise<KbArticleView> {
    const row = await this.kb.findArticle(locale, slug);
    if (!row) throw new ApiException(HttpStatus.NOT_FOUND, 'article_not_found');
    return { ...toSummary(row), locale: row.locale, bodyHtml: row.bodyHtml };
  }

  async suggest(locale: Locale, q: string): Promise<KbArticleSummary[]> {
    return (await this.kb.suggest(locale, q, SUGGESTIONS)).map(toSummary);
  }
}

function toSummary(row: ArticleSummaryRow): KbArticleSummary {
  return {
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    category: row.categorySlug && row.categoryName ? { slug: row.categorySlug, name: row.categoryName } : null,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
