import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Folders the service makes under DATA_DIR: only its own user may list or enter them. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files the service writes under DATA_DIR: only its own user may read them. */
export const PRIVATE_FILE_MODE = 0o600;
/**
 * The umask of every process that writes under DATA_DIR (the API, the CMS
 * started by `npm start`): whatever a library creates — a maildir file, an
 * attachment, Strapi's SQLite file — is born private, with no mode to forget.
 */
export const PRIVATE_UMASK = 0o077;

/**
 * Makes a folder (and its parents) private to the service's user, correcting
 * one that exists. Group search alone (0710) is left: it lets no one list or
 * read anything, and is how DATA_DIR lets the embedded PostgreSQL's own
 * account (the API started as root) pass through to its data folder.
 */
export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  const { mode } = await stat(path);
  if ((mode & 0o777) !== PRIVATE_DIR_MODE && (mode & 0o777) !== GROUP_SEARCH_DIR_MODE) await chmod(path, PRIVATE_DIR_MODE);
}

/** DATA_DIR when the embedded PostgreSQL runs under its own account: that group may pass through, not list. */
export const GROUP_SEARCH_DIR_MODE = 0o710;

/**
 * A secret of this installation, made at random on first use and kept in
 * DATA_DIR/<name> (0600), so nothing secret is ever fixed in code or shared
 * between installations. Several processes starting together agree on one:
 * the first to create the file wins and the others read theirs.
 */
export async function loadOrCreateSecret(dataDir: string, name: string, bytes = 32): Promise<{ value: string; created: boolean; path: string }> {
  const path = join(dataDir, name);
  const existing = await readSecret(dataDir, name);
  if (existing) return { value: existing, created: false, path };
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

/** A secret loadOrCreateSecret made, for a command that must not make one (it would not match the server's); undefined when there is none. */
export async function readSecret(dataDir: string, name: string): Promise<string | undefined> {
  const path = join(dataDir, name);
  const existing = (await readFile(path, 'utf8').catch(() => '')).trim();
  if (!existing) return undefined;
  await chmod(path, PRIVATE_FILE_MODE).catch(() => undefined);
  return existing;
}

export interface PrivateTreeOptions {
  /** Folders left alone, e.g. the embedded PostgreSQL's, whose server keeps it 0700 itself (it refuses to start otherwise). */
  skip?: string[];
  /**
   * What the top folder may keep beyond 0700: group search (0o710) when the
   * embedded PostgreSQL runs under its own account (the API started as root)
   * and must pass through DATA_DIR to its data folder. Never read or write.
   */
  rootMode?: number;
}

/**
 * Makes a tree private to the service's user: every folder it owns 0700 and
 * every file 0600 at most (bits are only ever removed). An installation made
 * before the umask (or by hand, or restored from a backup) is corrected on
 * start. Bounded to what this user owns: another account's files (the
 * embedded PostgreSQL's when the API runs as root) are not touched, links are
 * not followed out of the tree. Answers how many entries it corrected.
 */
export async function makeTreePrivate(root: string, options: PrivateTreeOptions = {}): Promise<number> {
  const uid = process.getuid?.();
  if (uid === undefined) return 0;
  const skip = new Set((options.skip ?? []).map((path) => resolve(path)));
  const rootMode = options.rootMode ?? PRIVATE_DIR_MODE;
  let corrected = 0;
  const visit = async (path: string, isRoot: boolean): Promise<void> => {
    if (skip.has(path)) return;
    const info = await lstat(path).catch(() => undefined);
    if (!info || info.isSymbolicLink() || info.uid !== uid) return;
    if (info.isDirectory()) {
      const allowed = isRoot ? rootMode : PRIVATE_DIR_MODE;
      const extra = info.mode & 0o077 & ~allowed;
      if (extra) {
        await chmod(path, (info.mode & 0o777 & ~extra) | 0o700);
        corrected++;
      }
      const entries = await readdir(path).catch(() => [] as string[]);
      for (const entry of entries) await visit(join(path, entry), false);
    } else if (info.mode & 0o077) {
      await chmod(path, info.mode & 0o700);
      corrected++;
    }
  };
  await visit(resolve(root), true);
  return corrected;
}

/**
 * DATA_DIR made private on every start of the API: everything in it but the
 * embedded PostgreSQL's folder, which its server keeps 0700 itself (postgres
 * refuses a data folder with more). When postgres runs under its own account
 * (the API started as root), DATA_DIR keeps group search for that account.
 */
export async function makeDataDirPrivate(dataDir: string, options: { embeddedDatabase: boolean }): Promise<number> {
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const postgresOwnAccount = options.embeddedDatabase && process.getuid?.() === 0;
  return makeTreePrivate(dataDir, { skip: [join(dataDir, 'pg')], rootMode: postgresOwnAccount ? GROUP_SEARCH_DIR_MODE : PRIVATE_DIR_MODE });
}
