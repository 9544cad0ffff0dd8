import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CategoryView,
  CreateReplyResponse,
  CreateTicketResponse,
  Locale,
  ParticipantStatusResponse,
  RateReplyResponse,
  ReplyRating,
  SatisfactionAnswerView,
  SatisfactionStars,
  TicketMessageView,
  TicketView,
} from '@pidtrymka/contracts';
import { DataSource, QueryFailedError } from 'typeorm';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { AttachmentInspectionsService } from '../attachments/attachment-inspections.service';
import { AttachmentsService, IncomingFile } from '../attachments/attachments.service';
import { CaptchaService } from '../captcha/captcha.service';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/api.exception';
import type { Caller } from '../common/caller-info.decorator';
import { EventsService } from '../events/events.service';
import { Metrics } from '../metrics/metrics.service';
import { OutboxService } from '../notifications/outbox.service';
import { CreateReplyDto } from './dto/create-reply.dto';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { LookupLimiter } from './lookup-limiter.service';
import { MessageEntity } from './message.entity';
import { TicketEntity } from './ticket.entity';
import { NewRequest, TicketWriter } from './ticket-writer.service';
import { ParticipantViewRow, TicketsRepository } from './tickets.repository';
import { SatisfactionRepository } from './satisfaction.repository';
import { normalizeTrackingId } from './tracking-id';

