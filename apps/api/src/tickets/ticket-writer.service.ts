import { HttpStatus, Injectable } from '@nestjs/common';
import type { Locale, TicketStatus } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { AttachmentsService, StoredFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/api.exception';
import { OutboxService } from '../notifications/outbox.service';
import { StaffNotifier } from './staff-notifier.service';
import { MessageEntity } from './message.entity';
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
}

export interface ParticipantReply {
  body: string;
  fullBody?: string | null;
  channel: TicketChannel;
  files: readonly StoredFile[];
  auditDetails?: Record<string, unknown>;
}

/**
 * R-VIEW-2 and the foundation issue: a participant's reply keeps `new`,
 * turns anything else into `waiting_reply`, and so reopens a resolved request.
 */
export function statusAfterParticipantReply(current: TicketStatus): TicketStatus {
  return current === 'new' ? 'new' : 'waiting_reply';
}

/**
 * What a participant's request or reply writes, whichever way it came (site
 * or e-mail), inside the caller's transaction: the rows, the e-mails it
 * causes (outbox) and the audit entries — all or nothing.
 */
@Injectable()
export class TicketWriter {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly attachments: AttachmentsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly staffNotifier: StaffNotifier,
  ) {}

  /** R-SUB-4, R-SUB-5, R-MAIL-1, R-MAIL-3, R-STAFF-2: the request, its first message and files, the confirmation and the staff notice. */
  async open(manager: EntityManager, request: NewRequest): Promise<InsertedTicket & { trackingId: string }> {
    let trackingId = '';
    let ticket: InsertedTicket | null = null;
    for (let attempt = 0; !ticket && attempt < TRACKING_ID_ATTEMPTS; attempt++) {
      trackingId = generateTrackingId();
      ticket = await this.tickets.insertTicket(
        manager,
        { trackingId, subject: request.subject, requesterName: request.name, requesterEmail: request.email, locale: request.locale, categoryId: request.categoryId, channel: request.channel },
        { body: request.body, fullBody: request.fullBody ?? null },
      );
    }
    if (!ticket) throw new Error(`No free tracking ID after ${TRACKING_ID_ATTEMPTS} attempts`);

    await this.attachments.record(manager, ticket.id, ticket.messageId, request.files);
    // Issue 12.7 and the automatic cap (12.4) are decided when it is sent, not here: creating a request takes no per-address lock.
    await this.outbox.enqueue(manager, {
      template: 'ticket_created',
      recipient: request.email,
      locale: request.locale,
      ticketId: ticket.id,
      payload: { trackingId, number: ticket.number, name: request.name, subject: request.subject, message: request.body },
    });
    await this.staffNotifier.onNewTicket(
      manager,
      { id: ticket.id, trackingId, number: ticket.number, categoryId: ticket.categoryId, subject: request.subject, requesterName: request.name, requesterEmail: request.email },
      request.body,
    );
    await this.audit.record(manager, {
      ticketId: ticket.id,
      actor: { type: 'participant', name: request.name },
      action: 'ticket.created',
      details: { channel: request.channel, attachments: request.files.length, ...request.auditDetails },
    });
    return { ...ticket, trackingId };
  }

  /**
   * R-VIEW-5, R-MAIL-4, R-CLOSE-2: the participant's message, the new status
   * (a resolved request reopens) and the staff notice. Issue 12.2: it is
   * written into the request the given one was merged into, if it was (even
   * a moment ago), never into a merged-away request no one sees.
   */
  async appendReply(manager: EntityManager, given: TicketEntity, reply: ParticipantReply): Promise<{ status: TicketStatus; message: MessageEntity; attachments: AttachmentEntity[]; ticket: TicketEntity }> {
    // Locked, so that replies arriving together change the status one after the other.
    const ticket = await this.lockLive(manager, given);
    const status = statusAfterParticipantReply(ticket.status);
    const message = await this.tickets.insertMessage(manager, {
      ticketId: ticket.id,
      authorType: 'participant',
      authorName: ticket.requesterName,
      authorEmail: ticket.requesterEmail,
      body: reply.body,
      fullBody: reply.fullBody ?? null,
      channel: reply.channel,
    });
    const attachments = await this.attachments.record(manager, ticket.id, message.id, reply.files);
    await this.tickets.updateStatus(manager, ticket.id, status);
    const actor = { type: 'participant' as const, name: ticket.requesterName };
    await this.audit.record(manager, {
      ticketId: ticket.id,
      actor,
      action: 'ticket.replied',
      details: { channel: reply.channel, messageId: message.id, attachments: reply.files.length, ...reply.auditDetails },
    });
    await this.staffNotifier.onParticipantReply(manager, ticket, reply.body);
    if (status !== ticket.status) {
      await this.audit.record(manager, {
        ticketId: ticket.id,
        actor,
        action: ticket.status === 'resolved' ? 'ticket.reopened' : 'ticket.status_changed',
        details: { from: ticket.status, to: status },
      });
    }
    return { status, message, attachments, ticket };
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
