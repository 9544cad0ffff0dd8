// After `ng build web`: brotli (quality 11) and gzip (level 9) copies of the app's hashed scripts and
// styles beside them (`main-….js.br`, `.gz`), so neither the API nor nginx compresses at start or per request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const dist = resolve(process.argv[2] ?? 'apps/web/dist/browser');
const HASHED_SCRIPT_OR_STYLE = /-[A-Z0-9]{8}\.(?:js|css)$/;
let count = 0;
for (const name of readdirSync(dist)) {
  if (!HASHED_SCRIPT_OR_STYLE.test(name)) continue;
  const raw = readFileSync(join(dist, name));
  writeFileSync(join(dist, `${name}.br`), brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
  writeFileSync(join(dist, `${name}.gz`), gzipSync(raw, { level: 9 }));
  count++;
}
console.log(`compress-web: ${count} files compressed in ${dist}`);
