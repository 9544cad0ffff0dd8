import type { DataSourceOptions } from 'typeorm';
import { join } from 'node:path';
import { GuardedClient } from './guarded-client';

/**
 * One definition of the connection for Nest and for the TypeORM CLI
 * (`data-source.ts`). Entities are found by file name so a new module's
 * entity needs no registration here.
 */
export function buildDataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  const { extra: extraOverrides, ...otherOverrides } = overrides as Omit<Partial<DataSourceOptions>, 'extra'> & { extra?: Record<string, unknown> };
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{js,ts}')],
    migrations: [join(__dirname, 'migrations', '*.{js,ts}')],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: {
      max: 20,
      connectionTimeoutMillis: 5_000,
      // Keep a dead server from hanging requests: fail them quickly with 503.
      query_timeout: 30_000,
      application_name: 'pidtrymka-api',
      // pg-pool's documented hook for the connection class: every connection gets its error listener at birth.
      Client: GuardedClient,
      ...extraOverrides,
    },
    ...otherOverrides,
  } as DataSourceOptions;
}
