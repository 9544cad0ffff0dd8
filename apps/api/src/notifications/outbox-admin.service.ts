import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FailedEmailItem, FailedEmailPage, HeldEmailItem, HeldEmailPage, MailListQuery, ReleaseResponse, RetryResponse } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { pageOf, ROW_ID } from '../common/paged-list';
import { MailRenderer } from './mail-renderer';
import { FailedEmailRow, HeldEmailRow, OutboxRepository } from './outbox.repository';
import type { OutboxTemplate } from './outbox.service';

/**
 * The admins' side of the outbox: automatic e-mails held by the hourly cap
 * (send now) and e-mails the outbox gave up on (retry), each change audited.
 */
@Injectable()
export class OutboxAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly renderer: MailRenderer,
    private readonly audit: AuditService,
  ) {}

  /** Automatic e-mails held by the hourly cap, in the order they will go out. */
  async heldOutgoing(query: MailListQuery): Promise<HeldEmailPage> {
    return pageOf(query, (limit, cursor) => Promise.all([this.outbox.listHeld(limit, cursor), this.outbox.countHeld()]), (row) => this.toHeldItem(row));
  }

  /** An admin sends one held e-mail (404 unless it is held), or all of them, now. */
  async releaseOutgoing(ids: [string] | 'all', actor: StaffPrincipal): Promise<ReleaseResponse> {
    const released = await this.changeOutgoing(ids, actor, notHeld, 'mail.outgoing_released', (manager) => this.outbox.releaseHeld(ids, manager));
    return { released };
  }

  async failed(query: MailListQuery): Promise<FailedEmailPage> {
    return pageOf(query, (limit, cursor) => Promise.all([this.outbox.listFailed(limit, cursor), this.outbox.countNotSent()]), (row) => this.toFailedItem(row));
  }

  /** One failed e-mail (404 unless it failed) or `all` of them back to the queue with fresh attempts. */
  async retry(ids: [string] | 'all', actor: StaffPrincipal): Promise<RetryResponse> {
    const retried = await this.changeOutgoing(ids, actor, notFailed, 'mail.retried', (manager) => this.outbox.retryFailedRows(ids, manager));
    return { retried };
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
    if (ids !== 'all' && !ROW_ID.test(ids[0])) throw notFound();
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

const notHeld = () => new ApiException(HttpStatus.NOT_FOUND, 'held_email_not_found');
const notFailed = () => new ApiException(HttpStatus.NOT_FOUND, 'failed_email_not_found');
