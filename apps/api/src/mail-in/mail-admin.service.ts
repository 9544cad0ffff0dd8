import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  FailedEmailItem,
  FailedEmailPage,
  HeldEmailItem,
  HeldEmailPage,
  KeptEmailItem,
  KeptEmailPage,
  KeptEmailQuery,
  KeptEmailView,
  ReleaseResponse,
  MailListQuery,
  MailProblemCounts,
  QuarantinedEmailItem,
  QuarantinedEmailPage,
  QuarantinedEmailView,
  ReplayResponse,
  RetryResponse,
} from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/api.exception';
import { KeptRow, MailInRepository, QuarantinedRow } from './mail-in.repository';
import { MailInService } from './mail-in.service';
import { MailRenderer } from '../notifications/mail-renderer';
import { FailedEmailRow, HeldEmailRow, OutboxRepository } from '../notifications/outbox.repository';
import type { OutboxTemplate } from '../notifications/outbox.service';
import { StaffPrincipal } from '../auth/staff-principal';

const DEFAULT_LIMIT = 25;
const ID = /^\d{1,18}$/;

/**
 * The admins' side of R-MAIL-6 and of the outbox: quarantined inbound
 * e-mails (read, replay, dismiss) and outgoing e-mails that failed (retry).
 * The work itself is the mail-in replay and the outbox retry the CLI uses;
 * this adds paging, safe reading and the audit trail.
 */
@Injectable()
export class MailAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailIn: MailInService,
    private readonly inbound: MailInRepository,
    private readonly outbox: OutboxRepository,
    private readonly renderer: MailRenderer,
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
  async kept(query: KeptEmailQuery): Promise<KeptEmailPage> {
    return pageOf(query, async (limit, cursor) => {
      const { rows, total } = await this.inbound.listKept({ status: query.status, reason: query.reason }, limit, cursor);
      return [rows, total];
    }, toKeptItem);
  }

  async keptMessage(id: string): Promise<KeptEmailView> {
    const row = ID.test(id) ? await this.inbound.findKept(id) : null;
    if (!row) throw notKept();
    return { ...toKeptItem(row), messageId: row.messageId, ...(await this.mailIn.preview(row.raw)) };
  }

  async rawKept(id: string): Promise<Buffer> {
    const row = ID.test(id) ? await this.inbound.findKept(id) : null;
    if (!row) throw notKept();
    return row.raw;
  }

  /** One click: a kept message is decided as if new, past the rule that kept it (404 unless it is kept). */
  async release(id: string, actor: StaffPrincipal): Promise<ReplayResponse> {
    if (!ID.test(id)) throw notKept();
    const released = await this.mailIn.release(id);
    if (!released) throw notKept();
    const [row] = await this.inbound.outcomes([id]);
    const result = {
      id: row.id,
      status: row.status,
      ticket: row.trackingId && row.status === 'processed' ? { trackingId: row.trackingId } : null,
      reason: row.status === 'processed' ? null : row.reason,
    };
    await this.audit.record(this.dataSource.manager, {
      ticketId: null,
      actor: { type: 'staff', name: actor.name },
      action: 'mail.released',
      details: { staffId: actor.id, inboundId: id, status: result.status, trackingId: result.ticket?.trackingId ?? null },
    });
    return { results: [result] };
  }

  /** Automatic e-mails held by the hourly cap, in the order they will go out. */
  async heldOutgoing(query: MailListQuery): Promise<HeldEmailPage> {
    return pageOf(query, (limit, cursor) => Promise.all([this.outbox.listHeld(limit, cursor), this.outbox.countHeld()]), (row) => this.toHeldItem(row));
  }

  /** An admin sends one held e-mail (404 unless it is held), or all of them, now. */
  async releaseOutgoing(ids: [string] | 'all', actor: StaffPrincipal): Promise<ReleaseResponse> {
    const released = await this.changeOutgoing(ids, actor, notHeld, 'mail.outgoing_released', (manager) => this.outbox.releaseHeld(ids, manager));
    return { released };
  }

  async quarantined(query: MailListQuery): Promise<QuarantinedEmailPage> {
    return pageOf(query, (limit, cursor) => Promise.all([this.inbound.listQuarantined(limit, cursor), this.inbound.countQuarantined()]), toQuarantinedItem);
  }

  async quarantinedMessage(id: string): Promise<QuarantinedEmailView> {
    const row = await this.findQuarantined(id);
    return { ...toQuarantinedItem(row), messageId: row.messageId, ...(await this.mailIn.preview(row.raw)) };
  }

  async rawQuarantined(id: string): Promise<Buffer> {
    return (await this.findQuarantined(id)).raw;
  }

  /** One message (404 unless it is in quarantine), or `all` of them and any left undecided, processed again. */
  async replay(ids: [string] | 'all', actor: StaffPrincipal): Promise<ReplayResponse> {
    if (ids !== 'all' && !ID.test(ids[0])) throw notQuarantined();
    const replayed = await this.mailIn.replay(ids);
    if (ids !== 'all' && replayed.length === 0) throw notQuarantined();
    const outcomes = await this.inbound.outcomes(replayed.map((result) => result.inboundId));
    const results = outcomes.map((row) => ({
      id: row.id,
      status: row.status,
      ticket: row.trackingId && row.status === 'processed' ? { trackingId: row.trackingId } : null,
      reason: row.status === 'processed' ? null : row.reason,
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
    if (!ID.test(id)) throw notQuarantined();
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.inbound.dismissQuarantined(manager, id, `dismissed by ${actor.name} <${actor.email}>`))) throw notQuarantined();
      await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: actor.name }, action: 'mail.dismissed', details: { staffId: actor.id, inboundId: id } });
    });
  }

  async failed(query: MailListQuery): Promise<FailedEmailPage> {
    return pageOf(query, (limit, cursor) => Promise.all([this.outbox.listFailed(limit, cursor), this.outbox.countNotSent()]), (row) => this.toFailedItem(row));
  }

  /** One failed e-mail (404 unless it failed) or `all` of them back to the queue with fresh attempts. */
  async retry(ids: [string] | 'all', actor: StaffPrincipal): Promise<RetryResponse> {
    const retried = await this.changeOutgoing(ids, actor, notFailed, 'mail.retried', (manager) => this.outbox.retryFailedRows(ids, manager));
    return { retried };
  }

  /** The original e-mail of a request's message, for admins (issue 15); 404 when the message did not come by e-mail. */
  async rawOfMessage(messageId: string): Promise<{ id: string; raw: Buffer }> {
    const row = ID.test(messageId) ? await this.inbound.findRawOfMessage(messageId) : null;
    if (!row) throw new ApiException(HttpStatus.NOT_FOUND, 'original_email_not_found');
    return row;
  }

  private async findQuarantined(id: string) {
    const row = ID.test(id) ? await this.inbound.findQuarantined(id) : null;
    if (!row) throw notQuarantined();
    return row;
  }

  private toFailedItem(row: FailedEmailRow): FailedEmailItem {
    return { ...this.outgoingFields(row), status: row.status, error: row.lastError, attempts: row.attempts };
  }

  private toHeldItem(row: HeldEmailRow): HeldEmailItem {
    return { ...this.outgoingFields(row), perHour: row.capPerHour };
  }

  /** What the held and failed lists show alike of an outgoing e-mail. */
  private outgoingFields(row: FailedEmailRow | HeldEmailRow) {
    return {
      id: row.id,
      recipient: row.recipient,
      template: row.template,
      subject: this.subjectOf(row),
      locale: row.locale,
      ticket: row.trackingId ? { trackingId: row.trackingId } : null,
      createdAt: row.createdAt.toISOString(),
    };
  }


  /**
   * One outgoing e-mail (404 by `notFound` unless `change` touched it) or `all`, changed in one
   * transaction with its audit entry, so a change is never left unrecorded. Returns the ids changed.
   */
  private async changeOutgoing(
    ids: [string] | 'all',
    actor: StaffPrincipal,
    notFound: () => ApiException,
    action: 'mail.outgoing_released' | 'mail.retried',
    change: (manager: EntityManager) => Promise<string[]>,
  ): Promise<string[]> {
    if (ids !== 'all' && !ID.test(ids[0])) throw notFound();
    return this.dataSource.transaction(async (manager) => {
      const changed = await change(manager);
      if (ids !== 'all' && changed.length === 0) throw notFound();
      if (changed.length > 0) {
        await this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: actor.name }, action, details: { staffId: actor.id, all: ids === 'all', outboxIds: changed } });
      }
      return changed;
    });
  }

  /** The subject the e-mail would go out with; a row whose payload no longer renders still lists, without one. */
  private subjectOf(row: Pick<FailedEmailRow, 'template' | 'locale' | 'recipient' | 'payload'>): string | null {
    try {
      return this.renderer.render(row.template as OutboxTemplate, row.locale, row.recipient, row.payload as never).subject;
    } catch {
      return null;
    }
  }
}

