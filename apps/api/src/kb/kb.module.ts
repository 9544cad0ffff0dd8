import { Module } from '@nestjs/common';
import { KbController } from './kb.controller';
import { KbRepository } from './kb.repository';
import { KbSyncService } from './kb-sync.service';
import { KbService } from './kb.service';

@Module({
  controllers: [KbController],
  providers: [KbRepository, KbService, KbSyncService],
  exports: [KbSyncService],
})
export class KbModule {}
