import type { Core, Modules } from '@strapi/strapi';
import { slugFromTitle } from '../utils/transliterate-uk';

const ARTICLE = 'api::kb-article.kb-article';
const DEFAULT_LOCALE = 'uk';
/**
 * What Strapi puts in an empty slug field: the content type's name, when it cannot make a slug of the
 * title (it did not for Cyrillic ones, issue 17.11). No editor means it, so it counts as no slug.
 */
const PLACEHOLDER = /^kb-article(-\d+)?$/;

type ArticleParams = { data?: Record<string, unknown>; locale?: string; documentId?: string };

/**
 * The article's slug, made of its Ukrainian title by the official transliteration when the editor left
 * it empty (or Strapi's placeholder): in the admin panel's slug field as its suggestion (its "regenerate"
 * button too), and on every create or update through the Document Service (REST, seed, admin). A slug
 * an editor typed is kept as typed, so it stays editable. Unique among the articles of its locale.
 */
export function registerKbArticleSlugs(strapi: Core.Strapi): void {
  strapi.documents.use((async (ctx, next) => {
    if (ctx.uid !== ARTICLE || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const params = ctx.params as ArticleParams;
    const data = params.data;
    // A partial update that does not touch the slug leaves it as it is.
    if (!data || (ctx.action === 'update' && !('slug' in data)) || !isUnchosen(data.slug)) return next();
    const locale = params.locale ?? DEFAULT_LOCALE;
    const title = await ukrainianTitle(strapi, params, locale);
    if (title) data.slug = await uniqueSlug(strapi, slugFromTitle(title) || 'article', locale, params.documentId);
    return next();
  }) as Modules.Documents.Middleware.Middleware);
}

/** From bootstrap: the admin panel asks the content manager's uid service for the slug it suggests. */
export function suggestKbArticleSlugsInAdmin(strapi: Core.Strapi): void {
  const uids = strapi.plugin('content-manager').service('uid') as {
    generateUIDField(args: { contentTypeUID: string; field: string; data: Record<string, unknown>; locale?: string }): Promise<string>;
  };
  const strapiSuggestion = uids.generateUIDField.bind(uids);
  uids.generateUIDField = async (args) => {
    const title = typeof args.data?.title === 'string' ? args.data.title : '';
    const base = args.contentTypeUID === ARTICLE && args.field === 'slug' ? slugFromTitle(title) : '';
    if (!base) return strapiSuggestion(args);
    const documentId = typeof args.data?.documentId === 'string' ? args.data.documentId : undefined;
    return uniqueSlug(strapi, base, args.locale ?? DEFAULT_LOCALE, documentId);
  };
}

function isUnchosen(slug: unknown): boolean {
  const text = typeof slug === 'string' ? slug.trim() : '';
  return text === '' || PLACEHOLDER.test(text);
}

/**
 * The Ukrainian title: the one being written when this is the Ukrainian version; for another locale of
 * an article that has a Ukrainian version, that version's (the slug is one for all locales). Else the
 * title being written.
 */
async function ukrainianTitle(strapi: Core.Strapi, params: ArticleParams, locale: string): Promise<string> {
  const written = typeof params.data?.title === 'string' ? params.data.title : '';
  if (locale === DEFAULT_LOCALE && written) return written;
  if (params.documentId) {
    const ukrainian = await strapi.documents(ARTICLE).findOne({ documentId: params.documentId, locale: DEFAULT_LOCALE, status: 'draft' } as never);
    const title = (ukrainian as { title?: unknown } | null)?.title;
    if (typeof title === 'string' && title.trim()) return title;
  }
  return written;
}

/** `base`, or `base-2`, `base-3`, … : the first that no other article of the locale has (drafts and published alike). */
async function uniqueSlug(strapi: Core.Strapi, base: string, locale: string, documentId?: string): Promise<string> {
  const found = (await strapi.documents(ARTICLE).findMany({
    filters: { slug: { $startsWith: base } },
    locale,
    status: 'draft',
    fields: ['slug'],
  } as never)) as unknown as { documentId: string; slug: string }[];
  const taken = new Set(found.filter((article) => article.documentId !== documentId).map((article) => article.slug));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
