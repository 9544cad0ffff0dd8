import type { Core } from '@strapi/strapi';
import { ensureAdminUser } from './bootstrap/admin-user';
import { ensureApiTokens } from './bootstrap/api-tokens';
import { ensureLocales } from './bootstrap/locales';
import { seedKnowledgeBase } from './bootstrap/seed';
import { ensureWebhook } from './bootstrap/webhook';
import { registerKbArticleSlugs, suggestKbArticleSlugsInAdmin } from './documents/kb-article-slug';

export default {
  /** Before anything writes an article (the seed included): slugs from the Ukrainian title (issue 17.11). */
  register({ strapi }: { strapi: Core.Strapi }) {
    registerKbArticleSlugs(strapi);
  },

  /**
   * The admin panel's slug suggestion, then idempotent set-up on every start, no prompts:
   * locales (uk default, en), the editors' admin account, API tokens,
   * the first-start seed, then the webhook to the help desk API (registered
   * after the seed so the seed does not fire webhook calls).
   */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    suggestKbArticleSlugsInAdmin(strapi);
    await ensureLocales(strapi);
    await ensureAdminUser(strapi);
    await ensureApiTokens(strapi);
    await seedKnowledgeBase(strapi);
    await ensureWebhook(strapi);
  },
};
