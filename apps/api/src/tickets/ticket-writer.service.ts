import { HttpStatus, Injectable } from '@nestjs/common';
import type { Locale, RequestVisibility, TicketStatus } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { AttachmentsService, StoredFile } from '../attachments/attachments.service';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';
import { MessageEntity } from './message.entity';
import { TicketLifecycle } from './ticket-lifecycle';
import { TicketChannel, TicketEntity } from './ticket.entity';
import { InsertedTicket, TicketsRepository } from './tickets.repository';
import { generateTrackingId } from './tracking-id';

const TRACKING_ID_ATTEMPTS = 5;
/** A merge of a merge of…: followed this far, which no real chain reaches. */
const MAX_MERGE_HOPS = 10;

export interface NewRequest {
  subject: string;
  name: string;
  email: string;
  locale: Locale;
  categoryId: number | null;
  channel: TicketChannel;
  body: string;
  /** An e-mail's whole text when quote removal took something out of `body`. */
  fullBody?: string | null;
  files: readonly StoredFile[];
  /** Added to the audit entry, e.g. the inbound e-mail it came from. */
  auditDetails?: Record<string, unknown>;
  /** Issue 18: the author's choice on the form; absent: their organisation's default. */
  visibility?: RequestVisibility;
}

export interface ParticipantReply {
  body: string;
  fullBody?: string | null;
  channel: TicketChannel;
  files: readonly StoredFile[];
  auditDetails?: Record<string, unknown>;
  /** Issue 18: a colleague of the author on a shared request (signed in); absent: the author. */
  author?: { name: string; email: string };
}

/**
 * What a participant's request or reply writes, whichever way it came (site
 * or e-mail), inside the caller's transaction: the rows here, and what the
 * event means (status, e-mails, staff notices, audit) through TicketLifecycle
 * — all or nothing.
 */
