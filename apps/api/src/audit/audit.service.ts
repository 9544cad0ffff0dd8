import { Injectable } from '@nestjs/common';
import type { MessageAuthorType } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditEvent {
  ticketId: string | null;
  actor: { type: MessageAuthorType; name: string };
  action: string;
  details?: Record<string, unknown>;
}

/** Writes who did what inside the transaction of the change itself. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, event: AuditEvent): Promise<void> {
    await manager.insert(AuditEventEntity, {
      ticketId: event.ticketId,
      actorType: event.actor.type,
      actorName: event.actor.name,
      action: event.action,
      details: event.details ?? {},
    });
  }
}
