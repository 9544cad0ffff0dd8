import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentsService, StoredFile } from '../attachments/attachments.service';
import { contentMismatch } from '../attachments/attachment-content';
import { extensionOf, sanitizeFilename } from '../attachments/attachment-files';
import { AppConfig } from '../config/app-config';
import { formatBytes } from '../i18n/messages';
import { Metrics } from '../metrics/metrics.service';
import { MailIdentity } from '../notifications/mail-identity';
import { TicketEntity } from '../tickets/ticket.entity';
import { TicketWriter } from '../tickets/ticket-writer.service';
import { TicketsRepository } from '../tickets/tickets.repository';
import { normalizeTrackingId } from '../tickets/tracking-id';
import { InboundStatus } from './inbound-message.entity';
import { InboundMail, parseInbound, recordedMessageId } from './inbound-mail';
import { MailInRepository, Outcome } from './mail-in.repository';

const TAG = /\[#\s*([A-Za-z0-9]{3}-?[A-Za-z0-9]{3}-?[A-Za-z0-9]{4})\s*\]/g;
const NO_SUBJECT = '(без теми)';
// Younger undecided messages may still be in a live process's hands.
const STUCK_AFTER_SECONDS = 60;

export interface ReceiveResult {
  inboundId: string;
  status: InboundStatus;
  /** True when this Message-ID had been recorded and decided before: nothing was done. */
  duplicate: boolean;
  ticketId?: string | null;
}

interface SkippedAttachment {
  filename: string;
  size: number;
  reason: 'too_many' | 'too_large' | 'extension' | 'content' | 'name' | 'inline';
}

/**
 * Turns inbound e-mail into requests and replies (R-MAIL-3…8). Every message
 * is first recorded by Message-ID in its own commit; the decision, and what
 * it changes, is a second transaction that also marks the message decided,
 * so a crash anywhere leaves it recorded and undecided, and its next
 * delivery (or a replay) finishes it — never twice.
 */
@Injectable()
export class MailInService {
  private readonly logger = new Logger('MailIn');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly inbound: MailInRepository,
    private readonly tickets: TicketsRepository,
    private readonly attachments: AttachmentsService,
    private readonly writer: TicketWriter,
    private readonly identity: MailIdentity,
    private readonly metrics: Metrics,
  ) {}

  /** Resolves once the message is recorded and decided; rejects only when it could not even be recorded. */
  async receive(raw: Buffer, origin: string): Promise<ReceiveResult> {
    const recorded = await this.inbound.record(recordedMessageId(raw), raw, origin);
    if (recorded.inserted) this.metrics.mailReceived.inc();
    if (recorded.status !== 'received') return { inboundId: recorded.id, status: recorded.status, duplicate: true };
    // A message recorded before but never decided is decided from the bytes recorded then.
    return { ...(await this.process(recorded.id, recorded.inserted ? raw : undefined)), duplicate: false };
  }

  /** Decides a recorded message still `received`; anything that goes wrong quarantines it with the reason. */
  async process(inboundId: string, recordedRaw?: Buffer): Promise<Omit<ReceiveResult, 'duplicate'>> {
    let raw = recordedRaw;
    if (!raw) {
      const row = await this.inbound.find(inboundId);
      if (!row) throw new Error(`No inbound message ${inboundId}`);
      if (row.status !== 'received') return { inboundId, status: row.status };
      raw = row.raw;
    }
    let stored: StoredFile[] = [];
    let mail: InboundMail | undefined;
    try {
      mail = await parseInbound(raw);
      const early = await this.screen(inboundId, mail);
      if (early) {
        await this.inbound.finish(null, inboundId, early);
        this.metrics.mailDecided.inc({ status: early.status });
        return { inboundId, status: early.status };
      }
      const { accepted, skipped } = await this.splitAttachments(mail);
      stored = await this.attachments.storeAll(accepted);
      const target = await this.findTarget(mail);
      const parsed = mail;
      const outcome = await this.dataSource.transaction(async (manager) => {
        if (!(await this.inbound.lockReceived(manager, inboundId))) return null;
        const decided = target ? await this.appendReply(manager, target, parsed, stored, skipped, inboundId) : await this.openRequest(manager, parsed, stored, skipped, inboundId);
        await this.inbound.finish(manager, inboundId, decided);
        return decided;
      });
      if (!outcome) {
        // Another process decided it meanwhile; ours were never recorded.
        await this.attachments.discard(stored);
        return { inboundId, status: (await this.inbound.find(inboundId))?.status ?? 'received' };
      }
      // Counted once committed: a rolled-back decision made nothing.
      this.metrics.mailDecided.inc({ status: outcome.status });
      if (!target && outcome.status === 'processed') this.metrics.ticketsCreated.inc({ channel: 'email' });
      return { inboundId, status: outcome.status, ticketId: outcome.ticketId };
    } catch (error) {
      await this.attachments.discard(stored);
      const reason = (error as Error).message || String(error);
      this.logger.warn(`Inbound message ${inboundId} quarantined: ${reason}`);
      // Sender and subject, when the message could be read, let staff tell quarantined messages apart.
      await this.inbound.finish(null, inboundId, { status: 'quarantined', reason: reason.slice(0, 2000), sender: mail?.from?.address ?? null, subject: mail?.subject || null });
      this.metrics.mailDecided.inc({ status: 'quarantined' });
      return { inboundId, status: 'quarantined' };
    }
  }

  /**
   * Puts quarantined messages back and processes them again; `all` also
   * finishes messages recorded but left undecided (their process died).
   * Returns each one's new status.
   */
  async replay(ids: readonly string[] | 'all'): Promise<{ inboundId: string; status: InboundStatus }[]> {
    const requeued = await this.inbound.requeueQuarantined(ids);
    const stuck = ids === 'all' ? await this.inbound.findStuck(STUCK_AFTER_SECONDS) : [];
    const all = [...new Set([...requeued, ...stuck])].sort((a, b) => Number(a) - Number(b));
    const results = [];
    for (const id of all) results.push(await this.process(id));
    return results;
  }

  /** R-MAIL-8: what creates no request and sends no e-mail, but is kept. */
  private async screen(inboundId: string, mail: InboundMail): Promise<Outcome | null> {
    const sender = mail.from?.address ?? null;
    const subject = mail.subject || null;
    const ignore = (reason: string): Outcome => ({ status: 'ignored', reason, sender, subject });
    if (!mail.from) return { status: 'quarantined', reason: 'no sender address', sender, subject };
    if (mail.from.address.toLowerCase() === this.identity.fromAddress.toLowerCase()) return ignore('loop: from our own address');
    if (mail.automatic) return ignore(mail.automatic);
    const { burstLimit, burstWindowSeconds } = this.config.mailIn;
    const recent = await this.inbound.recordSenderAndCountRecent(inboundId, mail.from.address, burstWindowSeconds);
    if (recent >= burstLimit) return ignore(`burst: more than ${burstLimit} e-mails in ${burstWindowSeconds} s from ${mail.from.address}`);
    return null;
  }

  /**
   * R-MAIL-4, R-MAIL-7: a `[#ID]` of a request of this sender; R-MAIL-5: else
   * one of our Message-IDs it answers, of a request of this sender. A tag or
   * reference to anyone else's request is no reason to join it.
   */
  private async findTarget(mail: InboundMail): Promise<TicketEntity | null> {
    const sender = mail.from!.address.toLowerCase();
    for (const match of mail.subject.matchAll(TAG)) {
      const trackingId = normalizeTrackingId(match[1]);
      const ticket = trackingId ? await this.tickets.findOwned(trackingId, sender) : null;
      if (ticket) return ticket;
    }
    if (!this.config.mailIn.joinByReferences) return null;
    for (const id of mail.answers) {
      const { ticketId } = this.identity.parse(id);
      const ticket = ticketId ? await this.inbound.findTicket(ticketId) : null;
      if (ticket && ticket.requesterEmail.toLowerCase() === sender) return ticket;
    }
    return null;
  }

  private async appendReply(manager: EntityManager, ticket: TicketEntity, mail: InboundMail, stored: StoredFile[], skipped: SkippedAttachment[], inboundId: string): Promise<Outcome> {
    const { message } = await this.writer.appendReply(manager, ticket, { body: mail.body, fullBody: mail.fullBody, channel: 'email', files: stored, auditDetails: { inboundId } });
    await this.noteSkipped(manager, ticket.id, skipped, inboundId);
    return this.processed(mail, ticket.id, message.id, skipped);
  }

  /** R-MAIL-3: a new request in the default category, and the confirmation e-mail with its tracking ID. */
  private async openRequest(manager: EntityManager, mail: InboundMail, stored: StoredFile[], skipped: SkippedAttachment[], inboundId: string): Promise<Outcome> {
    const email = mail.from!.address;
    const ticket = await this.writer.open(manager, {
      subject: (mail.subject || NO_SUBJECT).slice(0, 200),
      name: (mail.from!.name || email.split('@')[0]).slice(0, 50),
      email,
      locale: 'uk',
      categoryId: null,
      channel: 'email',
      body: mail.body,
      fullBody: mail.fullBody,
      files: stored,
      auditDetails: { inboundId },
    });
    await this.noteSkipped(manager, ticket.id, skipped, inboundId);
    return this.processed(mail, ticket.id, ticket.messageId, skipped);
  }

  private processed(mail: InboundMail, ticketId: string, messageId: string, skipped: SkippedAttachment[]): Outcome {
    return {
      status: 'processed',
      sender: mail.from?.address ?? null,
      subject: mail.subject || null,
      ticketId,
      ticketMessageId: messageId,
      details: skipped.length ? { skippedAttachments: skipped } : {},
    };
  }

  /**
   * R-SUB-6 for e-mail: what fits the limits is attached; the rest is never
   * dropped — it stays in the raw message and is listed to staff.
   */
  private async splitAttachments(mail: InboundMail): Promise<{ accepted: { originalname: string; buffer: Buffer }[]; skipped: SkippedAttachment[] }> {
    const { maxCount, maxBytes, extensions } = this.config.attachments;
    const accepted: { originalname: string; buffer: Buffer }[] = [];
    const skipped: SkippedAttachment[] = [];
    for (const attachment of mail.attachments) {
      const filename = sanitizeFilename(attachment.filename);
      const size = attachment.content.length;
      const skip = (reason: SkippedAttachment['reason']) => skipped.push({ filename: filename || attachment.filename || '(без назви)', size, reason });
      if (attachment.inline) skip('inline');
      else if (!filename) skip('name');
      else if (!extensions.includes(extensionOf(filename))) skip('extension');
      else if (size > maxBytes) skip('too_large');
      else if (await contentMismatch(filename, attachment.content)) skip('content');
      else if (accepted.length >= maxCount) skip('too_many');
      else accepted.push({ originalname: filename, buffer: attachment.content });
    }
    return { accepted, skipped };
  }

  private async noteSkipped(manager: EntityManager, ticketId: string, skipped: SkippedAttachment[], inboundId: string): Promise<void> {
    const listed = skipped.filter((file) => file.reason !== 'inline');
    if (listed.length === 0) return;
    const reasons: Record<SkippedAttachment['reason'], string> = {
      too_many: 'перевищено кількість вкладень',
      too_large: 'перевищено розмір',
      extension: 'тип файлу не дозволено',
      content: 'вміст не відповідає розширенню',
      name: 'немає імені файлу',
      inline: 'вбудоване зображення',
    };
    const lines = listed.map((file) => `• ${file.filename} (${formatBytes('uk', file.size)}): ${reasons[file.reason]}`);
    await this.inbound.insertSystemNote(
      manager,
      ticketId,
      `Вкладення листа не додано до запиту, вони збережені в оригінальному листі (вхідний лист № ${inboundId}):\n${lines.join('\n')}`,
    );
  }
}
