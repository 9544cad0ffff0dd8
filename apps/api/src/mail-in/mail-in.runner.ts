import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MAIL_IN_CHANNEL, MailInChannel, MailInSink } from '@pidtrymka/plugin-sdk';
import { AppConfig } from '../config/app-config';
import { settingsFrom } from '../config/settings';
import type { MailboxStatus } from '@pidtrymka/contracts';
import { MailboxesService, OpenedMailbox } from '../mailboxes/mailboxes.service';
import { ImapChannelSettings, ImapMailInChannel } from './channels/imap.channel';
import { MaildirChannelSettings, MaildirMailInChannel } from './channels/maildir.channel';
import { senderKey } from './inbound-mail';
import { MailInRepository } from './mail-in.repository';
import { MailInService } from './mail-in.service';

const PARALLEL_SENDERS = 8;
/** A failing mailbox waits MAIL_IN_POLL_MS × 2^failures between tries, at most this long. */
const MAX_BACKOFF_MS = 5 * 60_000;

/** One mailbox of the database being read: its own channel, position (state key), timer and backoff. */
interface RunningMailbox {
  mailbox: OpenedMailbox;
  channel: MailInChannel;
  timer?: NodeJS.Timeout;
  stopped: boolean;
  failures: number;
  lastError?: string;
}

/**
 * Runs the configured channel (the environment's default mailbox) and, issue
 * 16, every enabled mailbox of the database, each with a sink that records
 * and processes what it brings, asked for mail every MAIL_IN_POLL_MS
 * (channels may also poll on their own, e.g. IMAP on IDLE); stops them on
 * shutdown. A mailbox that fails backs off on its own: the others go on.
 */
