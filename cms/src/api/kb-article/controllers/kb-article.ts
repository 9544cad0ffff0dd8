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
    return switchPublication(this, ctx, 'unpublish');
  },

  /** POST /api/kb-articles/:id/publish?locale=xx */
  async publish(ctx) {
    return switchPublication(this, ctx, 'publish');
  },
}));

/**
 * Publishes a draft or unpublishes a published article, in one locale
 * (Strapi 5's REST API has no unpublish); 404 when the article is not in the
 * state the action starts from. Answers with the article as it now is.
 */
async function switchPublication(controller: any, ctx: any, action: 'publish' | 'unpublish') {
  const documentId = ctx.params.id as string;
  const locale = (ctx.query.locale as string | undefined) || undefined;
  const [from, to] = action === 'publish' ? (['draft', 'published'] as const) : (['published', 'draft'] as const);
  const documents = strapi.documents(UID);
  if (!(await documents.findOne({ documentId, locale, status: from } as any))) {
    return ctx.notFound(action === 'publish' ? 'No such article in that locale' : 'No published version of this article in that locale');
  }
  const params = { documentId, locale } as any;
  await (action === 'publish' ? documents.publish(params) : documents.unpublish(params));
  const now = await documents.findOne({ documentId, locale, status: to } as any);
  return controller.transformResponse(await controller.sanitizeOutput(now, ctx));
}
