/**
 * Secrets that Strapi needs (APP_KEYS, API_TOKEN_SALT, ADMIN_JWT_SECRET,
 * TRANSFER_TOKEN_SALT, JWT_SECRET, ENCRYPTION_KEY).
 *
 * Production sets them through the environment. When one is unset we
 * generate it once and keep it in a git-ignored JSON file (default
 * `<cms>/.tmp/secrets.json`, override with CMS_SECRETS_FILE) so that a fresh
 * clone starts with no configuration and keeps the same secrets across
 * restarts (API tokens are stored hashed with API_TOKEN_SALT, sessions are
 * signed with ADMIN_JWT_SECRET, ...).
 *
 * Imported from config/*.ts, so it must be synchronous and dependency-free.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

export const SECRET_NAMES = [
  'APP_KEYS',
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
] as const;

export type SecretName = (typeof SECRET_NAMES)[number];

/** The cms/ folder: the nearest folder upwards that holds package.json. */
export function appRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Resolves a path setting: absolute as is, relative to cms/ otherwise. */
export function resolveFromApp(p: string): string {
  return path.isAbsolute(p) ? p : path.join(appRoot(), p);
}

export function secretsFile(): string {
  return resolveFromApp(process.env.CMS_SECRETS_FILE || '.tmp/secrets.json');
}

function generate(name: SecretName): string {
  const rnd = () => crypto.randomBytes(16).toString('base64');
  return name === 'APP_KEYS' ? [rnd(), rnd(), rnd(), rnd()].join(',') : rnd();
}

let cache: Record<SecretName, string> | undefined;

/** Every secret, from env when set, else from (or newly into) the secrets file. */
export function runtimeSecrets(): Record<SecretName, string> {
  if (cache) return cache;
  const missing = SECRET_NAMES.filter((n) => !process.env[n]);
  let stored: Partial<Record<SecretName, string>> = {};
  if (missing.length > 0) {
    const file = secretsFile();
    if (fs.existsSync(file)) {
      stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    const toCreate = missing.filter((n) => !stored[n]);
    if (toCreate.length > 0) {
      for (const n of toCreate) stored[n] = generate(n);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
      // eslint-disable-next-line no-console
      console.log(`[cms] generated ${toCreate.join(', ')} into ${file} (set them through env in production)`);
    }
  }
  const out = {} as Record<SecretName, string>;
  for (const n of SECRET_NAMES) out[n] = process.env[n] || (stored[n] as string);
  cache = out;
  return out;
}

/** One secret (env first, then the secrets file). */
export function secret(name: SecretName): string {
  return runtimeSecrets()[name];
}
