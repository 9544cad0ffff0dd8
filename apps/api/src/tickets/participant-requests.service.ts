import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  RequestCopiesResponse,
  CreateReplyResponse,
  Locale,
  ParticipantOrganisationView,
  ParticipantRequestView,
  RequestVisibility,
  SetRequestVisibilityResponse,
} from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { AttachmentsService, IncomingFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import type { ParticipantPrincipal } from '../auth/participant-auth.service';
import { ApiException } from '../common/api.exception';
import type { Caller } from '../common/caller-info.decorator';
import { LookupLimiter } from './lookup-limiter.service';
import { TicketEntity } from './ticket.entity';
import { TicketWriter } from './ticket-writer.service';
import { TicketsRepository } from './tickets.repository';
import { isUuid, TicketsService, toMessageView } from './tickets.service';
import { normalizeTrackingId } from './tracking-id';

interface Accessible {
  ticket: TicketEntity;
  /** The signed-in participant wrote it. */
  mine: boolean;
  merged: boolean;
}

/**
 * Issue 18, "Sharing, per request": a request through the participant's
 * session, the author's own or a colleague's shared one
 * (TicketsRepository's colleagueMaySee decides, at every call). An e-mail
 * address is no secret, so a colleague reaches a shared request this way only,
 * never by tracking ID and address; anything they may not see is the same 404
 * as an unknown tracking ID, and counts towards the look-up limit alike.
 */
@Injectable()
export class ParticipantRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsRepository,
    private readonly views: TicketsService,
    private readonly attachments: AttachmentsService,
    private readonly writer: TicketWriter,
    private readonly lookupLimiter: LookupLimiter,
    private readonly audit: AuditService,
  ) {}

  async organisations(participant: ParticipantPrincipal, locale: Locale): Promise<ParticipantOrganisationView[]> {
    const rows = await this.tickets.organisationsOfContact(participant.email);
    return rows.map((o) => ({ id: o.id, name: (locale === 'en' && o.nameEn) || o.nameUk, defaultVisibility: o.defaultVisibility }));
  }

  async view(participant: ParticipantPrincipal, trackingIdInput: string, caller: Caller): Promise<ParticipantRequestView> {
    const { ticket, mine } = await this.find(participant, trackingIdInput, caller);
    const [row, sharing] = await Promise.all([this.tickets.findViewById(ticket.id), this.tickets.sharingOf(ticket.id)]);
    if (!row || !sharing) return this.lookupFailed(caller);
    const view = await this.views.present(row, caller.locale);
    return {
      ...view,
      mine,
      visibility: sharing.visibility,
      organisation: sharing.organisationId === null ? null : { id: sharing.organisationId, name: (caller.locale === 'en' && sharing.nameEn) || sharing.nameUk || '' },
    };
  }

  /** A reply as the signed-in address: on a colleague's request it shows their own name and address, never the author's. */
  async reply(participant: ParticipantPrincipal, trackingIdInput: string, body: string, files: IncomingFile[], caller: Caller): Promise<CreateReplyResponse> {
    const { ticket, mine, merged } = await this.find(participant, trackingIdInput, caller);
    // A colleague's reply goes to the request they see, never on along a merge to one they may not.
    if (!mine && merged) return this.lookupFailed(caller);
    const author = mine ? undefined : { name: ((await this.tickets.contactName(participant.email)) ?? participant.email).slice(0, 100), email: participant.email };
    await this.attachments.checkAll(files);
    const stored = await this.attachments.storeAll(files);
    try {
      const { status, message, attachments } = await this.dataSource.transaction((manager) =>
        this.writer.appendReply(manager, ticket, { body, channel: 'web', files: stored, author }),
      );
      return { status, message: toMessageView(message, attachments) };
    } catch (error) {
      await this.attachments.discard(stored);
      throw error;
    }
  }

  async download(participant: ParticipantPrincipal, trackingIdInput: string, attachmentId: string, caller: Caller): Promise<{ attachment: AttachmentEntity; content: Buffer }> {
    const { ticket } = await this.find(participant, trackingIdInput, caller);
    const attachment = isUuid(attachmentId) ? await this.tickets.findPublicAttachment(ticket.id, attachmentId) : null;
    const content = attachment ? await this.attachments.read(attachment) : null;
    if (!attachment || !content) throw new ApiException(HttpStatus.NOT_FOUND, 'attachment_not_found');
    return { attachment, content };
  }

  /**
   * The author alone changes who sees the request, and only signed in: with
   * tracking ID and address anyone could share someone else's request with
   * their organisation. A colleague gets the 404 of a request they do not
   * own. Audited with both values, in the change's transaction.
   */
  async setVisibility(participant: ParticipantPrincipal, trackingIdInput: string, visibility: RequestVisibility, caller: Caller): Promise<SetRequestVisibilityResponse> {
    const { ticket, mine } = await this.find(participant, trackingIdInput, caller);
    if (!mine) return this.lookupFailed(caller);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.tickets.setVisibility(manager, ticket.id, visibility);
      if (before === null) throw new ApiException(HttpStatus.NOT_FOUND, 'ticket_not_found');
      if (before === visibility) return;
      await this.audit.record(manager, {
        ticketId: ticket.id,
        actor: { type: 'participant', name: ticket.requesterName },
        action: 'ticket.visibility_changed',
        details: { from: before, to: visibility, organisationId: ticket.organisationId },
      });
    });
    return { visibility };
  }

  /** Issue 18, "Colleagues in copy": the author's view of who may be and who is in copy. */
  async copies(participant: ParticipantPrincipal, trackingIdInput: string, caller: Caller): Promise<RequestCopiesResponse> {
    const { ticket, mine } = await this.find(participant, trackingIdInput, caller);
    if (!mine) return this.lookupFailed(caller);
    return this.copiesOf(ticket.id);
  }

  /**
   * Issue 18: the author makes the copy exactly these addresses. An active
   * contact of the request's organisation is in copy at once; any other
   * address is pending until an admin approves it, and meanwhile gets nothing
   * (our participants compete: the author alone must not open a request to an
   * outsider). The author's own address is no copy. Each addition and removal
   * is audited.
   */
  async setCopies(participant: ParticipantPrincipal, trackingIdInput: string, emails: readonly string[], caller: Caller): Promise<RequestCopiesResponse> {
    const { ticket, mine } = await this.find(participant, trackingIdInput, caller);
    if (!mine) return this.lookupFailed(caller);
    const candidates = await this.tickets.copyCandidates(ticket.id);
    const byEmail = new Map(candidates.map((c) => [c.email.toLowerCase(), c]));
    const author = ticket.requesterEmail.trim().toLowerCase();
    const chosen = [...new Set(emails.map((e) => e.trim().toLowerCase()))].filter((e) => e !== author);
    const ids = chosen.filter((e) => byEmail.has(e)).map((e) => byEmail.get(e)!.contactId);
    const outside = chosen.filter((e) => !byEmail.has(e));
    await this.dataSource.transaction(async (manager) => {
      const { added, removed } = await this.tickets.replaceCopies(manager, ticket.id, ids, outside, participant.email.toLowerCase());
      for (const [action, changes] of [['ticket.copy_added', added], ['ticket.copy_removed', removed]] as const) {
        for (const { contactId, email, state } of changes) {
          await this.audit.record(manager, {
            ticketId: ticket.id,
            actor: { type: 'participant', name: ticket.requesterName },
            action,
            details: { contactId, email, state, organisationId: ticket.organisationId },
          });
        }
      }
    });
    return this.copiesOf(ticket.id);
  }

  private async copiesOf(ticketId: string): Promise<RequestCopiesResponse> {
    const [colleagues, others] = await Promise.all([this.tickets.copyCandidates(ticketId), this.tickets.outsideCopies(ticketId)]);
    return { colleagues: colleagues.map(({ name, email, inCopy }) => ({ name, email, inCopy })), others: others.map(({ email, state }) => ({ email, state })) };
  }

  private async find(participant: ParticipantPrincipal, trackingIdInput: string, caller: Caller): Promise<Accessible> {
    const check = this.lookupLimiter.blockCheck(caller.ip);
    const trackingId = normalizeTrackingId(trackingIdInput);
    const found = trackingId ? await this.tickets.findAccessible(trackingId, participant.email, check) : null;
    if (!found) return this.lookupFailed(caller);
    this.lookupLimiter.assertNotBlocked(check, found.blockedIn);
    return found;
  }

  private async lookupFailed(caller: Caller): Promise<never> {
    await this.lookupLimiter.recordFailure(caller.ip);
    throw new ApiException(HttpStatus.NOT_FOUND, 'ticket_not_found');
  }
}
