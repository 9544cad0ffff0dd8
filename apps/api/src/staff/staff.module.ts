import { Module } from '@nestjs/common';
import { StaffProfileController } from './staff-profile.controller';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { Ownerships } from './ownerships';
import { StaffAccountsController } from './staff-accounts.controller';
import { StaffAccountsService } from './staff-accounts.service';
import { StaffBootstrap } from './staff-bootstrap.service';
import { StaffRepository } from './staff.repository';
import { StaffTeamController } from './staff-team.controller';

/** The team: staff accounts (admins manage them), their category grants, and the first admin. */
@Module({
  imports: [AuditModule, AuthModule, EventsModule],
  controllers: [StaffAccountsController, StaffTeamController, StaffProfileController],
  providers: [StaffRepository, StaffAccountsService, StaffBootstrap, Ownerships],
  exports: [StaffRepository, StaffAccountsService, Ownerships],
})
export class StaffModule {}
