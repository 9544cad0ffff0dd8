import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { formatBytes } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentsService, StoredFile } from '../attachments/attachments.service';
import { contentMismatch } from '../attachments/attachment-content';
import { extensionOf, sanitizeFilename } from '../attachments/attachment-files';
import { safeDisplayName } from '../common/display-name';
import { AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { Metrics } from '../metrics/metrics.service';
import { MailboxesRepository } from '../mailboxes/mailboxes.repository';
import { MailboxesService } from '../mailboxes/mailboxes.service';
import { MailIdentity } from '../notifications/mail-identity';
import { TicketEntity } from '../tickets/ticket.entity';
import { TicketWriter } from '../tickets/ticket-writer.service';
import { TicketsRepository } from '../tickets/tickets.repository';
import { normalizeTrackingId } from '../tickets/tracking-id';
import { InboundStatus } from './inbound-message.entity';
import { inboundReasonText } from '../i18n/inbound-reasons';
import { InboundMail, InboundReason, recordedMessageId } from './inbound-mail';
import { InboundParser } from './inbound-parser';
import type { InboundPreview } from './inbound-preview';
import { MailInRepository, Outcome } from './mail-in.repository';
import { finding, SenderVerifier } from './sender-verification';
import { contentFingerprint } from './message-fingerprint';

const TAG = /\[#\s*([A-Za-z0-9]{3}-?[A-Za-z0-9]{3}-?[A-Za-z0-9]{4})\s*\]/g;
const NO_SUBJECT = '(без теми)';
const MAX_ADDRESS_LENGTH = 254;
// Younger undecided messages may still be in a live process's hands.
const STUCK_AFTER_SECONDS = 60;

/** The `[#ID]` tags of a subject that are tracking IDs, in order. */
export function taggedTrackingIds(subject: string): string[] {
  return [...subject.matchAll(TAG)].map((match) => normalizeTrackingId(match[1])).filter((id): id is string => !!id);
}

export interface ReceiveResult {
  inboundId: string;
  status: InboundStatus;
  /** True when this message (Message-ID and content) had been recorded and decided before: nothing was done. */
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
export class MailInService implements OnApplicationShutdown {
  private readonly logger = new Logger('MailIn');
  private readonly parser: InboundParser;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly inbound: MailInRepository,
    private readonly tickets: TicketsRepository,
    private readonly attachments: AttachmentsService,
    private readonly writer: TicketWriter,
    private readonly identity: MailIdentity,
    private readonly metrics: Metrics,
    private readonly senders: SenderVerifier,
    private readonly events: EventsService,
    private readonly mailboxes: MailboxesService,
    private readonly mailboxRows: MailboxesRepository,
  ) {
    const { parseTimeoutMs, parseWorkers, maxTextBytes } = config.mailIn;
    this.parser = new InboundParser({ timeoutMs: parseTimeoutMs, workers: parseWorkers, maxTextBytes, warn: (message) => this.logger.warn(message) });
  }

  /**
   * Records a decision taken outside a request's transaction. A quarantine
   * writes `mail.quarantined` (issue 16) in the same transaction, and only
   * when this process is the one that decided (another may have meanwhile).
   */
  private async finish(inboundId: string, outcome: Outcome): Promise<void> {
    if (outcome.status !== 'quarantined') {
      await this.inbound.finish(null, inboundId, outcome);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.inbound.finish(manager, inboundId, outcome))) return;
      await this.events.record(manager, {
        type: 'mail.quarantined',
        // Version 1's `reason` stays a sentence (in English, as subscribers have read it); the code and its parameters come beside it (issue 17).
        data: {
          inboundId,
          reason: inboundReasonText('en', outcome.reason?.code ?? null, outcome.reason?.params),
          reasonCode: outcome.reason?.code ?? null,
          reasonParams: outcome.reason?.params ?? {},
          sender: outcome.sender ?? null,
          subject: outcome.subject ?? null,
        },
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.parser.close();
  }

  /** What an admin may read of a recorded message, made in the parse worker under the same time budget. */
  async preview(raw: Buffer): Promise<InboundPreview> {
    try {
      return await this.parser.preview(raw);
    } catch (error) {
      return { headers: [], text: '', textTruncated: false, attachments: [], parseError: (error as Error).message || String(error) };
    }
  }

  /** For the runner: mail will come, so the parse workers start now. */
  warmUp(): void {
    this.parser.warm();
  }

  /** Resolves once the message is recorded and decided; rejects only when it could not even be recorded. */
  async receive(raw: Buffer, origin: string, mailboxId: string | null = null): Promise<ReceiveResult> {
    // Same Message-ID and same content: the same message again (a re-delivery), decided once.
    const recorded = await this.inbound.record(recordedMessageId(raw), contentFingerprint(raw), raw, origin, mailboxId);
    if (recorded.inserted) this.metrics.mailReceived.inc();
    if (recorded.status !== 'received') return { inboundId: recorded.id, status: recorded.status, duplicate: true };
    // A message recorded before but never decided is decided from the bytes recorded then.
    return { ...(await this.process(recorded.id, recorded.inserted ? raw : undefined, { reusedMessageIdOf: recorded.reusedMessageIdOf, mailboxId })), duplicate: false };
  }

  /**
   * Decides a recorded message still `received`; anything that goes wrong
   * quarantines it with the reason. A message an admin released is decided
   * as if new: the rules that kept it (R-MAIL-8, 12.8's sender check) are not applied again.
   */
  async process(inboundId: string, recordedRaw?: Buffer, options: { release?: boolean; reusedMessageIdOf?: string | null; mailboxId?: string | null } = {}): Promise<Omit<ReceiveResult, 'duplicate'>> {
    let raw = recordedRaw;
    let released = false;
    let mailboxId = options.mailboxId ?? null;
    if (!raw) {
      const row = await this.inbound.find(inboundId);
      if (!row) throw new Error(`No inbound message ${inboundId}`);
      if (row.status !== 'received') return { inboundId, status: row.status };
      raw = row.raw;
      mailboxId = row.mailboxId;
      // Released from the kept list (12.4), or a replay of a message held for its sender (12.8): staff vouch for it.
      released = row.released || (!!options.release && (row.details?.senderVerification as { action?: string } | undefined)?.action === 'hold');
    }
    // Counted before the work: a message that crashes or hangs the process counts even though the crash keeps nothing else.
    const attempt = await this.inbound.beginAttempt(inboundId);
    if (attempt === null) return { inboundId, status: (await this.inbound.find(inboundId))?.status ?? 'received' };
    const { maxAttempts } = this.config.mailIn;
    if (attempt > maxAttempts) {
      this.logger.warn(`Inbound message ${inboundId} quarantined: processing did not finish in ${maxAttempts} attempts (MAIL_IN_MAX_ATTEMPTS)`);
      await this.finish(inboundId, { status: 'quarantined', reason: { code: 'max-attempts', params: { max: maxAttempts } }, sender: null, subject: null });
      this.metrics.mailDecided.inc({ status: 'quarantined' });
      return { inboundId, status: 'quarantined' };
    }
    let stored: StoredFile[] = [];
    let mail: InboundMail | undefined;
    try {
      mail = await this.parser.parse(raw);
      const target = mail.from && mail.from.address.length <= MAX_ADDRESS_LENGTH ? await this.findTarget(mail) : null;
      const early = await this.screen(inboundId, mail, target, released);
      if (early) {
        await this.finish(inboundId, early);
        this.metrics.mailDecided.inc({ status: early.status });
        return { inboundId, status: early.status };
      }
      // 12.8: before anything joins or opens a request; a forged sender is held for staff with the reason.
      const verdict = released ? { action: 'proceed' as const, finding: finding('released') } : await this.senders.verify(raw, mail.from!.address);
      if (verdict.action === 'hold') {
        const held: Outcome = {
          status: 'quarantined',
          reason: { code: 'sender-unverified', params: { finding: verdict.finding.code, ...verdict.finding.params } },
          sender: mail.from!.address,
          subject: mail.subject || null,
          details: { senderVerification: verdict },
        };
        await this.finish(inboundId, held);
        this.metrics.mailDecided.inc({ status: held.status });
        return { inboundId, status: held.status };
      }
      const { accepted, skipped } = await this.splitAttachments(mail);
      stored = await this.attachments.storeAll(accepted);
      const parsed = mail;
      const outcome = await this.dataSource.transaction(async (manager) => {
        if (!(await this.inbound.lockReceived(manager, inboundId))) return null;
        const made = target ? await this.appendReply(manager, target, parsed, stored, skipped, inboundId) : await this.openRequest(manager, parsed, stored, skipped, inboundId, mailboxId);
        const decided = { ...made, details: { ...made.details, senderVerification: verdict } };
        if (options.reusedMessageIdOf && decided.ticketId) await this.noteReusedMessageId(manager, decided.ticketId, inboundId, options.reusedMessageIdOf);
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
      const sender = mail?.from && mail.from.address.length <= MAX_ADDRESS_LENGTH ? mail.from.address : null;
      await this.finish(inboundId, { status: 'quarantined', reason: { code: 'processing-failed', params: { error: reason.slice(0, 2000) } }, sender, subject: mail?.subject || null });
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
    // Named messages are an admin's (or operator's) decision; `all` re-checks every sender.
    for (const id of all) results.push(await this.process(id, undefined, { release: ids !== 'all' }));
    return results;
  }

  /**
   * Admins: lets a message kept without effect (ignored, duplicate, held or
   * quarantined) through, decided as if new — it makes or joins a request.
   * Null when no such message is kept.
   */
  async release(inboundId: string): Promise<{ inboundId: string; status: InboundStatus } | null> {
    if (!(await this.inbound.markReleased(inboundId))) return null;
    return this.process(inboundId);
  }

  /**
   * Issue 17: a quarantined message without a usable sender (none, or not an
   * address) becomes a request of the participant an admin names, through the
   * same opening as any e-mail (the lifecycle: confirmation to that address,
   * staff notices, audit, events), its attachments kept as any e-mail's; the
   * message is marked released into that request. `not_found` when it is not
   * in quarantine, `has_sender` when it has a sender (a replay is what it
   * needs), `unreadable` when it cannot even be parsed.
   */
  async openForSender(
    inboundId: string,
    participant: { email: string; name: string },
    admin: { id: string; name: string; email: string },
  ): Promise<{ ticketId: string; trackingId: string } | 'not_found' | 'has_sender' | 'unreadable'> {
    const found = await this.inbound.find(inboundId);
    if (!found || found.status !== 'quarantined') return 'not_found';
    let mail: InboundMail;
    try {
      mail = await this.parser.parse(found.raw);
    } catch {
      return 'unreadable';
    }
    // The admin vouches for the sender: the message is decided as theirs, nothing else of it changes.
    const vouched: InboundMail = { ...mail, from: { address: participant.email, name: participant.name } };
    const { accepted, skipped } = await this.splitAttachments(vouched);
    const stored = await this.attachments.storeAll(accepted);
    try {
      const opened = await this.dataSource.transaction(async (manager) => {
        if (!(await this.inbound.lockSenderless(manager, inboundId))) return (await this.inbound.isQuarantined(inboundId)) ? 'has_sender' : 'not_found';
        const made = await this.openRequest(manager, vouched, stored, skipped, inboundId, found.mailboxId ?? null, { releasedBy: { staffId: admin.id, name: admin.name } });
        await this.inbound.releaseIntoRequest(manager, inboundId, {
          sender: participant.email,
          ticketId: made.ticketId!,
          ticketMessageId: made.ticketMessageId!,
          details: { ...made.details, releasedAsRequest: { staffId: admin.id, staffName: admin.name, staffEmail: admin.email, email: participant.email } },
        });
        return { ticketId: made.ticketId! };
      });
      if (typeof opened === 'string') {
        await this.attachments.discard(stored);
        return opened;
      }
      this.metrics.mailDecided.inc({ status: 'processed' });
      this.metrics.ticketsCreated.inc({ channel: 'email' });
      const ticket = await this.inbound.findTicket(opened.ticketId);
      return { ticketId: opened.ticketId, trackingId: ticket!.trackingId };
    } catch (error) {
      await this.attachments.discard(stored);
      throw error;
    }
  }

  /**
   * R-MAIL-8: what creates no request and sends no e-mail, but is kept with
   * its reason, for admins to see and release. A reply with new content from
   * the request's own participant always joins, however quick; only the
   * same text again (sender, request and attachments alike) within the window
   * is a `duplicate`, and only new requests count towards a burst (`held`).
   */
  private async screen(inboundId: string, mail: InboundMail, target: TicketEntity | null, released: boolean): Promise<Outcome | null> {
    const sender = mail.from?.address ?? null;
    const subject = mail.subject || null;
    const keep = (status: 'ignored' | 'duplicate' | 'held', reason: InboundReason): Outcome => ({ status, reason, sender, subject });
    if (!mail.from) return { status: 'quarantined', reason: { code: 'no-sender' }, sender, subject };
    // No address is longer (RFC 5321); one that is would fail every write of it and be offered again and again.
    if (mail.from.address.length > MAX_ADDRESS_LENGTH) return { status: 'quarantined', reason: { code: 'sender-too-long', params: { max: MAX_ADDRESS_LENGTH } }, sender: null, subject };
    // An admin has looked at it and let it through.
    if (released) return null;
    if (mail.from.address.toLowerCase() === this.identity.fromAddress.toLowerCase() || (await this.mailboxes.isOwnAddress(mail.from.address))) {
      return keep('ignored', { code: 'loop' });
    }
    if (mail.automatic) return keep('ignored', mail.automatic);
    const { burstLimit, burstWindowSeconds } = this.config.mailIn;
    const activity = await this.inbound.noteAndCompare(inboundId, mail.from.address, textHash(mail, target), !target, burstWindowSeconds);
    if (activity.duplicateOf) return keep('duplicate', { code: 'duplicate', params: { of: activity.duplicateOf, seconds: burstWindowSeconds } });
    if (activity.recentNewRequests >= burstLimit) return keep('held', { code: 'burst', params: { limit: burstLimit, seconds: burstWindowSeconds, sender: mail.from.address } });
    return null;
  }

  /**
   * R-MAIL-4, R-MAIL-7: a `[#ID]` of a request of this sender; R-MAIL-5: else
   * one of our Message-IDs it answers, of a request of this sender. A tag or
   * reference to anyone else's request is no reason to join it.
   */
  private async findTarget(mail: InboundMail): Promise<TicketEntity | null> {
    const sender = mail.from!.address.toLowerCase();
    for (const trackingId of taggedTrackingIds(mail.subject)) {
      const ticket = trackingId ? await this.tickets.findOwned(trackingId, sender) : null;
      if (ticket) return ticket;
      // Issue 18: a colleague in copy now may answer too, under their own name (appendReply).
      const copied = trackingId ? await this.tickets.findCopied(trackingId, sender) : null;
      if (copied) return copied;
    }
    if (!this.config.mailIn.joinByReferences) return null;
    for (const id of mail.answers) {
      const { ticketId } = this.identity.parse(id);
      const ticket = ticketId ? await this.inbound.findTicket(ticketId) : null;
      // Through findOwned like a tag, so an answer to an e-mail of a merged-away request follows the merge (issue 12.2).
      const owned = ticket ? (await this.tickets.findOwned(ticket.trackingId, sender)) ?? (await this.tickets.findCopied(ticket.trackingId, sender)) : null;
      if (owned) return owned;
    }
    return null;
  }

  private async appendReply(manager: EntityManager, ticket: TicketEntity, mail: InboundMail, stored: StoredFile[], skipped: SkippedAttachment[], inboundId: string): Promise<Outcome> {
    // The request it joined: the one `ticket` was merged into, if it was.
    // Issue 18: a colleague in copy writes under their own name and address, as on the portal.
    const sender = mail.from!.address;
    const author =
      sender.toLowerCase() === ticket.requesterEmail.toLowerCase() ? undefined
      : { name: ((await this.tickets.contactName(sender)) ?? (mail.from!.name || sender)).slice(0, 100), email: sender.toLowerCase() };
    const { message, ticket: joined } = await this.writer.appendReply(manager, ticket, { body: mail.body, fullBody: mail.fullBody, channel: 'email', files: stored, auditDetails: { inboundId }, author });
    await this.noteSkipped(manager, joined.id, skipped, inboundId);
    await this.noteTruncated(manager, joined.id, mail, inboundId);
    return this.processed(mail, joined.id, message.id, skipped);
  }

  /**
   * R-MAIL-3: a new request in the default category (issue 16: the mailbox's, for a mailbox of the database),
   * and the confirmation e-mail with its tracking ID; the request remembers its mailbox, so what is sent about it goes out from there.
   */
  private async openRequest(
    manager: EntityManager,
    mail: InboundMail,
    stored: StoredFile[],
    skipped: SkippedAttachment[],
    inboundId: string,
    mailboxId: string | null,
    auditDetails: Record<string, unknown> = {},
  ): Promise<Outcome> {
    const email = mail.from!.address;
    // A mailbox deleted meanwhile: its message opens a request like the default mailbox's.
    const mailbox = mailboxId ? await this.mailboxes.find(mailboxId) : null;
    const ticket = await this.writer.open(manager, {
      subject: (mail.subject || NO_SUBJECT).slice(0, 200),
      // 12.8: the name a sender chose is kept without anything that looks like an address.
      name: safeDisplayName(mail.from!.name, email).slice(0, 50),
      email,
      locale: 'uk',
      categoryId: mailbox?.categoryId ?? null,
      channel: 'email',
      body: mail.body,
      fullBody: mail.fullBody,
      files: stored,
      auditDetails: { inboundId, ...auditDetails },
    });
    if (mailbox) await this.mailboxRows.setTicketMailbox(manager, ticket.id, mailbox.id);
    await this.noteSkipped(manager, ticket.id, skipped, inboundId);
    await this.noteTruncated(manager, ticket.id, mail, inboundId);
    return this.processed(mail, ticket.id, ticket.messageId, skipped);
  }

  /** Staff see on the request itself that its e-mail shares a Message-ID with another message (issue 12.4). */
  private async noteReusedMessageId(manager: EntityManager, ticketId: string, inboundId: string, earlierId: string): Promise<void> {
    await this.inbound.insertSystemNote(
      manager,
      ticketId,
      `Увага: вхідний лист № ${inboundId} має той самий Message-ID, що й інший лист з іншим вмістом (вхідний лист № ${earlierId}). Лист оброблено; порівняйте обидва на сторінці «Пошта» → «Збережені листи».`,
    );
  }

  private processed(mail: InboundMail, ticketId: string, messageId: string, skipped: SkippedAttachment[]): Outcome {
    return {
      status: 'processed',
      sender: mail.from?.address ?? null,
      subject: mail.subject || null,
      ticketId,
      ticketMessageId: messageId,
      details: { ...(skipped.length ? { skippedAttachments: skipped } : {}), ...(mail.textTruncated ? { textTruncatedAtBytes: this.config.mailIn.maxTextBytes } : {}) },
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

  /** Issue 12.1: only the start of a very long text was processed; staff are told where the rest is. */
  private async noteTruncated(manager: EntityManager, ticketId: string, mail: InboundMail, inboundId: string): Promise<void> {
    if (!mail.textTruncated) return;
    await this.inbound.insertSystemNote(
      manager,
      ticketId,
      `Текст листа довший за ${formatBytes(this.config.mailIn.maxTextBytes, 'uk')}: до запиту додано лише його початок, повний текст збережено в оригінальному листі (вхідний лист № ${inboundId}).`,
    );
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
    const lines = listed.map((file) => `• ${file.filename} (${formatBytes(file.size, 'uk')}): ${reasons[file.reason]}`);
    await this.inbound.insertSystemNote(
      manager,
      ticketId,
      `Вкладення листа не додано до запиту, вони збережені в оригінальному листі (вхідний лист № ${inboundId}):\n${lines.join('\n')}`,
    );
  }
}

/**
 * What a duplicate is (R-MAIL-8): the same sender, to the same request (or
 * opening one with the same subject), with the same text and the same
 * attachments. Documents sent in parts under one covering line differ by
 * their files, so they are new content and join.
 */
function textHash(mail: InboundMail, target: TicketEntity | null): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([mail.from?.address.toLowerCase() ?? '', target ? `ticket:${target.id}` : `new:${mail.subject}`, mail.body]));
  for (const attachment of mail.attachments) hash.update(`\0${attachment.filename}\0`).update(createHash('sha256').update(attachment.content).digest('hex'));
  return hash.digest('hex');
}
