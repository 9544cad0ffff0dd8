import { Injectable } from '@nestjs/common';
import { KnowledgeArticle, KnowledgeCategory, KnowledgeLocale, KnowledgeSource, Setting } from '@pidtrymka/plugin-sdk';
import { IsUrl } from 'class-validator';

const LOCALES: KnowledgeLocale[] = ['uk', 'en'];
const PAGE_SIZE = 100;
const REQUEST_TIMEOUT_MS = 10_000;

interface StrapiCategory {
  documentId: string;
  locale: KnowledgeLocale;
  name: string;
  slug: string;
  order?: number | null;
}

interface StrapiArticle {
  documentId: string;
  locale: KnowledgeLocale;
  title: string;
  slug: string;
  excerpt?: string | null;
  body?: string | null;
  updatedAt: string;
  category?: { documentId: string } | null;
}

interface StrapiList<T> {
  data: T[];
  meta: { pagination: { page: number; pageCount: number } };
}

export class StrapiSettings {
  /** The CMS the knowledge base comes from. */
  @Setting('CMS_URL', (raw) => raw.replace(/\/+$/, '')) @IsUrl({ require_tld: false, require_protocol: true })
  readonly url: string = 'http://127.0.0.1:1337';

  /** The read-only API token the CMS gave the API. */
  @Setting('CMS_API_TOKEN')
  readonly token?: string;
}

/**
 * Published articles from Strapi v5's REST API (the `cms/` project), read
 * with a read-only API token. Strapi's webhooks name the changed entry by
 * its documentId.
 */
@Injectable()
export class StrapiKnowledgeSource implements KnowledgeSource {
  readonly name = 'strapi';

  constructor(private readonly settings: StrapiSettings) {}

  async fetchAll(): Promise<{ categories: KnowledgeCategory[]; articles: KnowledgeArticle[] }> {
    const categories: KnowledgeCategory[] = [];
    const articles: KnowledgeArticle[] = [];
    for (const locale of LOCALES) {
      for (const category of await this.fetchPages<StrapiCategory>('kb-categories', locale)) categories.push(toCategory(category, locale));
      for (const article of await this.fetchPages<StrapiArticle>('kb-articles', locale, 'populate[category][fields][0]=documentId')) {
        articles.push(toArticle(article, locale));
      }
    }
    return { categories, articles };
  }

  async fetchArticle(sourceId: string): Promise<KnowledgeArticle[]> {
    const versions: KnowledgeArticle[] = [];
    for (const locale of LOCALES) {
      const response = await this.get(`kb-articles/${encodeURIComponent(sourceId)}?locale=${locale}&populate[category][fields][0]=documentId`);
      if (response.status === 404) continue;
      const { data } = (await this.json(response)) as { data: StrapiArticle | null };
      if (data) versions.push(toArticle(data, locale));
    }
    return versions;
  }

  parseChangeNotice(body: unknown): { articleSourceId: string } | 'everything' | null {
    const notice = body as { model?: unknown; uid?: unknown; entry?: { documentId?: unknown } } | null;
    const model = typeof notice?.uid === 'string' ? notice.uid : notice?.model;
    if (model === 'api::kb-article.kb-article' || model === 'kb-article') {
      const documentId = notice?.entry?.documentId;
      return typeof documentId === 'string' && documentId ? { articleSourceId: documentId } : 'everything';
    }
    if (model === 'api::kb-category.kb-category' || model === 'kb-category') return 'everything';
    return null;
  }

  /** Strapi's own health route: no token, no database query. */
  async ping(): Promise<void> {
    const response = await fetch(`${this.settings.url}/_health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`Strapi answered ${response.status} for /_health`);
  }

  private async fetchPages<T>(collection: string, locale: KnowledgeLocale, extra = ''): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const query = `locale=${locale}&pagination[page]=${page}&pagination[pageSize]=${PAGE_SIZE}${extra ? `&${extra}` : ''}`;
      const list = (await this.json(await this.get(`${collection}?${query}`))) as StrapiList<T>;
      items.push(...list.data);
      if (page >= list.meta.pagination.pageCount) return items;
    }
  }

  private get(path: string): Promise<Response> {
    return fetch(`${this.settings.url}/api/${path}`, {
      headers: this.settings.token ? { Authorization: `Bearer ${this.settings.token}` } : {},
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }

  private async json(response: Response): Promise<unknown> {
    if (!response.ok) throw new Error(`Strapi answered ${response.status} for ${new URL(response.url).pathname}`);
    return response.json();
  }
}

function toCategory(category: StrapiCategory, locale: KnowledgeLocale): KnowledgeCategory {
  return { sourceId: category.documentId, locale, slug: category.slug, name: category.name, position: category.order ?? 0 };
}

function toArticle(article: StrapiArticle, locale: KnowledgeLocale): KnowledgeArticle {
  return {
    sourceId: article.documentId,
    locale,
    slug: article.slug,
    title: article.title,
    excerpt: article.excerpt ?? '',
    body: article.body ?? '',
    categorySourceId: article.category?.documentId ?? null,
    updatedAt: new Date(article.updatedAt),
  };
}
