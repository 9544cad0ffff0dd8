import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file or folder under `root` that a group or another account can read, write or (folders) enter, with its mode. */
export async function exposedEntries(root: string, allowed: (path: string, mode: number) => boolean = () => false): Promise<string[]> {
  const exposed: string[] = [];
  const visit = async (path: string) => {
    const info = await lstat(path);
    if (info.isSymbolicLink()) return;
    const mode = info.mode & 0o777;
    if (mode & 0o077 && !allowed(path, mode)) exposed.push(`${path.slice(root.length) || '/'} ${mode.toString(8).padStart(4, '0')}`);
    if (info.isDirectory()) for (const entry of await readdir(path)) await visit(join(path, entry));
  };
  await visit(root);
  return exposed;
}
