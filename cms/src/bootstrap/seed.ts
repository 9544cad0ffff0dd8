import type { Core } from '@strapi/strapi';
import { seedArticles, seedCategories } from '../seed/kb-articles';

const ARTICLE = 'api::kb-article.kb-article';
const CATEGORY = 'api::kb-category.kb-category';

/**
 * First start only (no kb-article row at all, in any locale or state):
 * creates the categories and the six manual articles in `uk` and `en`,
 * published, through the Document Service API.
 */
export async function seedKnowledgeBase(strapi: Core.Strapi): Promise<void> {
  if (process.env.CMS_SEED === 'false') return;
  const existing = await strapi.db.query(ARTICLE).count();
  if (existing > 0) return;

  const categoryIds = new Map<string, string>();
  for (const c of seedCategories) {
    let doc: any = await strapi.documents(CATEGORY).findFirst({ locale: 'uk', filters: { slug: c.slug } });
    if (!doc) {
      doc = await strapi.documents(CATEGORY).create({
        locale: 'uk',
        data: { name: c.uk.name, slug: c.slug, order: c.order } as any,
      });
    }
    const en = await strapi.documents(CATEGORY).findOne({ documentId: doc.documentId, locale: 'en' });
    if (!en) {
      await strapi.documents(CATEGORY).update({
        documentId: doc.documentId,
        locale: 'en',
        data: { name: c.en.name, slug: c.slug, order: c.order } as any,
      });
    }
    categoryIds.set(c.slug, doc.documentId);
  }

  for (const a of seedArticles) {
    const categoryId = categoryIds.get(a.category);
    const relation = (locale: string) =>
      categoryId ? { category: { connect: [{ documentId: categoryId, locale }] } } : {};
    const created: any = await strapi.documents(ARTICLE).create({
      locale: 'uk',
      status: 'published',
      data: { ...a.uk, slug: a.slug, ...relation('uk') } as any,
    });
    await strapi.documents(ARTICLE).update({
      documentId: created.documentId,
      locale: 'en',
      status: 'published',
      data: { ...a.en, slug: a.slug, ...relation('en') } as any,
    });
  }
  strapi.log.info(
    `[cms] seeded ${seedCategories.length} categories and ${seedArticles.length} articles (uk + en, published)`,
  );
}
