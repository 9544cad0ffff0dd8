import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { AuditModule } from '../audit/audit.module';
import { RateLimitStorageModule } from '../common/rate-limit-storage.module';
import { AccountsRepository } from './accounts.repository';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ParticipantAuthGuard } from './participant-auth.guard';
import { ParticipantAuthService } from './participant-auth.service';
import { ParticipantSessionsRepository } from './participant-sessions.repository';
import { StaffAuthGuard } from './staff-auth.guard';

/**
 * Staff sign-in, sessions and TOTP, and the guard every staff route uses
 * (`StaffEndpoints()`): a module that hosts a staff controller imports this one.
 * Also participants' one-time links and sessions, and their guard (issue 18).
 */
@Module({
  imports: [AuditModule, RateLimitStorageModule],
  controllers: [AuthController],
  providers: [AuthService, AccountsRepository, StaffAuthGuard, ParticipantAuthService, ParticipantSessionsRepository, ParticipantAuthGuard],
  exports: [AuthService, AccountsRepository, StaffAuthGuard, ParticipantAuthService, ParticipantAuthGuard],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only the staff routes and the participants' own space (issue 18) read cookies: the rest of the participants' API has none.
    consumer.apply(cookieParser()).forRoutes({ path: 'staff/*path', method: RequestMethod.ALL }, { path: 'participant/*path', method: RequestMethod.ALL });
  }
}
