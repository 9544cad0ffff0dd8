import type { Core } from '@strapi/strapi';

export const DEFAULT_ADMIN_EMAIL = 'admin@pidtrymka.local';
// Satisfies Strapi's rules (8+ chars, upper, lower, digit). Local use only.
export const DEFAULT_ADMIN_PASSWORD = 'Pidtrymka-KB-2024';

/** Creates the KB editors' super-admin account when no admin exists. */
export async function ensureAdminUser(strapi: Core.Strapi): Promise<void> {
  const users = strapi.service('admin::user');
  if (await users.exists()) return;

  const email = (process.env.CMS_ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  const passwordFromEnv = process.env.CMS_ADMIN_PASSWORD;
  const password = passwordFromEnv || DEFAULT_ADMIN_PASSWORD;

  const attributes = {
    email,
    firstname: process.env.CMS_ADMIN_FIRSTNAME || 'KB',
    lastname: process.env.CMS_ADMIN_LASTNAME || 'Editor',
    password,
  };
  if (typeof users.createFirstAdmin === 'function') {
    await users.createFirstAdmin(attributes);
  } else {
    const superAdmin = await strapi.service('admin::role').getSuperAdmin();
    await users.create({ ...attributes, registrationToken: null, isActive: true, roles: [superAdmin.id] });
  }
  if (passwordFromEnv) {
    strapi.log.info(`[cms] created admin account ${email} (password from CMS_ADMIN_PASSWORD)`);
  } else {
    strapi.log.warn(
      `[cms] created admin account ${email} with the DEFAULT password "${DEFAULT_ADMIN_PASSWORD}" — ` +
        'set CMS_ADMIN_EMAIL / CMS_ADMIN_PASSWORD (or change it in the admin panel) outside local use',
    );
  }
}
