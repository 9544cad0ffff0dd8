import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';

export type OwnershipScope = { ticketId: string } | { staffId: string };

/**
 * Issue 12.3: a request's owner is someone who may see it. Whatever takes
 * that away — the request moved to another category, a grant removed, an
 * account deactivated or made an agent — calls this in its own transaction,
 * and every owner who lost access is unassigned, with an audit entry on the
 * request. (The notices they would still get are stopped by the outbox's
 * own check, `RecipientAccess`.)
 */
@Injectable()
export class Ownerships {
  constructor(private readonly audit: AuditService) {}

  async releaseLost(manager: EntityManager, scope: OwnershipScope, actor: { name: string }, reason: 'category_changed' | 'access_changed'): Promise<number> {
    const ticketId = 'ticketId' in scope ? scope.ticketId : null;
    const staffId = 'staffId' in scope ? scope.staffId : null;
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [released] = await manager.query<[{ id: string; staff_id: string; staff_name: string; category_id: number }[], number]>(
      `UPDATE tickets t SET owner_id = NULL, updated_at = now()
       FROM staff_accounts s
       WHERE s.id = t.owner_id
         AND ($1::uuid IS NULL OR t.id = $1) AND ($2::uuid IS NULL OR t.owner_id = $2)
         AND (NOT s.is_active OR (s.role <> 'admin' AND NOT EXISTS (
               SELECT 1 FROM staff_category_grants g WHERE g.staff_id = s.id AND g.category_id = t.category_id)))
       RETURNING t.id, s.id AS staff_id, s.name AS staff_name, t.category_id`,
      [ticketId, staffId],
    );
    for (const row of released) {
      await this.audit.record(manager, {
        ticketId: row.id,
        actor: { type: 'staff', name: actor.name },
        action: 'ticket.unassigned',
        details: { from: row.staff_id, fromName: row.staff_name, to: null, reason, categoryId: row.category_id },
      });
    }
    return released.length;
  }
}
