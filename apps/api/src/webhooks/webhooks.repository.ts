import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DomainEventType, WebhookDeliveryStatus } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { WebhookEntity } from './webhook.entity';

/** The subscriber key of a webhook's rows in event_deliveries. */
export const webhookSubscriber = (id: string): string => `webhook:${id}`;

export interface WebhookFields {
  url: string;
  description: string;
  eventTypes: DomainEventType[];
  enabled: boolean;
}

export interface WebhookDeliveryRow {
  id: string;
  eventType: DomainEventType;
  occurredAt: Date;
  ticketId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  lastError: string | null;
  responseStatus: number | null;
  responseExcerpt: string | null;
}

/** What a re-send found: the row changed, or why not. */
export type ResendOutcome = 'queued' | 'sending' | 'missing';

/** Every query of the outbound webhooks. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<WebhookEntity[]> {
    return this.dataSource.getRepository(WebhookEntity).find({ order: { createdAt: 'ASC' } });
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<WebhookEntity | null> {
    return manager.getRepository(WebhookEntity).findOneBy({ id });
  }

  /** The webhooks the dispatcher sends to now: a disabled webhook's deliveries wait, kept, until it is enabled again. */
  enabledWebhooks(): Promise<WebhookEntity[]> {
    return this.dataSource.getRepository(WebhookEntity).findBy({ enabled: true });
  }

  /** With its id chosen beforehand: the sealed secret is bound to it. */
  async insert(manager: EntityManager, id: string, fields: WebhookFields, sealedSecret: string, actor: string): Promise<WebhookEntity> {
    const repository = manager.getRepository(WebhookEntity);
    await repository.insert({ id, ...fields, secret: sealedSecret, createdBy: actor, updatedBy: actor });
    return repository.findOneByOrFail({ id });
  }

  async update(manager: EntityManager, id: string, fields: Partial<WebhookFields> & { secret?: string }, actor: string): Promise<void> {
    await manager.getRepository(WebhookEntity).update({ id }, { ...fields, updatedBy: actor });
  }

  /** The endpoint and its delivery log: its subscriber key is never used again. */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM event_deliveries WHERE subscriber = $1`, [webhookSubscriber(id)]);
    await manager.getRepository(WebhookEntity).delete({ id });
  }

  /** Newest first, `limit` after the event id `before`, with the count of all. */
  async deliveries(id: string, limit: number, before: string | null): Promise<[WebhookDeliveryRow[], number]> {
    const subscriber = webhookSubscriber(id);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<WebhookDeliveryRow[]>(
        `SELECT d.event_id::text AS id, e.type AS "eventType", e.occurred_at AS "occurredAt", e.ticket_id AS "ticketId", d.status, d.attempts,
                d.next_attempt_at AS "nextAttemptAt", d.delivered_at AS "deliveredAt", d.last_error AS "lastError",
                d.response_status AS "responseStatus", d.response_excerpt AS "responseExcerpt"
         FROM event_deliveries d JOIN events e ON e.id = d.event_id
         WHERE d.subscriber = $1 AND ($3::bigint IS NULL OR d.event_id < $3::bigint)
         ORDER BY d.event_id DESC LIMIT $2`,
        [subscriber, limit, before],
      ),
      this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM event_deliveries WHERE subscriber = $1`, [subscriber]),
    ]);
    return [rows, total];
  }

  /**
   * Sends a delivery again, as soon as the dispatcher looks: a finished one
   * (delivered or given up) gets a fresh round of attempts; a pending one
   * waiting out its backoff is brought forward. One a dispatcher holds now
   * is left to it (its lease fences the row).
   */
  async resend(id: string, eventId: string): Promise<ResendOutcome> {
    // The UPDATE runs though nothing reads it; `target` answers with the status it found.
    const rows: { status: string }[] = await this.dataSource.query(
      `WITH target AS (SELECT status FROM event_deliveries WHERE subscriber = $1 AND event_id = $2 FOR UPDATE),
       changed AS (
         UPDATE event_deliveries d
         SET status = 'pending', next_attempt_at = now(), attempts = CASE WHEN d.status = 'pending' THEN d.attempts ELSE 0 END, delivered_at = NULL
         FROM target WHERE d.subscriber = $1 AND d.event_id = $2 AND target.status IN ('pending', 'delivered', 'failed')
       )
       SELECT status FROM target`,
      [webhookSubscriber(id), eventId],
    );
    if (rows.length === 0) return 'missing';
    return rows[0].status === 'sending' ? 'sending' : 'queued';
  }
}
