import { Injectable } from '@nestjs/common';
import type { Locale } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';

/** The e-mails the product sends; each names its template. */
export type OutboxTemplate = 'ticket_created' | 'tracking_reminder';

export interface OutgoingEmail {
  template: OutboxTemplate;
  recipient: string;
  locale: Locale;
  ticketId?: string | null;
  payload: Record<string, unknown>;
}

/**
 * Queues e-mails inside the caller's transaction: the e-mail exists exactly
 * when the change that causes it was committed. Delivery is the worker's job.
 */
@Injectable()
export class OutboxService {
  async enqueue(manager: EntityManager, email: OutgoingEmail): Promise<void> {
    await manager.insert(OutboxMessageEntity, {
      template: email.template,
      recipient: email.recipient,
      locale: email.locale,
      ticketId: email.ticketId ?? null,
      payload: email.payload,
    });
  }
}
