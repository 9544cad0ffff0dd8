import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { KNOWLEDGE_SOURCE, KnowledgeSource, MAIL_IN_CHANNEL, MAIL_TRANSPORT, MailInChannel, MailTransport } from '@pidtrymka/plugin-sdk';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { pingDatabase } from '../database/ping';
import { MailboxesService } from '../mailboxes/mailboxes.service';
import { CachedProbe, probe, ProbeResult, publicReason } from './probe';

const DATABASE_TIMEOUT_MS = 2_000;
/** SMTP: a connection, TLS and a login, once per half a minute at most. */
const SMTP_PROBE = { ttlMs: 30_000, timeoutMs: 5_000 };
const CMS_PROBE = { ttlMs: 15_000, timeoutMs: 3_000 };

/**
 * The checks of /api/health and /api/health/ready. Each logs when its
 * dependency goes down (with the whole error) and when it is back, once per
 * change rather than once per probe.
 */
@Injectable()
export class HealthIndicators {
  private readonly logger = new Logger('Health');
  private readonly lastUp = new Map<string, boolean>();
  private readonly smtp?: CachedProbe;
  private readonly cms?: CachedProbe;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(MAIL_IN_CHANNEL) private readonly channel: MailInChannel,
    @Inject(KNOWLEDGE_SOURCE) private readonly source: KnowledgeSource,
    private readonly mailboxes: MailboxesService,
  ) {
    // Only transports and sources that can tell are checked (maildir has nothing to reach), and a transport only where this instance sends.
    if (transport.verify && config.outbox.workerEnabled) this.smtp = new CachedProbe(() => transport.verify!(), SMTP_PROBE);
    if (source.ping) this.cms = new CachedProbe(() => source.ping!(), CMS_PROBE);
  }

  /** Uncached: `SELECT 1` is cheap, and the database is the one dependency without which nothing works. */
  async database(): Promise<HealthIndicatorResult> {
    return this.report('database', await probe(() => pingDatabase(this.dataSource), DATABASE_TIMEOUT_MS));
  }

  /** The mail transport, under its name (`smtp`); nothing when it has nothing to check. */
  async mailTransport(): Promise<HealthIndicatorResult> {
    return this.smtp ? this.report(this.transport.name, await this.smtp.result()) : {};
  }

  /** The mail-in channel's connection as it last saw it (`imap`): no login per probe. */
  mailIn(): HealthIndicatorResult {
    if (!this.config.mailIn.enabled || !this.channel.connectionState) return {};
    const { state, error } = this.channel.connectionState();
    const result: ProbeResult = state === 'disconnected' ? { up: false, reason: publicReason(error), error } : { up: true };
    return this.report(this.channel.name, result, { state });
  }

  /**
   * Issue 16: each enabled mailbox of the database, as `mailbox:<name>`: down when its reader lost its
   * connection, or when its OAuth2 token could not be refreshed (sending from it would fail too).
   */
  async mailboxReaders(): Promise<HealthIndicatorResult> {
    const results: HealthIndicatorResult = {};
    for (const mailbox of await this.mailboxes.all()) {
      if (!mailbox.enabled) continue;
      const { state, error, tokenError } = this.mailboxes.status(mailbox);
      const reading = this.config.mailIn.enabled && mailbox.kind !== 'pipe';
      const problem = tokenError ? `OAuth2 token refresh failed: ${tokenError}` : reading && state === 'disconnected' ? error : undefined;
      const result: ProbeResult = problem ? { up: false, reason: tokenError ? 'OAuth2 token refresh failed' : publicReason(problem), error: problem } : { up: true };
      Object.assign(results, this.report(`mailbox:${mailbox.name}`, result, { state }));
    }
    return results;
  }

  /** The knowledge source (`cms`); see the controller for why it does not fail readiness. */
  async knowledgeSource(): Promise<HealthIndicatorResult> {
    return this.cms ? this.report('cms', await this.cms.result()) : {};
  }

  private report(key: string, result: ProbeResult, extra: Record<string, unknown> = {}): HealthIndicatorResult {
    const wasUp = this.lastUp.get(key);
    if (wasUp !== result.up) {
      this.lastUp.set(key, result.up);
      if (!result.up) this.logger.warn(`${key} is down: ${result.error ?? result.reason}`);
      else if (wasUp === false) this.logger.log(`${key} is back up`);
    }
    const check = this.indicators.check(key);
    return result.up ? check.up(extra) : check.down({ message: result.reason ?? 'unavailable', ...extra });
  }
}
