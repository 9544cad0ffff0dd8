import { MailerService } from '@nestjs-modules/mailer';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ATTACHMENT_STORE, AttachmentNotFoundError, type AttachmentStore } from '@pidtrymka/plugin-sdk';
import { PollingWorker, retryDelayMs } from '../common/polling-worker';
import { AppConfig } from '../config/app-config';
import { MailboxTransports } from '../mailboxes/mailbox-transports';
import { MailboxesService } from '../mailboxes/mailboxes.service';
import { Metrics } from '../metrics/metrics.service';
import { domainOf, MailIdentity } from './mail-identity';
import { MailRenderer } from './mail-renderer';
import { ClaimedEmail, OutboxRepository } from './outbox.repository';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';
import { RecipientAccess } from './recipient-access';

// One address, nothing that could make a second recipient or a header.
const SINGLE_ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;

/**
 * Delivers the outbox. Each round claims due rows (leased, see
 * `OutboxRepository.claimDue`), sends them through the mailer (its transport
 * is the configured mail-transport plugin), and marks them sent; a failure
 * waits OUTBOX_BACKOFF_MS × 2^(attempt−1) and, after OUTBOX_MAX_ATTEMPTS, is
 * marked failed with its error.
 *
 * Delivery is at least once, never knowingly twice: a row is only sent by
 * the worker holding its lease, and marked sent right after the server
 * accepts it. If the process dies between the server's acceptance and that
 * mark, the row is sent again once its lease (OUTBOX_LEASE_SECONDS) runs
 * out — a rare duplicate, with the same Message-ID so mail clients can fold
 * it, rather than an e-mail silently lost (at-most-once would mark first and
 * lose the e-mail on that same crash).
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  // A full batch means more may be waiting: go on at once.
  private readonly worker = new PollingWorker(this.logger, 'Outbox', async () => (await this.deliverDue()) >= this.config.outbox.batchSize, () => this.config.outbox.pollMs);

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly renderer: MailRenderer,
    private readonly identity: MailIdentity,
    private readonly mailer: MailerService,
    private readonly metrics: Metrics,
    private readonly access: RecipientAccess,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    private readonly mailboxes: MailboxesService,
    private readonly mailboxTransports: MailboxTransports,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.outbox.workerEnabled) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** One round: claims what is due, sends it, records the outcome. Returns how many rows it claimed (held ones too: a full batch means more may wait). */
  async deliverDue(): Promise<number> {
    const { batchSize, leaseSeconds } = this.config.outbox;
    // Held e-mails whose hour has room again become due in this same round.
    await this.outbox.releaseHeldWithinCaps();
    // Caps are decided here, when the e-mail is sent, not when it is queued: see OutboxRepository.decideCapped.
    const claimed = await this.outbox.claimDue(batchSize, leaseSeconds, { confirmationsPerHour: this.config.confirmationEmailsPerHour });
    if (claimed.length === 0) return 0;
    // Every delivery of the round ends before the next round claims; a mark that failed is the round's error.
    const results = await Promise.allSettled(claimed.filter((row) => !row.held).map((row) => this.deliver(row)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return claimed.length;
  }

  /**
   * Marks the row sent the moment the server has accepted it, not when the
   * whole batch is done: a crash then re-sends only the e-mails whose
   * acceptance had not been recorded yet, instead of every e-mail of the batch
   * that had already gone out (the fault suite measured whole batches sent twice).
   */
  private async deliver(row: ClaimedEmail): Promise<void> {
    try {
      // Issue 12.3: checked when it is sent, not when it was queued; a refusal is final, never retried.
      const refusal = await this.access.refusal(row);
      if (refusal) {
        this.logger.log(`E-mail ${row.id} (${row.template}) skipped: ${refusal}`);
        this.metrics.outboxSendFailures.inc({ outcome: 'skipped' });
        await this.outbox.markSkipped(row.id, refusal);
        return;
      }
      await this.send(row);
    } catch (error) {
      await this.recordFailure(row, error as Error);
      return;
    }
    await this.outbox.markSent([row.id]);
    this.metrics.outboxSent.inc();
  }

  private async send(row: ClaimedEmail): Promise<void> {
    if (!SINGLE_ADDRESS.test(row.recipient)) throw new PermanentError(`Not a single e-mail address: ${JSON.stringify(row.recipient)}`);
    const attachments = await this.attachmentsFor(row);
    const rendered = this.renderer.render(row.template as OutboxTemplate, row.locale, row.recipient, row.payload as never, { listAttachments: attachments === null });
    // Issue 16: a request that came in through a mailbox of the database is answered from it (a mailbox deleted since: from the default).
    const mailbox = row.mailboxId ? await this.mailboxes.find(row.mailboxId) : null;
    const from = mailbox ? { name: mailbox.fromName, address: mailbox.fromAddress } : this.identity.from;
    // Its Message-IDs are of the mailbox's domain, and so are the earlier ones named for threading: a request's e-mails all went out from its mailbox.
    const domain = domainOf(from.address);
    const messageId = this.identity.messageIdFor(row.id, row.ticketId, domain);
    const previous = row.previousIds.map((id) => `<${this.identity.messageIdFor(id, row.ticketId, domain)}>`);
    const mail = {
      envelope: { from: from.address, to: [row.recipient] },
      from,
      to: row.recipient,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: `<${messageId}>`,
      inReplyTo: previous[0],
      references: previous.length ? [...previous].reverse() : undefined,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      attachments: attachments ?? undefined,
    };
    // Rendered already, and without `context`: the mailer would otherwise fill `{{…}}` a participant wrote in the subject.
    if (mailbox?.smtp) await this.mailboxTransports.send(mailbox, mail);
    else await this.mailer.sendMail(mail);
  }

  /**
   * Issue 17: a staff reply's files, read from the store now (the row names
   * them by id), when together they fit MAIL_MAX_ATTACHMENTS_BYTES; null when
   * the e-mail is to list them instead — over the limit, or one of them is
   * gone (deleted with its request's data, or lost by the store), as a reply
   * that silently lacks a file it mentions is worse than one that links to it.
   */
  private async attachmentsFor(row: ClaimedEmail): Promise<{ filename: string; content: Buffer; contentType: string }[] | null> {
    if (row.template !== 'staff_reply' || !row.ticketId) return [];
    const named = (row.payload as Partial<OutboxPayloads['staff_reply']>).attachments ?? [];
    if (named.length === 0) return [];
    const max = this.config.outbox.maxAttachmentsBytes;
    if (named.reduce((sum, file) => sum + file.size, 0) > max) return null;
    const found = await this.outbox.attachmentsOf(row.ticketId, named.map((file) => file.id));
    if (found.length !== named.length || found.reduce((sum, file) => sum + file.size, 0) > max) return null;
    const files = [];
    for (const file of found) {
      try {
        files.push({ filename: file.filename, content: await this.store.read(file.storageKey), contentType: file.contentType });
      } catch (error) {
        if (error instanceof AttachmentNotFoundError) return null;
        // The store could not be read now: the e-mail is retried with its files rather than sent without them.
        throw error;
      }
    }
    return files;
  }

  private async recordFailure(row: ClaimedEmail, error: Error): Promise<void> {
    const message = `${error.message}`.slice(0, 2000);
    if (error instanceof PermanentError || row.attempts >= this.config.outbox.maxAttempts) {
      this.logger.warn(`E-mail ${row.id} (${row.template}) failed after ${row.attempts} attempt(s): ${message}`);
      this.metrics.outboxSendFailures.inc({ outcome: 'failed' });
      await this.outbox.markFailed(row.id, message);
      return;
    }
    const retryInMs = retryDelayMs(this.config.outbox.backoffMs, row.attempts);
    this.logger.warn(`E-mail ${row.id} (${row.template}) not sent, retry in ${Math.round(retryInMs / 1000)} s: ${message}`);
    this.metrics.outboxSendFailures.inc({ outcome: 'retry' });
    await this.outbox.markRetry(row.id, message, retryInMs);
  }
}

/** A row no retry can fix (e.g. a malformed address). */
class PermanentError extends Error {}
