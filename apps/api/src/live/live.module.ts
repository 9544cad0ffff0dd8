import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { StaffTicketsModule } from '../tickets/staff-tickets.module';
import { LiveFeed } from './live-feed.service';
import { LiveController } from './live.controller';
import { LiveRepository } from './live.repository';

@Module({
  imports: [AuthModule, StaffTicketsModule],
  controllers: [LiveController],
  providers: [LiveFeed, LiveRepository],
  exports: [LiveFeed],
})
export class LiveModule {}
