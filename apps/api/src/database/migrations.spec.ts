import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const MIGRATIONS_DIR = join(__dirname, 'migrations');
const files = readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{13}-.+\.ts$/.test(name) && !name.endsWith('.spec.ts'));

/**
 * TypeORM loads every export of every file in migrations/ as a migration: an
 * exported helper function makes the API crash at start ("migration name is
 * wrong") on every machine, not in a test of the migration itself. So each file
 * exports exactly one migration class, named with its file's timestamp, and
 * its helpers stay private to the file.
 */
describe('migrations: each file exports exactly one migration and nothing else', () => {
  it('finds the migrations', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s', (file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.entries(require(join(MIGRATIONS_DIR, file)) as Record<string, unknown>);
    expect(exported).toHaveLength(1);
    const [, migration] = exported[0] as [string, { name?: string; prototype?: { up?: unknown; down?: unknown } }];
    expect(typeof migration).toBe('function');
    expect(typeof migration.prototype?.up).toBe('function');
    expect(typeof migration.prototype?.down).toBe('function');
    // TypeORM orders migrations by the timestamp it reads off the class name's end.
    expect(migration.name).toMatch(new RegExp(`${file.slice(0, 13)}$`));
  });
});
