// postinstall: installs cms/ (Strapi keeps its own lockfile, apart from the
// Nx workspace) unless the same lockfile is already installed there.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cms = fileURLToPath(new URL('../cms', import.meta.url));
const marker = join(cms, 'node_modules', '.installed-lock-sha256');
// Skipping needs no cms/ at all (the API and web images install without it).
const lockHash = process.env.PIDTRYMKA_SKIP_CMS_INSTALL === 'true' ? '' : createHash('sha256').update(readFileSync(join(cms, 'package-lock.json'))).digest('hex');

if (process.env.PIDTRYMKA_SKIP_CMS_INSTALL === 'true') {
  console.log('[cms] PIDTRYMKA_SKIP_CMS_INSTALL=true: not installing cms/');
} else if (existsSync(marker) && readFileSync(marker, 'utf8') === lockHash) {
  console.log('[cms] cms/node_modules matches cms/package-lock.json: nothing to install');
} else {
  console.log('[cms] Installing cms/ (Strapi, its own lockfile)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: cms, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(marker, lockHash);
}
