import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { settingsFrom } from '../../config/settings';
import { buildDataSourceOptions } from '../../database/data-source-options';
import { EmbeddedPostgresServer } from '../../database/embedded-postgres';
import { runMigrationsExclusively } from '../../database/migrate';
import { SlaClocks } from '../../sla/sla-clocks.service';
import { SlaRepository } from '../../sla/sla.repository';
import { ReportFacts } from '../report-facts.service';
import { ReportsRepository } from '../reports.repository';

/**
 * `npm run reports:refresh`: works out the reports' figures of every request changed since the last
 * refresh, all at once. The scheduled job does this a tick's budget at a time; after an upgrade over a
 * large history (or a benchmark's seeded million) this gets there in one go. Safe beside a running API:
 * each batch is an upsert of the rows as they are.
 */
async function main(): Promise<void> {
  const config = settingsFrom(AppConfig, process.env);
  const url = config.databaseUrl || (await EmbeddedPostgresServer.urlOfRunningServer(config.dataDir, config.embeddedDbPort));
  const dataSource = await new DataSource(buildDataSourceOptions(url, { extra: { max: 2, application_name: 'pidtrymka-reports-refresh' } })).initialize();
  try {
    await runMigrationsExclusively(dataSource);
    const facts = new ReportFacts(dataSource, new ReportsRepository(dataSource), new SlaClocks(new SlaRepository(dataSource), config));
    const started = Date.now();
    const written = await facts.refresh(Infinity);
    console.log(`Report figures of ${written} requests worked out in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
