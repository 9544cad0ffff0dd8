import { DataSource, EntityMetadata, QueryRunner, TableCheck, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { scratchDatabase, ScratchDatabase } from '../../../../tests/support/scratch-database';
import { buildDataSourceOptions } from './data-source-options';
import { runMigrationsExclusively } from './migrate';

/**
 * Issue 13: the entities describe the schema the migrations make, so that TypeORM is one typed
 * way to the database and `npm run migration:generate` proposes only what a change of an entity
 * means. A fresh database is migrated exactly as the API migrates its own.
 */
describe('entities and migrations describe one schema (issue 13)', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await scratchDatabase('schema');
    dataSource = await new DataSource(buildDataSourceOptions(database.url, { extra: { max: 2 } })).initialize();
    await runMigrationsExclusively(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('TypeORM proposes no change: what `migration:generate` would write is empty', async () => {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    expect(upQueries.map((query) => query.query)).toEqual([]);
  });

  // TypeORM's diff looks only at the tables of entities: a table (or view) without one, or a
  // column of a view, would go unnoticed.
  it('every table and view has an entity, with exactly its columns', async () => {
    const rows: { relation: string; columns: string[] }[] = await dataSource.query(
      `SELECT c.relname AS relation, array_agg(a.attname::text ORDER BY a.attname) AS columns
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
         AND c.relname NOT IN ($1, $2)
       GROUP BY c.relname`,
      [dataSource.options.migrationsTableName, dataSource.metadataTableName],
    );
    const migrated = Object.fromEntries(rows.map((row) => [row.relation, row.columns]));
    const declared = Object.fromEntries(dataSource.entityMetadatas.map((entity) => [entity.tableName, columnNames(entity)]));
    expect(declared).toEqual(migrated);
  });

  // TypeORM does not see an index made only of expressions (lower(email)), so it neither
  // misses nor drops one; each is still declared in its entity by name (`synchronize: false`).
  it('every index is declared in its entity by name', async () => {
    const rows: { relation: string; indexes: string[] }[] = await dataSource.query(
      `SELECT t.relname AS relation, array_agg(i.relname::text ORDER BY i.relname) AS indexes
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE t.relnamespace = current_schema()::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
       GROUP BY t.relname`,
    );
    const migrated = Object.fromEntries(rows.map((row) => [row.relation, row.indexes]));
    const declared = Object.fromEntries(
      dataSource.entityMetadatas
        .filter((entity) => entity.indices.length > 0)
        .map((entity) => [entity.tableName, entity.indices.map((index) => index.name).sort()]),
    );
    expect(declared).toEqual(migrated);
  });

  // TypeORM compares indexes by name, columns, uniqueness and method, checks and foreign keys by
  // name, and generated columns by the text it stored: a partial index's WHERE, a check's list of
  // values, a key's columns or a generated expression could differ unseen. Each is built from its
  // entity here, beside the migrated one, and PostgreSQL's own rendering of both must be equal.
  it('each index, check, unique and foreign key, and generated column is defined as its entity declares it', async () => {
    const runner = dataSource.createQueryRunner();
    const migrated: Record<string, string> = {};
    const declared: Record<string, string> = {};
    let probes = 0;
    const probeName = () => `schema_diff_probe_${++probes}`;
    await runner.startTransaction();
    try {
      for (const entity of dataSource.entityMetadatas.filter((metadata) => metadata.tableType === 'regular')) {
        const table = entity.tablePath;
        for (const index of entity.indices.filter((metadata) => metadata.synchronize)) {
          const probe = Object.assign(TableIndex.create(index), { name: probeName() });
          await runner.createIndex(table, probe);
          migrated[`index ${index.name}`] = await indexDefinition(runner, index.name);
          declared[`index ${index.name}`] = await indexDefinition(runner, probe.name);
        }
        const constraints: { name: string; create: (name: string) => Promise<void> }[] = [
          ...entity.checks.map((check) => ({
            name: check.name,
            create: (name: string) => runner.createCheckConstraint(table, Object.assign(TableCheck.create(check), { name })),
          })),
          ...entity.uniques.map((unique) => ({
            name: unique.name,
            create: (name: string) => runner.createUniqueConstraint(table, Object.assign(TableUnique.create(unique), { name })),
          })),
          ...entity.foreignKeys.map((key) => ({
            name: key.name,
            create: (name: string) => runner.createForeignKey(table, Object.assign(TableForeignKey.create(key, dataSource.driver), { name })),
          })),
        ];
        for (const constraint of constraints) {
          const name = probeName();
          await constraint.create(name);
          migrated[`constraint ${constraint.name}`] = await constraintDefinition(runner, table, constraint.name);
          declared[`constraint ${constraint.name}`] = await constraintDefinition(runner, table, name);
        }
        for (const column of entity.columns.filter((metadata) => metadata.asExpression)) {
          const name = probeName();
          await runner.query(
            `ALTER TABLE ${dataSource.driver.escape(table)} ADD COLUMN ${name} ${dataSource.driver.normalizeType(column)} GENERATED ALWAYS AS (${column.asExpression}) STORED`,
          );
          migrated[`generated column ${table}.${column.databaseName}`] = await generationExpression(runner, table, column.databaseName);
          declared[`generated column ${table}.${column.databaseName}`] = await generationExpression(runner, table, name);
        }
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    // Something to compare: the entities declare partial and GIN indexes, checks, foreign keys and generated columns.
    expect(Object.keys(declared).length).toBeGreaterThan(50);
    expect(declared).toEqual(migrated);
  });
});

function columnNames(entity: EntityMetadata): string[] {
  return entity.columns.map((column) => column.databaseName).sort();
}

async function indexDefinition(runner: QueryRunner, name: string): Promise<string> {
  const [row]: { definition: string }[] = await runner.query(`SELECT pg_get_indexdef(to_regclass($1)) AS definition`, [`"${name}"`]);
  return row.definition.replace(` INDEX ${name} ON `, ' INDEX ON ');
}

async function constraintDefinition(runner: QueryRunner, table: string, name: string): Promise<string> {
  const rows: { definition: string }[] = await runner.query(
    `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2`,
    [`"${table}"`, name],
  );
  return rows[0]?.definition ?? '(missing)';
}

async function generationExpression(runner: QueryRunner, table: string, column: string): Promise<string> {
  const rows: { expression: string }[] = await runner.query(
    `SELECT generation_expression AS expression FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
    [table, column],
  );
  return rows[0]?.expression ?? '(missing)';
}