/** One page of a list, newest cursor last: one row more than the page is read to know whether another page follows. */
async function pageOf<R extends { id: string }, I>(
  query: MailListQuery,
  read: (limit: number, cursor: string | null) => Promise<[R[], number]>,
  toItem: (row: R) => I,
): Promise<{ items: I[]; nextCursor: string | null; total: number }> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const [rows, total] = await read(limit + 1, cursorOf(query));
  const page = rows.slice(0, limit);
  return { items: page.map(toItem), nextCursor: rows.length > limit ? page[page.length - 1].id : null, total };
}

function cursorOf(query: MailListQuery): string | null {
  if (query.cursor === undefined) return null;
  if (!ID.test(query.cursor)) throw new ApiException(HttpStatus.BAD_REQUEST, 'invalid_cursor');
  return query.cursor;
}

function toQuarantinedItem(row: QuarantinedRow): QuarantinedEmailItem {
  return {
    id: row.id,
    from: row.sender,
    subject: row.subject,
    reason: row.reason ?? '',
    origin: row.origin,
    size: row.size,
    receivedAt: row.receivedAt.toISOString(),
  };
}

function toKeptItem(row: KeptRow): KeptEmailItem {
  return {
    ...toQuarantinedItem(row),
    status: row.status,
    reusedMessageIdOf: row.reusedMessageIdOf,
    ticket: row.trackingId ? { trackingId: row.trackingId } : null,
    releasedAt: row.releasedAt ? row.releasedAt.toISOString() : null,
  };
}

const notKept = () => new ApiException(HttpStatus.NOT_FOUND, 'kept_email_not_found');
const notHeld = () => new ApiException(HttpStatus.NOT_FOUND, 'held_email_not_found');
const notQuarantined = () => new ApiException(HttpStatus.NOT_FOUND, 'quarantined_email_not_found');
const notFailed = () => new ApiException(HttpStatus.NOT_FOUND, 'failed_email_not_found');
