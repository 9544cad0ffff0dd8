import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { StaffNotifier } from './staff-notifier.service';
import { StaffRepository } from './staff.repository';

/** StaffNotifier on its own, so that modules which create requests can use it without the whole staff workspace. */
@Module({
  imports: [NotificationsModule],
  providers: [StaffNotifier, StaffRepository],
  exports: [StaffNotifier],
})
export class StaffNotifierModule {}
