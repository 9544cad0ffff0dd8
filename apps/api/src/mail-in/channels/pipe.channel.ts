import { Injectable } from '@nestjs/common';
import { MailInChannel } from '@pidtrymka/plugin-sdk';

/**
 * For a mail server that hands each message to `npm run mail:pipe` (its pipe
 * transport): messages arrive through that command, so the API itself has
 * nothing to fetch.
 */
@Injectable()
export class PipeMailInChannel implements MailInChannel {
  readonly name = 'pipe';
  async start(): Promise<void> {}
  async poll(): Promise<void> {}
  async stop(): Promise<void> {}
}
