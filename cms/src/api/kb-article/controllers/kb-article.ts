import { factories } from '@strapi/strapi';

const UID = 'api::kb-article.kb-article';

/**
 * A read-only API token (the help desk API) only ever sees published
 * articles: Strapi 5 would otherwise honour `?status=draft` for anyone allowed
 * to call find/findOne.
 */
function forcePublishedForReadOnlyTokens(ctx: any): void {
  const credentials = ctx.state?.auth?.credentials;
  const strategy: string = ctx.state?.auth?.strategy?.name ?? '';
  if (strategy.includes('api-token') && credentials?.type === 'read-only') {
    if (ctx.query && 'status' in ctx.query) delete ctx.query.status;
  }
}

export default factories.createCoreController(UID, ({ strapi }) => ({
  async find(ctx) {
    forcePublishedForReadOnlyTokens(ctx);
    return super.find(ctx);
  },

  async findOne(ctx) {
    forcePublishedForReadOnlyTokens(ctx);
    return super.findOne(ctx);
  },

  /** POST /api/kb-articles/:id/unpublish?locale=xx */
  async unpublish(ctx) {
    const documentId = ctx.params.id as string;
    const locale = (ctx.query.locale as string | undefined) || undefined;
    const existing = await strapi.documents(UID).findOne({ documentId, locale, status: 'published' } as any);
    if (!existing) return ctx.notFound('No published version of this article in that locale');
    await strapi.documents(UID).unpublish({ documentId, locale } as any);
    const draft = await strapi.documents(UID).findOne({ documentId, locale, status: 'draft' } as any);
    const sanitized = await (this as any).sanitizeOutput(draft, ctx);
    return (this as any).transformResponse(sanitized);
  },

  /** POST /api/kb-articles/:id/publish?locale=xx */
  async publish(ctx) {
    const documentId = ctx.params.id as string;
    const locale = (ctx.query.locale as string | undefined) || undefined;
    const draft = await strapi.documents(UID).findOne({ documentId, locale, status: 'draft' } as any);
    if (!draft) return ctx.notFound('No such article in that locale');
    await strapi.documents(UID).publish({ documentId, locale } as any);
    const published = await strapi.documents(UID).findOne({ documentId, locale, status: 'published' } as any);
    const sanitized = await (this as any).sanitizeOutput(published, ctx);
    return (this as any).transformResponse(sanitized);
  },
}));
