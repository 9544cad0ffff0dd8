import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { AuditModule } from '../audit/audit.module';
import { RateLimitStorageModule } from '../common/rate-limit-storage.module';
import { AccountsRepository } from './accounts.repository';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { StaffAuthGuard } from './staff-auth.guard';

/**
 * Staff sign-in, sessions and TOTP, and the guard every staff route uses
 * (`StaffEndpoints()`): a module that hosts a staff controller imports this one.
 */
@Module({
  imports: [AuditModule, RateLimitStorageModule],
  controllers: [AuthController],
  providers: [AuthService, AccountsRepository, StaffAuthGuard],
  exports: [AuthService, AccountsRepository, StaffAuthGuard],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only the staff routes read cookies: the participants' API has none.
    consumer.apply(cookieParser()).forRoutes({ path: 'staff/*path', method: RequestMethod.ALL });
  }
}
