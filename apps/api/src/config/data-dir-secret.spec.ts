import { chmod, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, loadOrCreateSecret, makeTreePrivate, readSecret } from './data-dir-secret';

const modeOf = async (path: string) => (await lstat(path)).mode & 0o777;

describe('12.6 other users of the machine read nothing: DATA_DIR helpers', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'data-dir-secret-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('makes a secret once, 0600, and commands only read it', async () => {
    expect(await readSecret(root, 'secret')).toBeUndefined();
    const first = await loadOrCreateSecret(root, 'secret');
    expect(first.created).toBe(true);
    expect(await modeOf(first.path)).toBe(0o600);
    await chmod(first.path, 0o644);
    expect(await readSecret(root, 'secret')).toBe(first.value);
    expect(await modeOf(first.path)).toBe(0o600);
    expect((await loadOrCreateSecret(root, 'secret')).value).toBe((await readFile(first.path, 'utf8')).trim());
  });

  it('corrects every folder and file it owns, counts them, skips what it is told and follows no link out', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'outside-'));
    try {
      await writeFile(join(outside, 'elsewhere'), 'x', { mode: 0o644 });
      await chmod(join(outside, 'elsewhere'), 0o644);
      await mkdir(join(root, 'mail', 'sent'), { recursive: true });
      await chmod(root, 0o755);
      await chmod(join(root, 'mail'), 0o755);
      await chmod(join(root, 'mail', 'sent'), 0o775);
      await writeFile(join(root, 'mail', 'sent', 'a.eml'), 'x');
      await chmod(join(root, 'mail', 'sent', 'a.eml'), 0o664);
      await writeFile(join(root, 'private'), 'x');
      await chmod(join(root, 'private'), 0o600);
      await mkdir(join(root, 'pg'));
      await chmod(join(root, 'pg'), 0o750);
      await symlink(join(outside, 'elsewhere'), join(root, 'link'));

      expect(await makeTreePrivate(root, { skip: [join(root, 'pg')] })).toBe(4);
      expect(await modeOf(root)).toBe(0o700);
      expect(await modeOf(join(root, 'mail'))).toBe(0o700);
      expect(await modeOf(join(root, 'mail', 'sent'))).toBe(0o700);
      expect(await modeOf(join(root, 'mail', 'sent', 'a.eml'))).toBe(0o600);
      expect(await modeOf(join(root, 'pg'))).toBe(0o750);
      expect((await stat(join(outside, 'elsewhere'))).mode & 0o777).toBe(0o644);
      // Nothing left to do the second time.
      expect(await makeTreePrivate(root, { skip: [join(root, 'pg')] })).toBe(0);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('lets the top folder keep group search alone when told (the embedded PostgreSQL run under its own account), never more', async () => {
    await chmod(root, 0o750);
    expect(await makeTreePrivate(root, { rootMode: 0o710 })).toBe(1);
    expect(await modeOf(root)).toBe(0o710);
    await ensurePrivateDir(root);
    expect(await modeOf(root)).toBe(0o710);
    await chmod(root, 0o711);
    await ensurePrivateDir(root);
    expect(await modeOf(root)).toBe(0o700);
  });
});
