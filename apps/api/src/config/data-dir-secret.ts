import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Folders the service makes under DATA_DIR: only its own user may list or enter them. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files the service writes under DATA_DIR: only its own user may read them. */
export const PRIVATE_FILE_MODE = 0o600;

/** Makes a folder (and its parents) private to the service's user, correcting one that exists. */
export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(path, PRIVATE_DIR_MODE);
}

/**
 * A secret of this installation, made at random on first use and kept in
 * DATA_DIR/<name> (0600), so nothing secret is ever fixed in code or shared
 * between installations. Several processes starting together agree on one:
 * the first to create the file wins and the others read theirs.
 */
export async function loadOrCreateSecret(dataDir: string, name: string, bytes = 32): Promise<{ value: string; created: boolean; path: string }> {
  const path = join(dataDir, name);
  const existing = (await readFile(path, 'utf8').catch(() => '')).trim();
  if (existing) {
    await chmod(path, PRIVATE_FILE_MODE).catch(() => undefined);
    return { value: existing, created: false, path };
  }
  await ensurePrivateDir(dirname(path));
  const value = randomBytes(bytes).toString('hex');
  try {
    await writeFile(path, `${value}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    return { value, created: true, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { value: (await readFile(path, 'utf8')).trim(), created: false, path };
    throw error;
  }
}
