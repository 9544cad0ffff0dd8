import { Global, Module } from '@nestjs/common';
import { SealedColumnsRepository } from './sealed-columns.repository';
import { SecretsService } from './secrets.service';

/** Issue 16: the one sealing of stored secrets, for every module that keeps one (webhooks, staff TOTP). */
@Global()
@Module({
  providers: [SealedColumnsRepository, SecretsService],
  exports: [SecretsService],
})
export class SecretsModule {}
