import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { PRIVATE_UMASK } from './config/data-dir-secret';

/**
 * What must hold before the API's modules load; main.ts imports this first.
 *
 * The umask: every file and folder this process creates (mail, attachments,
 * secrets, the cache below) is its user's alone.
 *
 * The compile cache (issue 14, cold start ≤ 3 s): compiling the ~2,000
 * modules the API loads is most of its start (3.5 s of 14 s on a loaded
 * 2-core machine, more than any one package's own start-up work); V8's code
 * cache on disk skips that on every start after the first, for the cluster's
 * workers too. It is derived from the code and lives beside it, writable by
 * whoever may write the code: never in the shared temporary folder, where
 * another local user could plant code that would run as ours. Where the
 * code's folder is read-only to this account, Node runs without it.
 */
process.umask(PRIVATE_UMASK);
enableCompileCache(join(__dirname, '.compile-cache'));
