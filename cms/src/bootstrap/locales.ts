import type { Core } from '@strapi/strapi';

/**
 * i18n: `uk` (default) and `en`. The i18n plugin creates `en` as the only
 * (default) locale on a fresh database; on the start where `uk` is created we
 * make it the default. Later changes made by editors in the admin are kept.
 */
export async function ensureLocales(strapi: Core.Strapi): Promise<void> {
  const locales = strapi.plugin('i18n').service('locales');
  const wanted = [
    { code: 'uk', name: 'Ukrainian (uk)' },
    { code: 'en', name: 'English (en)' },
  ];
  let createdUk = false;
  for (const l of wanted) {
    if (!(await locales.findByCode(l.code))) {
      await locales.create(l);
      if (l.code === 'uk') createdUk = true;
      strapi.log.info(`[cms] created locale ${l.code}`);
    }
  }
  if (createdUk) {
    await locales.setDefaultLocale({ code: 'uk' });
    strapi.log.info('[cms] default locale set to uk');
  }
}
