import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  Locale,
  OpenQuarantinedRequest,
  KeptEmailItem,
  KeptEmailPage,
  KeptEmailQuery,
  KeptEmailView,
  MailListQuery,
  MailProblemCounts,
  QuarantinedEmailItem,
  QuarantinedEmailPage,
  QuarantinedEmailView,
  ReplayResponse,
} from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/api.exception';
import { pageOf, ROW_ID } from '../common/paged-list';
import { KeptRow, MailInRepository, QuarantinedRow } from './mail-in.repository';
import { MailInService } from './mail-in.service';
import { OutboxRepository } from '../notifications/outbox.repository';
import { StaffPrincipal } from '../auth/staff-principal';
import { inboundReasonText } from '../i18n/inbound-reasons';


/**
 * The admins' side of R-MAIL-6: quarantined and kept inbound e-mails (read,
 * replay, release, dismiss), and the counts the mail pages' badges show. The
 * work itself is the mail-in replay the CLI uses; this adds paging, safe
 * reading and the audit trail. Outgoing e-mails: notifications/outbox-admin.
 */
@Injectable()
export class MailAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailIn: MailInService,
    private readonly inbound: MailInRepository,
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditService,
  ) {}

  async counts(): Promise<MailProblemCounts> {
    const [quarantined, failed, held, outgoingHeld] = await Promise.all([
      this.inbound.countQuarantined(),
      this.outbox.countFailed(),
      this.inbound.countHeld(),
      this.outbox.countHeld(),
    ]);
    return { quarantined, failed, held, outgoingHeld };
  }

  /** Issue 12.4: every inbound message kept without effect, or flagged, with its reason; filtered by status and reason. */
  async kept(query: KeptEmailQuery, locale: Locale): Promise<KeptEmailPage> {
    return pageOf(query, async (limit, cursor) => {
      const { rows, total } = await this.inbound.listKept({ status: query.status, reason: query.reason }, limit, cursor);
      return [rows, total];
    }, (row) => toKeptItem(row, locale));
  }

  async keptMessage(id: string, locale: Locale): Promise<KeptEmailView> {
    const row = ROW_ID.test(id) ? await this.inbound.findKept(id) : null;
    if (!row) throw notKept();
    return { ...toKeptItem(row, locale), messageId: row.messageId, ...(await this.mailIn.preview(row.raw)) };
  }

  async rawKept(id: string): Promise<Buffer> {
    const row = ROW_ID.test(id) ? await this.inbound.findKept(id) : null;
    if (!row) throw notKept();
    return row.raw;
  }

  /** One click: a kept message is decided as if new, past the rule that kept it (404 unless it is kept). */
  async release(id: string, actor: StaffPrincipal, locale: Locale): Promise<ReplayResponse> {
    if (!ROW_ID.test(id)) throw notKept();
    const released = await this.mailIn.release(id);
    if (!released) throw notKept();
    const [row] = await this.inbound.outcomes([id]);
    const result = {
      id: row.id,
      status: row.status,
      ticket: row.trackingId && row.status === 'processed' ? { trackingId: row.trackingId } : null,
      reason: row.status === 'processed' ? null : inboundReasonText(locale, row.reason, row.reasonParams),
    };
    await this.audit.record(this.dataSource.manager, {
      ticketId: null,
      actor: { type: 'staff', name: actor.name },
      action: 'mail.released',
      details: { staffId: actor.id, inboundId: id, status: result.status, trackingId: result.ticket?.trackingId ?? null },
    });
    return { results: [result] };
  }

  async quarantined(query: MailListQuery, locale: Locale): Promise<QuarantinedEmailPage> {
    return pageOf(query, (limit, cursor) => Promise.all([this.inbound.listQuarantined(limit, cursor), this.inbound.countQuarantined()]), (row) => toQuarantinedItem(row, locale));
  }

  async quarantinedMessage(id: string, locale: Locale): Promise<QuarantinedEmailView> {
    const row = await this.findQuarantined(id);
    return { ...toQuarantinedItem(row, locale), messageId: row.messageId, ...(await this.mailIn.preview(row.raw)) };
  }

  async rawQuarantined(id: string): Promise<Buffer> {
    return (await this.findQuarantined(id)).raw;
  }

  /** One message (404 unless it is in quarantine), or `all` of them and any left undecided, processed again. */
  async replay(ids: [string] | 'all', actor: StaffPrincipal, locale: Locale): Promise<ReplayResponse> {
    if (ids !== 'all' && !ROW_ID.test(ids[0])) throw notQuarantined();
    const replayed = await this.mailIn.replay(ids);
    if (ids !== 'all' && replayed.length === 0) throw notQuarantined();
    const outcomes = await this.inbound.outcomes(replayed.map((result) => result.inboundId));
    const results = outcomes.map((row) => ({
      id: row.id,
      status: row.status,
      ticket: row.trackingId && row.status === 'processed' ? { trackingId: row.trackingId } : null,
      reason: row.status === 'processed' ? null : inboundReasonText(locale, row.reason, row.reasonParams),
    }));
    if (results.length > 0) {
      await this.audit.record(this.dataSource.manager, {
        ticketId: null,
        actor: { type: 'staff', name: actor.name },
        action: 'mail.replayed',
        details: { staffId: actor.id, all: ids === 'all', results: results.map((r) => ({ id: r.id, status: r.status, trackingId: r.ticket?.trackingId ?? null })) },
      });
    }
    return { results };
  }

  /** Out of the quarantine without processing: kept as `ignored`, with who did it. */
  async dismiss(id: string, actor: StaffPrincipal): Promise<void> {
    if (!ROW_ID.test(id)) throw notQuarantined();
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.inbound.dismissQuarantined(manager, id, { code: 'dismissed', params: { name: actor.name, email: actor.email } }))) throw notQuarantined();
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: actor.name }, action: 'mail.dismissed', details: { staffId: actor.id, inboundId: id } });
    });
  }

  /**
   * Issue 17: a quarantined e-mail without a usable sender becomes a request of
   * the participant the admin names (as if they had written it: confirmation
   * e-mail to them, staff notices, the request's audit), attachments kept; the
   * admin's part is audited on the request, by name. 404 unless it is in
   * quarantine; 409 when it has a sender (replay it) or cannot be read.
   */
  async openRequest(id: string, input: OpenQuarantinedRequest, actor: StaffPrincipal): Promise<ReplayResponse> {
    if (!ROW_ID.test(id)) throw notQuarantined();
    const email = input.email.trim();
    const name = input.name?.trim() || email.split('@')[0].slice(0, 50);
    const opened = await this.mailIn.openForSender(id, { email, name }, actor);
    if (opened === 'not_found') throw notQuarantined();
    if (opened === 'has_sender') throw new ApiException(HttpStatus.CONFLICT, 'quarantined_email_has_sender');
    if (opened === 'unreadable') throw new ApiException(HttpStatus.CONFLICT, 'quarantined_email_unreadable');
    await this.audit.record(this.dataSource.manager, {
      ticketId: opened.ticketId,
      actor: { type: 'staff', name: actor.name },
      action: 'mail.released_as_request',
      details: { staffId: actor.id, inboundId: id, email, name, trackingId: opened.trackingId },
    });
    return { results: [{ id, status: 'processed', ticket: { trackingId: opened.trackingId }, reason: null }] };
  }

  /** The original e-mail of a request's message, for admins (issue 15); 404 when the message did not come by e-mail. */
  async rawOfMessage(messageId: string): Promise<{ id: string; raw: Buffer }> {
    const row = ROW_ID.test(messageId) ? await this.inbound.findRawOfMessage(messageId) : null;
    if (!row) throw new ApiException(HttpStatus.NOT_FOUND, 'original_email_not_found');
    return row;
  }

  private async findQuarantined(id: string) {
    const row = ROW_ID.test(id) ? await this.inbound.findQuarantined(id) : null;
    if (!row) throw notQuarantined();
    return row;
  }

}

/** Issue 17: the stored code put into words in the reader's language, and the code itself for machines. */
function toQuarantinedItem(row: QuarantinedRow, locale: Locale): QuarantinedEmailItem {
  return {
    id: row.id,
    from: row.sender,
    subject: row.subject,
    reason: inboundReasonText(locale, row.reason, row.reasonParams),
    reasonCode: (row.reason as QuarantinedEmailItem['reasonCode']) ?? null,
    reasonParams: row.reasonParams ?? {},
    origin: row.origin,
    size: row.size,
    receivedAt: row.receivedAt.toISOString(),
  };
}

function toKeptItem(row: KeptRow, locale: Locale): KeptEmailItem {
  return {
    ...toQuarantinedItem(row, locale),
    status: row.status,
    reusedMessageIdOf: row.reusedMessageIdOf,
    ticket: row.trackingId ? { trackingId: row.trackingId } : null,
    releasedAt: row.releasedAt ? row.releasedAt.toISOString() : null,
  };
}

const notKept = () => new ApiException(HttpStatus.NOT_FOUND, 'kept_email_not_found');
const notQuarantined = () => new ApiException(HttpStatus.NOT_FOUND, 'quarantined_email_not_found');

