import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { KNOWLEDGE_SOURCE, KnowledgeArticle, KnowledgeSource } from '@pidtrymka/plugin-sdk';
import { KbArticleEntity } from './kb-article.entity';
import { KbRepository } from './kb.repository';
import { renderArticleBody } from './markdown';

/**
 * Keeps the read model in step with the knowledge source (R-KB-2): a change
 * notice refreshes the article it names; a periodic full resync heals any
 * missed notice. When the source is down, nothing is replaced and the portal
 * goes on serving what it has.
 */
@Injectable()
export class KbSyncService implements OnApplicationBootstrap {
  private readonly logger = new Logger('KnowledgeBase');
  /** What this instance last wrote, so an unchanged source costs no writes. */
  private lastSnapshot?: string;

  constructor(
    @Inject(KNOWLEDGE_SOURCE) private readonly source: KnowledgeSource,
    private readonly kb: KbRepository,
  ) {}

  /** A first start fills the read model without waiting for the first resync tick. */
  onApplicationBootstrap(): void {
    void this.kb.countArticles().then(
      (count) => (count === 0 ? this.resync().catch((error: Error) => this.logger.warn(`Initial sync failed: ${error.message}`)) : undefined),
      () => undefined,
    );
  }

  async resync(): Promise<{ articles: number; categories: number; changed: boolean }> {
    const snapshot = await this.source.fetchAll();
    const digest = createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');
    const changed = digest !== this.lastSnapshot || (await this.kb.countArticles()) !== snapshot.articles.length;
    if (changed) {
      await this.kb.replaceAll(snapshot.categories, snapshot.articles.map(toReadModel));
      this.lastSnapshot = digest;
    }
    return { articles: snapshot.articles.length, categories: snapshot.categories.length, changed };
  }

  /** Handles a webhook body; false when it was not about the knowledge base. */
  async applyChangeNotice(body: unknown): Promise<boolean> {
    const change = this.source.parseChangeNotice(body);
    if (change === null) return false;
    if (change === 'everything') {
      await this.resync();
    } else {
      const versions = await this.source.fetchArticle(change.articleSourceId);
      await this.kb.replaceArticle(change.articleSourceId, versions.map(toReadModel));
    }
    return true;
  }
}

function toReadModel(article: KnowledgeArticle): KbArticleEntity {
  const body = renderArticleBody(article.body);
  return {
    sourceId: article.sourceId,
    locale: article.locale,
    slug: article.slug,
    title: article.title,
    excerpt: article.excerpt,
    bodyHtml: body.html,
    bodyText: body.text,
    categorySourceId: article.categorySourceId,
    updatedAt: article.updatedAt,
  };
}
