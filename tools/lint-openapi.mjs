// Lints an OpenAPI document with Redocly's `recommended` rules (@redocly/openapi-core, not the CLI).
//   node tools/lint-openapi.mjs [file|-] [--json]
// The file defaults to apps/api/openapi.json; `-` reads standard input. Exits 1 when there is any
// problem, warnings included. A script rather than code inside the jest spec (openapi-lint.spec.ts):
// openapi-core is an ES module only, which jest's CommonJS runtime cannot load.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';

/**
 * The one exception to the recommended rules: the health probes take no input and skip the rate
 * limit (@SkipThrottle), so they have no 4xx answer to document; a made-up one would mislead.
 */
const EXEMPT = { 'operation-4xx-response': ['/api/health', '/api/health/live', '/api/health/ready'].map((path) => `#/paths/${path.replaceAll('/', '~1')}/get/responses`) };

const args = process.argv.slice(2);
const json = args.includes('--json');
const file = args.find((arg) => arg !== '--json') ?? 'apps/api/openapi.json';
const source = readFileSync(file === '-' ? 0 : file, 'utf8');
const absoluteRef = file === '-' ? resolve('stdin.json') : resolve(file);

const ignore = { [absoluteRef]: Object.fromEntries(Object.entries(EXEMPT).map(([rule, pointers]) => [rule, new Set(pointers)])) };
const config = await createConfig({ extends: ['recommended'] }, { ignore });
const problems = (await lintFromString({ source, absoluteRef, config }))
  .filter((problem) => !problem.ignored)
  .map((problem) => ({ severity: problem.severity, rule: problem.ruleId, pointer: problem.location[0]?.pointer ?? '', message: problem.message }));

if (json) console.log(JSON.stringify(problems));
else {
  for (const p of problems) console.log(`${p.severity} ${p.rule} ${p.pointer}: ${p.message}`);
  console.error(`lint-openapi: ${problems.length} problem(s) in ${file}`);
}
process.exitCode = problems.length > 0 ? 1 : 0;
