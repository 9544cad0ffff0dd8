import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DomainEventType } from '@pidtrymka/contracts';
import type { SubscribedEvent } from '@pidtrymka/plugin-sdk';
import { DataSource, EntityManager } from 'typeorm';

/**
 * An event as rows, for a statement that writes it with other rows (the one
 * that opens a request): its columns, and the subscribers that get a
 * delivery row.
 */
export interface PlannedEvent {
  type: DomainEventType;
  version: number;
  payload: object;
  subscribers: string[];
}

/** What a webhook's receiver answered, kept on the delivery row (its last attempt). */
export interface DeliveryResponse {
  status: number | null;
  excerpt: string | null;
}

/**
 * The subscribers an enabled outbound webhook adds to an event of type
 * `typeParam` (SQL, for the statements that write events): read in the same
 * statement as the event's insert, so the create-request path keeps its one
 * round trip; the webhooks table is a handful of rows.
 */
export const WEBHOOK_SUBSCRIBERS = (typeParam: string) => `SELECT 'webhook:' || w.id FROM webhooks w WHERE w.enabled AND ${typeParam} = ANY(w.event_types)`;

/** A delivery a dispatcher has leased: the event, for whom, and which attempt this is (the lease's fence). */
export interface ClaimedDelivery {
  subscriber: string;
  attempts: number;
  event: SubscribedEvent;
}

interface ClaimedRow {
  subscriber: string;
  attempts: number;
  id: string;
  type: string;
  version: number;
  occurred_at: Date;
  ticket_id: string | null;
  payload: unknown;
}

/** Every query of the event dispatcher. */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The event and a delivery row for each of its subscribers (plugins and enabled webhooks), in one statement of the change's transaction. */
  /**
   * Deletes up to `limit` events older than `days` that no delivery still
   * waits for (none pending or being sent: a disabled webhook's are kept), their
   * finished deliveries with them (ON DELETE CASCADE); answers how many. Oldest
   * first by id, which the primary key walks in order of age.
   */
  async deleteExpired(days: number, limit: number): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM events WHERE id IN (
         SELECT e.id FROM events e
         WHERE e.occurred_at < now() - make_interval(days => $1)
           AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = e.id AND d.status IN ('pending', 'sending'))
         ORDER BY e.id LIMIT $2
         FOR UPDATE SKIP LOCKED
       )`,
      [days, limit],
    );
    return deleted ?? 0;
  }

  async insert(manager: EntityManager, ticketId: string | null, event: PlannedEvent): Promise<void> {
    await manager.query(
      `WITH event AS (
         INSERT INTO events (ticket_id, type, version, payload) VALUES ($1, $2, $3, $4) RETURNING id, ticket_id
       )
       INSERT INTO event_deliveries (subscriber, event_id, ticket_id)
       SELECT s.name, event.id, event.ticket_id FROM event, (SELECT unnest($5::text[]) UNION ALL ${WEBHOOK_SUBSCRIBERS('$2::text')}) AS s(name)`,
      [ticketId, event.type, event.version, JSON.stringify(event.payload), event.subscribers],
    );
  }

  /**
   * Takes up to `limit` due deliveries of `subscribers` and leases them for
   * `leaseSeconds`, as the outbox does: due are pending rows whose time has
   * come and `sending` rows whose dispatcher's lease ran out. SKIP LOCKED
   * lets several dispatchers take disjoint rows; the claim commits at once,
   * so the lease keeps the row from a second dispatcher.
   *
   * In order per request: a row is due only when no earlier row of the same
   * subscriber and request is pending or being sent (a retry waiting out its
   * backoff holds the request's later events back; a `failed` one does not).
   * So a claim holds at most one row per subscriber and request.
   */
  async claimDue(subscribers: readonly string[], limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    if (subscribers.length === 0) return [];
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [rows]: [ClaimedRow[], number] = await this.dataSource.query(
      `WITH due AS (
         SELECT d.subscriber, d.event_id FROM event_deliveries d
         WHERE d.status IN ('pending', 'sending') AND d.next_attempt_at <= now() AND d.subscriber = ANY($3::text[])
           AND (d.ticket_id IS NULL OR NOT EXISTS (
             SELECT 1 FROM event_deliveries p
             WHERE p.subscriber = d.subscriber AND p.ticket_id = d.ticket_id AND p.event_id < d.event_id AND p.status IN ('pending', 'sending')))
         ORDER BY d.next_attempt_at, d.event_id
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE event_deliveries d
       SET status = 'sending', attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       FROM due JOIN events e ON e.id = due.event_id
       WHERE d.subscriber = due.subscriber AND d.event_id = due.event_id
       RETURNING d.subscriber, d.attempts, e.id::text AS id, e.type, e.version, e.occurred_at, e.ticket_id, e.payload`,
      [limit, leaseSeconds, subscribers],
    );
    return rows
      .map((row) => ({
        subscriber: row.subscriber,
        attempts: row.attempts,
        event: { id: row.id, type: row.type, version: row.version, occurredAt: row.occurred_at.toISOString(), ...(row.ticket_id ? { ticketId: row.ticket_id } : {}), data: row.payload },
      }))
      .sort((a, b) => Number(a.event.id) - Number(b.event.id));
  }

  /**
   * The marks below change the row only while this dispatcher's lease holds
   * (`attempts` is the one it claimed): one whose lease ran out and was taken
   * over cannot mark what the other is doing.
   */
  async markDelivered(delivery: ClaimedDelivery, response: DeliveryResponse | null = null): Promise<void> {
    await this.markDeliveredMany([{ delivery, response }]);
  }

  /** Several deliveries at once, each only if still this attempt's (a later claim's row is left alone). */
  async markDeliveredMany(done: readonly { delivery: ClaimedDelivery; response: DeliveryResponse | null }[]): Promise<void> {
    if (done.length === 0) return;
    await this.dataSource.query(
      `UPDATE event_deliveries d SET status = 'delivered', delivered_at = now(), last_error = NULL, response_status = x.status, response_excerpt = x.excerpt
       FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[], $5::text[]) AS x(subscriber, event_id, attempts, status, excerpt)
       WHERE d.subscriber = x.subscriber AND d.event_id = x.event_id AND d.status = 'sending' AND d.attempts = x.attempts`,
      [
        done.map((d) => d.delivery.subscriber),
        done.map((d) => d.delivery.event.id),
        done.map((d) => d.delivery.attempts),
        done.map((d) => d.response?.status ?? null),
        done.map((d) => d.response?.excerpt ?? null),
      ],
    );
  }

  async markRetry(delivery: ClaimedDelivery, error: string, retryInMs: number, response: DeliveryResponse | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE event_deliveries SET status = 'pending', last_error = $4, next_attempt_at = now() + make_interval(secs => $5), response_status = $6, response_excerpt = $7
       WHERE subscriber = $1 AND event_id = $2 AND status = 'sending' AND attempts = $3`,
      [delivery.subscriber, delivery.event.id, delivery.attempts, error, retryInMs / 1000, response?.status ?? null, response?.excerpt ?? null],
    );
  }

  async markFailed(delivery: ClaimedDelivery, error: string, response: DeliveryResponse | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE event_deliveries SET status = 'failed', last_error = $4, response_status = $5, response_excerpt = $6
       WHERE subscriber = $1 AND event_id = $2 AND status = 'sending' AND attempts = $3`,
      [delivery.subscriber, delivery.event.id, delivery.attempts, error, response?.status ?? null, response?.excerpt ?? null],
    );
  }
}
