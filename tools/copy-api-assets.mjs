// After `tsc -b apps/api/tsconfig.app.json`: the files the API reads at run time that tsc does not emit — the e-mail
// templates (`*.hbs`) — copied from apps/api/src to the same place under apps/api/dist, where the built code looks
// for them. dist's own copies are removed first, so a template deleted or renamed in src does not live on there.
// Then the shipped templates are checked as the API checks an operator's (syntax, variables, partials, one render
// each) and their digest stamped, so that a start on exactly these files need not check them again (issue 14).
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'apps', 'api');
const src = join(root, 'src');
const dist = join(root, 'dist');
const ASSET = /\.hbs$/;

const assetsUnder = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && ASSET.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));

for (const stale of assetsUnder(dist)) rmSync(stale);
const assets = assetsUnder(src);
for (const asset of assets) {
  const target = join(dist, relative(src, asset));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(asset, target);
}
console.log(`copy-api-assets: ${assets.length} files copied to ${relative(process.cwd(), dist) || dist}`);

const { MailTemplates } = createRequire(import.meta.url)(join(dist, 'notifications', 'mail-templates.js'));
MailTemplates.stampShipped();
console.log('copy-api-assets: the shipped mail templates pass their check');
