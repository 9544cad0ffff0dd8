import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { StaffAccountsService } from './staff-accounts.service';

const DEMO_ADMIN_EMAIL = 'admin@localhost';

/**
 * An installation with no staff gets its first admin on start: ADMIN_EMAIL
 * (with ADMIN_PASSWORD or a generated password), or on the embedded start
 * (no DATABASE_URL: a trial on one machine) a demo admin whose sign-in is logged.
 */
@Injectable()
export class StaffBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Staff');

  constructor(
    private readonly config: AppConfig,
    private readonly accounts: StaffAccountsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { email, password, name } = this.config.firstAdmin;
    const announce = (line: string) => this.logger.log(line);
    if (email) await this.accounts.ensureFirstAdmin(email, name, password, announce);
    else if (!this.config.databaseUrl) await this.accounts.ensureFirstAdmin(DEMO_ADMIN_EMAIL, name, undefined, (line) => this.logger.warn(`Demo: ${line}`));
  }
}
