import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { EventsService } from '../events/events.service';
import { StaffRepository } from './staff.repository';

export type OwnershipScope = { ticketId: string } | { staffId: string };

/**
 * Issue 12.3: a request's owner is someone who may see it. Whatever takes
 * that away — the request moved to another category, a grant removed, an
 * account deactivated or made an agent — calls this in its own transaction,
 * and every owner who lost access is unassigned, with an audit entry on the
 * request and a `ticket.updated` event (issue 16). (The notices they would
 * still get are stopped by the outbox's own check, `RecipientAccess`.)
 */
@Injectable()
export class Ownerships {
  constructor(
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  async releaseLost(manager: EntityManager, scope: OwnershipScope, actor: { name: string }, reason: 'category_changed' | 'access_changed'): Promise<number> {
    const ticketId = 'ticketId' in scope ? scope.ticketId : null;
    const staffId = 'staffId' in scope ? scope.staffId : null;
    const released = await this.staff.releaseOwnersWithoutAccess(manager, { ticketId, staffId });
    for (const row of released) {
      await this.audit.record(manager, {
        ticketId: row.ticketId,
        actor: { type: 'staff', name: actor.name },
        action: 'ticket.unassigned',
        details: { from: row.staffId, fromName: row.staffName, to: null, reason, categoryId: row.categoryId },
      });
      await this.events.record(manager, {
        type: 'ticket.updated',
        ticketId: row.ticketId,
        data: { trackingId: row.trackingId, changes: [{ field: 'owner', from: row.staffId, to: null }], actor: { type: 'staff', name: actor.name } },
      });
    }
    return released.length;
  }
}
