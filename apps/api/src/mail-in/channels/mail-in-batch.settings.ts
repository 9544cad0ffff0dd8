import { Setting } from '@pidtrymka/plugin-sdk';
import { IsInt, Min } from 'class-validator';

/** Issue 12.1: what the channels that read a store of mail hold in memory per batch. */
export class MailInBatchSettings {
  /** At most this many bytes of mail per batch (at least one message, however large). */
  @Setting('MAIL_IN_BATCH_BYTES') @IsInt() @Min(1)
  readonly batchBytes: number = 16 * 1024 * 1024;
}
