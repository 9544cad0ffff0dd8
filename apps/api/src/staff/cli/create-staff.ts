import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { STAFF_ROLES, StaffRole } from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { EventsRepository } from '../../events/events.repository';
import { EventsService } from '../../events/events.service';
import { ApiException } from '../../common/api.exception';
import { AppConfig } from '../../config/app-config';
import { settingsFrom } from '../../config/settings';
import { buildDataSourceOptions } from '../../database/data-source-options';
import { EmbeddedPostgresServer } from '../../database/embedded-postgres';
import { runMigrationsExclusively } from '../../database/migrate';
import { Ownerships } from '../ownerships';
import { StaffAccountsService } from '../staff-accounts.service';
import { StaffRepository } from '../staff.repository';
import { AccountsRepository } from '../../auth/accounts.repository';

const USAGE = `npm run staff:create -- --email EMAIL --name "NAME" [--role admin|agent] [--password PASSWORD] [--categories 1,2]
Creates a staff account (an admin unless --role agent) in DATABASE_URL, or, without it, in the
embedded database of a running API (DATA_DIR, EMBEDDED_DB_PORT). Without --password one is generated and printed.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      password: { type: 'string' },
      categories: { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.email || !values.name || !STAFF_ROLES.includes(values.role as StaffRole)) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = settingsFrom(AppConfig, process.env);
  const url = config.databaseUrl || (await EmbeddedPostgresServer.urlOfRunningServer(config.dataDir, config.embeddedDbPort));
  const dataSource = await new DataSource(buildDataSourceOptions(url, { extra: { max: 2, application_name: 'pidtrymka-staff-create' } })).initialize();
  try {
    await runMigrationsExclusively(dataSource);
    const audit = new AuditService();
    const staff = new StaffRepository(dataSource);
    // Creating an account takes no request from anyone: no owner is released, so no event is written, and the events need no subscribers here.
    const events = new EventsService(new EventsRepository(dataSource));
    const accounts = new StaffAccountsService(dataSource, staff, new AccountsRepository(dataSource), audit, new Ownerships(staff, audit, events));
    const categoryIds = values.categories.split(',').filter(Boolean).map(Number);
    const { account, password } = await accounts.create(
      { email: values.email, name: values.name, role: values.role as StaffRole, password: values.password, categoryIds },
      { name: 'staff:create' },
    );
    console.log(`Created ${account.role} ${account.email} (${account.id})`);
    if (password) console.log(`Password: ${password}\nChange it after the first sign-in.`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ApiException ? `${error.code} ${JSON.stringify(error.params)}` : (error as Error).message;
  console.error(`staff:create failed: ${message}`);
  process.exitCode = 1;
});
