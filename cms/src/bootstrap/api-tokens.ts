import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { resolveFromApp } from '../utils/runtime-secrets';

export const READ_ONLY_TOKEN_NAME = 'pidtrymka-api (read-only)';
export const FULL_ACCESS_TOKEN_NAME = 'pidtrymka-tests (full-access)';

type TokenType = 'read-only' | 'full-access';

interface TokenRow {
  id: number | string;
  name: string;
  type: string;
  accessKey: string;
  encryptedKey?: string | null;
}

function tokenService(strapi: Core.Strapi): any {
  // 5.x splits content-API and admin tokens; 'admin::api-token' is the older (deprecated) name.
  return strapi.service('admin::api-token-content-api' as any) ?? strapi.service('admin::api-token' as any);
}

async function findByName(strapi: Core.Strapi, name: string): Promise<TokenRow | null> {
  return strapi.db.query('admin::api-token').findOne({
    select: ['id', 'name', 'type', 'accessKey', 'encryptedKey'],
    where: { name },
  });
}

/**
 * Makes sure a content-API token called `name` of `type` exists (no expiry).
 * With `accessKey`, the token's key is set to exactly that value (Strapi keeps
 * only HMAC-SHA512(key, API_TOKEN_SALT) plus an encrypted copy, so we write
 * both, like Strapi's own "regenerate" does). Returns the plaintext key when
 * it is known (given, newly created, or decryptable), else null.
 */
async function ensureToken(
  strapi: Core.Strapi,
  name: string,
  type: TokenType,
  description: string,
  accessKey?: string,
): Promise<{ key: string | null; created: boolean }> {
  const service = tokenService(strapi);
  const encryption = strapi.service('admin::encryption');
  let row = await findByName(strapi, name);
  let created = false;
  let key: string | null = null;

  if (!row) {
    const res = await service.create({ name, description, type, lifespan: null, kind: 'content-api' });
    created = true;
    key = res.accessKey;
    row = await findByName(strapi, name);
  } else if (row.type !== type) {
    await service.update(row.id, { type });
  }
  if (!row) throw new Error(`API token ${name} could not be created`);

  if (accessKey) {
    if (row.accessKey !== service.hash(accessKey)) {
      await strapi.db.query('admin::api-token').update({
        where: { id: row.id },
        data: { accessKey: service.hash(accessKey), encryptedKey: encryption.encrypt(accessKey) },
      });
      strapi.log.info(`[cms] API token "${name}" set to the configured key`);
    }
    return { key: accessKey, created };
  }
  if (!key && row.encryptedKey) {
    key = encryption.decrypt(row.encryptedKey) || null;
  }
  return { key, created };
}

/** Read-only token for the help desk API, and (tests only) a full-access one. */
export async function ensureApiTokens(strapi: Core.Strapi): Promise<void> {
  const given = process.env.CMS_API_TOKEN?.trim();
  const { key, created } = await ensureToken(
    strapi,
    READ_ONLY_TOKEN_NAME,
    'read-only',
    'Used by the Pidtrymka help desk API to read published knowledge-base articles',
    given || undefined,
  );
  if (created) strapi.log.info(`[cms] created read-only API token "${READ_ONLY_TOKEN_NAME}"`);
  if (!given) {
    const file = resolveFromApp(process.env.CMS_API_TOKEN_FILE || '.tmp/api-token.txt');
    if (key) {
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
      if (current !== key) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, key + '\n', { mode: 0o600 });
      }
      strapi.log.info(`[cms] read-only API token for the help desk API is in ${file} (or set CMS_API_TOKEN)`);
    } else {
      strapi.log.warn(`[cms] read-only API token exists but its key cannot be recovered; regenerate it in the admin`);
    }
  }

  const adminKey = process.env.CMS_ADMIN_API_TOKEN?.trim();
  if (adminKey) {
    await ensureToken(
      strapi,
      FULL_ACCESS_TOKEN_NAME,
      'full-access',
      'Tests only: create/update/publish articles over REST (exists only while CMS_ADMIN_API_TOKEN is set)',
      adminKey,
    );
  } else {
    const row = await findByName(strapi, FULL_ACCESS_TOKEN_NAME);
    if (row) {
      await tokenService(strapi).revoke(row.id);
      strapi.log.info(`[cms] removed "${FULL_ACCESS_TOKEN_NAME}" (CMS_ADMIN_API_TOKEN is not set)`);
    }
  }
}