const REMINDER_MAX_TICKETS = 50;

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsRepository,
    private readonly attachments: AttachmentsService,
    private readonly inspections: AttachmentInspectionsService,
    private readonly captcha: CaptchaService,
    private readonly outbox: OutboxService,
    private readonly writer: TicketWriter,
    private readonly lookupLimiter: LookupLimiter,
    private readonly metrics: Metrics,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly satisfaction: SatisfactionRepository,
  ) {}

  async listCategories(locale: Locale): Promise<CategoryView[]> {
    const categories = await this.tickets.listCategories();
    return categories.map((category) => ({ id: category.id, name: category.nameIn(locale), isDefault: category.isDefault }));
  }

  /** R-SUB-1…6: checks the anti-spam step and the files, then writes the request, its first message, its e-mail and its audit entry at once. */
  async create(input: CreateTicketDto, files: IncomingFile[], caller: Caller): Promise<CreateTicketResponse> {
    if (input.website) throw new ApiException(HttpStatus.BAD_REQUEST, 'submission_refused');
    await this.attachments.checkAll(files);
    await this.captcha.check(input.captchaId, input.captchaAnswer);

    const stored = await this.attachments.storeAll(files);
    try {
      const request: NewRequest = {
        subject: input.subject,
        name: input.name,
        email: input.email,
        locale: caller.locale,
        categoryId: input.categoryId ?? null,
        channel: 'web',
        visibility: input.visibility,
        body: input.message,
        files: stored,
      };
      // Without files, the one statement that opens it is its own transaction (issue 14).
      const ticket = stored.length === 0 ? await this.writer.open(null, request) : await this.dataSource.transaction((manager) => this.writer.open(manager, request));
      // After the commit: a request that rolled back was not created.
      this.metrics.ticketsCreated.inc({ channel: 'web' });
      return {
        trackingId: ticket.trackingId,
        number: ticket.number,
        status: 'new',
        subject: input.subject,
        createdAt: ticket.createdAt.toISOString(),
        viewUrl: `/api/tickets/${ticket.trackingId}?email=${encodeURIComponent(input.email)}`,
      };
    } catch (error) {
      await this.attachments.discard(stored);
      if (isForeignKeyViolation(error, 'category_id')) throw new ApiException(HttpStatus.BAD_REQUEST, 'category_not_found');
      throw error;
    }
  }

  /** R-VIEW-1, R-VIEW-3: the whole request, only for its tracking ID together with its participant's e-mail. */
  async view(trackingIdInput: string, email: string, caller: Caller): Promise<TicketView> {
    const check = this.lookupLimiter.blockCheck(caller.ip);
    const trackingId = normalizeTrackingId(trackingIdInput);
    const row = trackingId ? await this.tickets.findParticipantView(trackingId, email.trim(), check) : null;
    if (!row) return this.lookupFailed(caller);
    this.lookupLimiter.assertNotBlocked(check, row.blockedIn);
    return this.present(row, caller.locale);
  }

  /** The request page's answer from its row (R-VIEW-1): staff addresses hidden, signatures added; also issue 18's signed-in view. */
  async present(row: ParticipantViewRow, locale: Locale): Promise<TicketView> {
    const messages = row.messages;
    const last = messages[messages.length - 1];
    const [signatures, satisfaction] = await Promise.all([
      this.inspections.signatureLines(messages.flatMap((m) => m.attachments.map((a) => a.id))),
      // Only a closed request is asked: an open one's page reads nothing more.
      row.status === 'resolved' ? this.satisfaction.stateOf(row.id) : null,
    ]);
    return {
      trackingId: row.trackingId,
      number: row.number,
      subject: row.subject,
      status: row.status,
      priority: row.priority,
      category: { id: row.categoryId, name: locale === 'en' ? row.categoryEn : row.categoryUk },
      requester: { name: row.requesterName, email: row.requesterEmail },
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      lastReplyBy: last?.authorName ?? row.requesterName,
      replyCount: Math.max(messages.length - 1, 0),
      messages: messages.map((m) => ({
        ...m,
        authorEmail: m.authorType === 'participant' ? m.authorEmail : null,
        createdAt: new Date(m.createdAt).toISOString(),
        attachments: m.attachments.map((a) => (signatures.has(a.id) ? { ...a, signatures: signatures.get(a.id) } : a)),
      })),
      satisfaction,
    };
  }

  /** R-VIEW-5. */
  async reply(trackingIdInput: string, input: CreateReplyDto, files: IncomingFile[], caller: Caller): Promise<CreateReplyResponse> {
    const ticket = await this.findForParticipant(trackingIdInput, input.email, caller);
    await this.attachments.checkAll(files);
    const stored = await this.attachments.storeAll(files);
    try {
      const { status, message, attachments } = await this.dataSource.transaction((manager) =>
        this.writer.appendReply(manager, ticket, { body: input.message, channel: 'web', files: stored }),
      );
      return { status, message: toMessageView(message, attachments) };
    } catch (error) {
      await this.attachments.discard(stored);
      throw error;
    }
  }

  /**
   * Issue 19: "Was this reply helpful?", once per staff reply of the
   * participant's own request (after merges, as the page shows it). A note,
   * another request's message or no message at all are the same 404, so a
   * vote cannot be used to learn that a note exists; the participant's own
   * message (which they see) is a 400; a second vote a 409.
   */
  async rateReply(trackingIdInput: string, messageIdInput: string, email: string, rating: ReplyRating, caller: Caller): Promise<RateReplyResponse> {
    const ticket = await this.findForParticipant(trackingIdInput, email, caller);
    // A bigint's range: anything else names no message (and must not reach the ::bigint cast as a 500).
    const messageId = /^[1-9][0-9]{0,17}$/.test(messageIdInput) ? messageIdInput : null;
    if (!messageId) throw new ApiException(HttpStatus.NOT_FOUND, 'message_not_found');
    return this.dataSource.transaction(async (manager) => {
      const rated = await this.tickets.rateReply(manager, ticket.id, messageId, rating);
      if (!rated) {
        const message = await this.tickets.findMessageOf(manager, ticket.id, messageId);
        if (!message || message.internal) throw new ApiException(HttpStatus.NOT_FOUND, 'message_not_found');
        if (message.authorType !== 'staff') throw new ApiException(HttpStatus.BAD_REQUEST, 'message_not_rateable');
        throw new ApiException(HttpStatus.CONFLICT, 'reply_already_rated');
      }
      const actor = { type: 'participant', name: ticket.requesterName } as const;
      await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'message.rated', details: { messageId, rating } });
      await this.events.record(manager, { type: 'message.rated', ticketId: ticket.id, data: { trackingId: ticket.trackingId, messageId, rating, actor } });
      return { messageId, rating };
    });
  }

  /**
   * Issue 19: satisfaction after closing, 1–5 stars and a comment, once per closing: a request reopened
   * and closed again is asked again. Proved theirs as a reply is; an open request is a 409, as is a
   * second answer to the same closing.
   */
  async answerSatisfaction(trackingIdInput: string, email: string, stars: SatisfactionStars, commentInput: string | undefined, caller: Caller): Promise<SatisfactionAnswerView> {
    const ticket = await this.findForParticipant(trackingIdInput, email, caller);
    const comment = commentInput?.trim() || null;
    return this.dataSource.transaction(async (manager) => {
      const answer = await this.satisfaction.answer(manager, ticket.id, stars, comment);
      if (answer === 'not_closed') throw new ApiException(HttpStatus.CONFLICT, 'satisfaction_not_closed');
      if (answer === 'answered') throw new ApiException(HttpStatus.CONFLICT, 'satisfaction_already_answered');
      const actor = { type: 'participant', name: ticket.requesterName } as const;
      const details = { stars, commented: comment !== null, closedAt: answer.closedAt };
      await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'ticket.satisfaction_answered', details });
      await this.events.record(manager, { type: 'ticket.satisfaction_answered', ticketId: ticket.id, data: { trackingId: ticket.trackingId, ...details, actor } });
      return answer;
    });
  }

  /** Issue 19: the participant closes their own request (no closed e-mail: TICKET_LIFECYCLE says why). */
  async close(trackingIdInput: string, email: string, caller: Caller): Promise<ParticipantStatusResponse> {
    const ticket = await this.findForParticipant(trackingIdInput, email, caller);
    const status = await this.dataSource.transaction((manager) => this.writer.setStatusByParticipant(manager, ticket, 'participant_closed'));
    return { status };
  }

  /** Issue 19, R-CLOSE-2: the participant reopens their closed request without writing: "waiting reply", as a reply leaves it. */
  async reopen(trackingIdInput: string, email: string, caller: Caller): Promise<ParticipantStatusResponse> {
    const ticket = await this.findForParticipant(trackingIdInput, email, caller);
    const status = await this.dataSource.transaction((manager) => this.writer.setStatusByParticipant(manager, ticket, 'participant_reopened'));
    return { status };
  }

  async download(trackingIdInput: string, attachmentId: string, email: string, caller: Caller): Promise<{ attachment: AttachmentEntity; content: Buffer }> {
    const ticket = await this.findForParticipant(trackingIdInput, email, caller);
    const attachment = isUuid(attachmentId) ? await this.tickets.findPublicAttachment(ticket.id, attachmentId) : null;
    const content = attachment ? await this.attachments.read(attachment) : null;
    if (!attachment || !content) throw new ApiException(HttpStatus.NOT_FOUND, 'attachment_not_found');
    return { attachment, content };
  }

  /**
   * R-VIEW-4: queues the list of an address's requests. Says nothing about
   * whether there were any, so it cannot be used to learn who wrote to us.
   */
  async sendTrackingReminder(email: string, caller: Caller): Promise<void> {
    const tickets = await this.tickets.findByRequesterEmail(email, REMINDER_MAX_TICKETS);
    if (tickets.length === 0) return;
    await this.dataSource.transaction((manager) =>
      this.outbox.enqueue(manager, {
        template: 'tracking_reminder',
        recipient: tickets[0].requesterEmail,
        locale: caller.locale,
        payload: {
          name: tickets[0].requesterName,
          tickets: tickets.map((t) => ({ trackingId: t.trackingId, number: t.number, subject: t.subject, status: t.status, createdAt: t.createdAt.toISOString() })),
        },
      }),
    );
  }

  /** Unknown ID and wrong e-mail end the same way, and both count towards the look-up limit. */
  private async findForParticipant(trackingIdInput: string, email: string, caller: Caller): Promise<TicketEntity> {
    const check = this.lookupLimiter.blockCheck(caller.ip);
    const trackingId = normalizeTrackingId(trackingIdInput);
    const found = trackingId ? await this.tickets.findOwnedLookup(trackingId, email.trim(), check) : null;
    if (!found) return this.lookupFailed(caller);
    this.lookupLimiter.assertNotBlocked(check, found.blockedIn);
    return found.ticket;
  }

  private async lookupFailed(caller: Caller): Promise<never> {
    await this.lookupLimiter.recordFailure(caller.ip);
    throw new ApiException(HttpStatus.NOT_FOUND, 'ticket_not_found');
  }
}

export function toMessageView(message: MessageEntity, attachments: AttachmentEntity[]): TicketMessageView {
  return {
    id: message.id,
    authorType: message.authorType,
    authorName: message.authorName,
    authorEmail: message.authorType === 'participant' ? message.authorEmail : null,
    body: message.body,
    fullBody: message.fullBody ?? null,
    createdAt: message.createdAt.toISOString(),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, preview: a.preview ?? 'none' })),
    rating: null,
  };
}

/** Through TypeORM (QueryFailedError) or straight from the pg pool (its DatabaseError). */
function isForeignKeyViolation(error: unknown, column: string): boolean {
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as { code?: string; detail?: string } | undefined;
  return driverError?.code === '23503' && (driverError.detail ?? '').includes(`(${column})`);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