@Injectable()
export class TicketWriter {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly attachments: AttachmentsService,
    private readonly lifecycle: TicketLifecycle,
    private readonly config: AppConfig,
  ) {}

  /**
   * R-SUB-4, R-SUB-5, R-MAIL-1, R-MAIL-3, R-STAFF-2: the request, its first
   * message and what its `opened` transition writes (confirmation, staff
   * notice, audit) in one statement; then its files. With no manager (and so
   * no files), that statement is the whole transaction: one round trip.
   */
  async open(manager: EntityManager | null, request: NewRequest): Promise<InsertedTicket & { trackingId: string }> {
    if (!manager && request.files.length > 0) throw new Error('Files are recorded in the transaction that opens the request: pass its manager');
    const auditDetails = request.visibility ? { ...request.auditDetails, visibility: request.visibility } : request.auditDetails;
    const opened = { type: 'opened', channel: request.channel, message: request.body, attachments: request.files.length, auditDetails } as const;
    let trackingId = '';
    let ticket: InsertedTicket | null = null;
    for (let attempt = 0; !ticket && attempt < TRACKING_ID_ATTEMPTS; attempt++) {
      trackingId = generateTrackingId();
      // Planned again for each tracking ID drawn: the e-mails carry it.
      const rows = await this.lifecycle.planOpened({ trackingId, subject: request.subject, requesterName: request.name, requesterEmail: request.email, locale: request.locale }, opened);
      ticket = await this.tickets.open(
        manager,
        { trackingId, status: rows.status, subject: request.subject, requesterName: request.name, requesterEmail: request.email, locale: request.locale, categoryId: request.categoryId, channel: request.channel,
          linkOrganisation: this.config.staff.organisationLinking === 'auto', visibility: request.visibility ?? null },
        { body: request.body, fullBody: request.fullBody ?? null },
        rows,
      );
    }
    if (!ticket) throw new Error(`No free tracking ID after ${TRACKING_ID_ATTEMPTS} attempts`);
    // Issue 12.7 and the automatic cap (12.4) are decided when it is sent, not here: creating a request takes no per-address lock.
    if (manager) await this.attachments.record(manager, ticket.id, ticket.messageId, request.files);
    return { ...ticket, trackingId };
  }

  /**
   * R-VIEW-5, R-MAIL-4, R-CLOSE-2: the participant's message, then its
   * `participant_replied` transition (a resolved request reopens; staff are
   * told). Issue 12.2: it is written into the request the given one was
   * merged into, if it was (even a moment ago), never into a merged-away
   * request no one sees.
   */
  async appendReply(manager: EntityManager, given: TicketEntity, reply: ParticipantReply): Promise<{ status: TicketStatus; message: MessageEntity; attachments: AttachmentEntity[]; ticket: TicketEntity }> {
    // Locked, so that replies arriving together change the status one after the other.
    const ticket = await this.lockLive(manager, given);
    // Issue 18: a colleague was let in to `given`; a merge may have led elsewhere, which they must be let in to as well.
    if (reply.author && ticket.id !== given.id && !(await this.tickets.colleagueMayWrite(manager, ticket.id, reply.author.email))) {
      throw new ApiException(HttpStatus.CONFLICT, 'ticket_merged');
    }
    const message = await this.tickets.insertMessage(manager, {
      ticketId: ticket.id,
      authorType: 'participant',
      authorName: reply.author?.name ?? ticket.requesterName,
      authorEmail: reply.author?.email ?? ticket.requesterEmail,
      body: reply.body,
      fullBody: reply.fullBody ?? null,
      channel: reply.channel,
    });
    const attachments = await this.attachments.record(manager, ticket.id, message.id, reply.files);
    const status = await this.lifecycle.apply(manager, ticket, {
      type: 'participant_replied',
      channel: reply.channel,
      messageId: message.id,
      message: reply.body,
      attachments: reply.files.length,
      auditDetails: reply.author ? { ...reply.auditDetails, colleague: reply.author.email } : reply.auditDetails,
      author: reply.author,
    });
    return { status, message, attachments, ticket };
  }

  /**
   * Issue 19: the participant closes their request, or reopens it, from the
   * portal: the same transition table as staff's closing (TicketLifecycle),
   * on the live, locked end of its merge chain as a reply would be. A
   * request already there is refused with a 409 that says so (a second tab,
   * a double click), never TransitionRefused's 500.
   */
  async setStatusByParticipant(manager: EntityManager, given: TicketEntity, type: 'participant_closed' | 'participant_reopened'): Promise<TicketStatus> {
    const ticket = await this.lockLive(manager, given);
    if (type === 'participant_closed' && ticket.status === 'resolved') throw new ApiException(HttpStatus.CONFLICT, 'ticket_already_closed');
    if (type === 'participant_reopened' && ticket.status !== 'resolved') throw new ApiException(HttpStatus.CONFLICT, 'ticket_not_closed');
    return this.lifecycle.apply(manager, ticket, { type });
  }

  /**
   * The live end of the request's merge chain, locked. The chain is read
   * first without locks and only its end is locked, so this never holds one
   * request while waiting for another that a merge holds in the opposite
   * order; a merge committed meanwhile is seen after the lock and followed.
   * Every hop must stay with the same participant (the merge refuses
   * anything else), or the reply is refused rather than shown to another.
   */
  private async lockLive(manager: EntityManager, given: TicketEntity): Promise<TicketEntity> {
    let id = given.id;
    for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
      const seen = await manager.findOneBy(TicketEntity, { id });
      const ticket = seen && !seen.mergedIntoId ? await this.tickets.lockTicket(manager, id) : seen;
      if (!ticket) break;
      if (!ticket.mergedIntoId) return ticket;
      const next = await manager.findOneBy(TicketEntity, { id: ticket.mergedIntoId });
      if (!next || next.requesterEmail.trim().toLowerCase() !== ticket.requesterEmail.trim().toLowerCase()) break;
      id = next.id;
    }
    throw new ApiException(HttpStatus.CONFLICT, 'ticket_merged');
  }
}