@Injectable()
export class MailInRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailIn');
  private timer?: NodeJS.Timeout;
  private started = false;
  readonly sink: MailInSink;
  private readonly running = new Map<string, RunningMailbox>();
  private reconciling: Promise<void> = Promise.resolve();
  private reloadTimer?: NodeJS.Timeout;
  private knownVersion?: string;
  private unsubscribe?: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly service: MailInService,
    private readonly repository: MailInRepository,
    private readonly mailboxes: MailboxesService,
    @Inject(MAIL_IN_CHANNEL) private readonly channel: MailInChannel,
  ) {
    this.sink = this.sinkFor(null, this.logger);
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
    this.unsubscribe = this.mailboxes.onChange(() => void this.reload());
    await this.reload();
    const check = async () => {
      // Another instance's change: noticed by the list's version, read cheaply.
      const version = await this.mailboxes.version().catch(() => this.knownVersion);
      if (version !== this.knownVersion) await this.reload();
      if (this.started) this.reloadTimer = setTimeout(() => void check(), this.config.mail.reloadMs);
    };
    this.reloadTimer = setTimeout(() => void check(), this.config.mail.reloadMs);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearTimeout(this.timer);
    clearTimeout(this.reloadTimer);
    this.unsubscribe?.();
    await this.reconciling;
    await Promise.all([this.channel.stop(), ...[...this.running.keys()].map((id) => this.stopMailbox(id))]);
  }

  /** The mailboxes being read now, by id (tests and the health check). */
  runningMailboxes(): string[] {
    return [...this.running.keys()];
  }

  /** Starts, stops and restarts mailboxes to match the database; one reload at a time. */
  reload(): Promise<void> {
    this.reconciling = this.reconciling.then(() => this.reconcile()).catch((error: Error) => this.logger.warn(`Mailboxes could not be loaded: ${error.message}`));
    return this.reconciling;
  }

  private async reconcile(): Promise<void> {
    if (!this.started) return;
    this.knownVersion = await this.mailboxes.version();
    // Pipe mailboxes are fed by `mail:pipe --mailbox`: nothing to run here.
    const wanted = new Map((await this.mailboxes.all()).filter((m) => m.enabled && m.kind !== 'pipe').map((m) => [m.id, m]));
    for (const [id, run] of this.running) {
      if (wanted.get(id)?.version !== run.mailbox.version) await this.stopMailbox(id);
    }
    for (const mailbox of wanted.values()) {
      if (!this.running.has(mailbox.id) && this.started) await this.startMailbox(mailbox);
    }
  }

  private async startMailbox(mailbox: OpenedMailbox): Promise<void> {
    const logger = new Logger(`MailIn ${mailbox.name}`);
    const channel = this.channelFor(mailbox);
    const run: RunningMailbox = { mailbox, channel, stopped: false, failures: 0 };
    this.running.set(mailbox.id, run);
    this.mailboxes.registerReader(mailbox.id, () => readerStatus(run));
    await channel.start(this.sinkFor(mailbox.id, logger));
    const tick = async () => {
      try {
        await channel.poll();
        run.failures = 0;
        run.lastError = undefined;
      } catch (error) {
        run.failures++;
        run.lastError = (error as Error).message;
        logger.warn(`${channel.name}: ${run.lastError}`);
      }
      const { pollMs } = this.config.mailIn;
      const delay = run.failures ? Math.min(pollMs * 2 ** run.failures, MAX_BACKOFF_MS) : pollMs;
      if (!run.stopped) run.timer = setTimeout(() => void tick(), delay);
    };
    run.timer = setTimeout(() => void tick(), 0);
    logger.log(`Reading ${mailbox.kind} mailbox ${mailbox.name}`);
  }

  private async stopMailbox(id: string): Promise<void> {
    const run = this.running.get(id);
    if (!run) return;
    run.stopped = true;
    clearTimeout(run.timer);
    this.running.delete(id);
    this.mailboxes.registerReader(id, null);
    await run.channel.stop().catch((error: Error) => this.logger.warn(`Mailbox ${run.mailbox.name} did not stop cleanly: ${error.message}`));
  }

  private channelFor(mailbox: OpenedMailbox): MailInChannel {
    const { settings } = mailbox;
    const batch = { MAIL_IN_BATCH_BYTES: process.env.MAIL_IN_BATCH_BYTES ?? String(16 * 1024 * 1024) };
    if (mailbox.kind === 'maildir') {
      const dir = settings.dir ?? join(this.config.dataDir, 'mail', 'mailboxes', mailbox.id);
      return new MaildirMailInChannel({ dataDir: this.config.dataDir }, settingsFrom(MaildirChannelSettings, { ...batch, MAIL_IN_DIR: dir }));
    }
    const channel = new ImapMailInChannel(
      settingsFrom(ImapChannelSettings, {
        ...batch,
        IMAP_HOST: settings.host ?? '',
        IMAP_USER: settings.user ?? '',
        IMAP_TLS: String(settings.tls ?? true),
        ...(settings.port ? { IMAP_PORT: String(settings.port) } : {}),
        IMAP_TLS_REJECT_UNAUTHORIZED: String(settings.rejectUnauthorized ?? true),
        IMAP_MAILBOX: settings.folder || 'INBOX',
        ...(settings.moveTo ? { IMAP_MOVE_TO: settings.moveTo } : {}),
      }),
    );
    const oauth = this.mailboxes.oauthCredentials(mailbox);
    let lastToken = '';
    channel.login = {
      stateKeyPrefix: `mailbox:${mailbox.id}:`,
      credentials: async () => {
        if (!oauth) return { pass: mailbox.password ?? '' };
        lastToken = await this.mailboxes.tokens.token(oauth);
        return { accessToken: lastToken };
      },
      refused: oauth ? () => this.mailboxes.tokens.invalidate(mailbox.id, lastToken) : undefined,
    };
    return channel;
  }

  private sinkFor(mailboxId: string | null, logger: Logger): MailInSink {
    return {
      deliver: async (raw, origin) => {
        await this.service.receive(raw, origin, mailboxId);
      },
      deliverMany: (messages) => this.deliverMany(messages, mailboxId),
      loadState: (key) => this.repository.loadState(key),
      saveState: (key, value) => this.repository.saveState(key, value),
      log: (level, message) => logger[level](message),
    };
  }

  private async deliverMany(messages: readonly { raw: Buffer; origin: string }[], mailboxId: string | null): Promise<boolean[]> {
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
            await this.service.receive(messages[index].raw, messages[index].origin, mailboxId);
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

/** The channel's own view (IMAP knows its connection); otherwise, how its last pass went. */
function readerStatus(run: RunningMailbox): MailboxStatus {
  const own = run.channel.connectionState?.();
  if (own) return own.error ? { state: own.state, error: own.error } : { state: own.state };
  return run.lastError ? { state: 'disconnected', error: run.lastError } : { state: 'connected' };
}
