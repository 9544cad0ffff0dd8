import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/** Issue 13: the committed contract passes Redocly's recommended rules (tools/lint-openapi.mjs says which, and its one exception). */
const ROOT = resolve(__dirname, '../../..');
const OPENAPI_FILE = resolve(ROOT, 'apps/api/openapi.json');

interface Problem {
  severity: string;
  rule: string;
  pointer: string;
  message: string;
}

/** In a child process: @redocly/openapi-core is an ES module only, which jest's CommonJS runtime cannot load. */
async function lint(document: string): Promise<Problem[]> {
  const run = promisify(execFile)(process.execPath, [resolve(ROOT, 'tools/lint-openapi.mjs'), '-', '--json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  run.child.stdin!.end(document);
  // Exit code 1 means "problems found": they are on stdout all the same.
  const { stdout } = await run.catch((error: { code?: number; stdout?: string; stderr?: string }) => {
    if (error.code === 1 && error.stdout) return { stdout: error.stdout };
    throw new Error(`tools/lint-openapi.mjs failed: ${error.stderr ?? String(error)}`);
  });
  return JSON.parse(stdout) as Problem[];
}

const listed = (problems: Problem[]) => problems.map((p) => `${p.severity} ${p.rule} ${p.pointer}: ${p.message}`).join('\n');

describe('apps/api/openapi.json against the recommended OpenAPI rules (issue 13)', () => {
  const committed = readFileSync(OPENAPI_FILE, 'utf8');

  it('has no problem, warnings included', async () => {
    const problems = await lint(committed);
    if (problems.length > 0) throw new Error(`apps/api/openapi.json has ${problems.length} lint problem(s):\n${listed(problems)}`);
  });

  it('finds a seeded problem: a security scheme used but not defined, no servers, an operation without a 4xx', async () => {
    const seeded = JSON.parse(committed);
    delete seeded.components.securitySchemes.csrfToken;
    seeded.servers = [];
    seeded.paths['/api/categories'].get.responses = { '200': seeded.paths['/api/categories'].get.responses['200'] };
    const found = listed(await lint(JSON.stringify(seeded)));
    expect(found).toContain('error security-defined #/paths/~1api~1staff~1tickets~1{trackingId}/patch/security/0/csrfToken');
    expect(found).toContain('error no-empty-servers #/servers');
    expect(found).toContain('warn operation-4xx-response #/paths/~1api~1categories/get/responses');
  });
});
