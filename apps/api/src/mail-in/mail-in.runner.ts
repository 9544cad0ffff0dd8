import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MAIL_IN_CHANNEL, MailInChannel, MailInSink } from '@pidtrymka/plugin-sdk';
import { AppConfig } from '../config/app-config';
import { senderKey } from './inbound-mail';
import { MailInRepository } from './mail-in.repository';
import { MailInService } from './mail-in.service';

const PARALLEL_SENDERS = 8;

/**
 * Runs the configured channel: starts it with a sink that records and
 * processes what it brings, asks it for mail every MAIL_IN_POLL_MS (channels
 * may also poll on their own, e.g. IMAP on IDLE), stops it on shutdown.
 */
@Injectable()
export class MailInRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailIn');
  private timer?: NodeJS.Timeout;
  private started = false;
  readonly sink: MailInSink;

  constructor(
    private readonly config: AppConfig,
    private readonly service: MailInService,
    private readonly repository: MailInRepository,
    @Inject(MAIL_IN_CHANNEL) private readonly channel: MailInChannel,
  ) {
    this.sink = {
      deliver: async (raw, origin) => {
        await this.service.receive(raw, origin);
      },
      deliverMany: (messages) => this.deliverMany(messages),
      loadState: (key) => this.repository.loadState(key),
      saveState: (key, value) => this.repository.saveState(key, value),
      log: (level, message) => this.logger[level](message),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.mailIn.enabled) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.service.warmUp();
    await this.channel.start(this.sink);
    const tick = async () => {
      await this.channel.poll().catch((error: Error) => this.logger.warn(`${this.channel.name}: ${error.message}`));
      if (this.started) this.timer = setTimeout(() => void tick(), this.config.mailIn.pollMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearTimeout(this.timer);
    await this.channel.stop();
  }

  private async deliverMany(messages: readonly { raw: Buffer; origin: string }[]): Promise<boolean[]> {
    const done = new Array<boolean>(messages.length).fill(false);
    const bySender = new Map<string, number[]>();
    messages.forEach((message, index) => {
      const key = senderKey(message.raw);
      bySender.set(key, [...(bySender.get(key) ?? []), index]);
    });
    const queues = [...bySender.values()];
    const worker = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const index of queue) {
          try {
            await this.service.receive(messages[index].raw, messages[index].origin);
            done[index] = true;
          } catch (error) {
            this.logger.warn(`Could not record a message from ${messages[index].origin}: ${(error as Error).message}`);
            break; // the rest of this sender's waits, to keep their order
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDERS, queues.length) }, worker));
    return done;
  }
}
