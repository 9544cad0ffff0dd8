import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DomainEventType, EventActor, LivePresenceEvent, TicketFieldChange } from '@pidtrymka/contracts';
import { Client, ClientConfig, Notification, Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Presence goes from instance to instance through the database, stored nowhere. */
export const PRESENCE_CHANNEL = 'pidtrymka_presence';

/** An event as the live stream needs it: with the categories of staff who may hear of it. */
export interface DescribedEvent {
  id: string;
  type: DomainEventType;
  ticketId: string;
  trackingId: string;
  /** The request's category now, and the one it left when the event moved it: agents of either hear of it. */
  categoryIds: number[];
  data: { kind?: 'reply' | 'participant_reply' | 'note'; messageId?: string; actor?: EventActor; into?: { trackingId: string }; changes?: Pick<TicketFieldChange, 'field' | 'from'>[] };
}

/** A presence notice as the database carries it between instances. */
export interface PresenceNotice extends LivePresenceEvent {
  categoryId: number;
}

/** Every query of the live workspace. */
@Injectable()
export class LiveRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The newest event's id: a stream that starts from nothing starts there. */
  async newestEventId(): Promise<string> {
    const [row]: { id: string }[] = await this.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM events`);
    return row.id;
  }

  /**
   * Events after `after` and those of `holes` (EventCursor), oldest first,
   * at most `limit` of the former. Every row's id is returned, so the cursor
   * moves past events about no request (a quarantined e-mail) too; only
   * those about a request are described.
   */
  async eventsSince(after: string, holes: string[], limit: number): Promise<{ ids: string[]; events: DescribedEvent[] }> {
    const rows: { id: string; type: DomainEventType; ticket_id: string | null; tracking_id: string | null; category_id: number | null; payload: DescribedEvent['data'] }[] =
      await this.dataSource.query(
        `SELECT e.id::text AS id, e.type, e.ticket_id, t.tracking_id, t.category_id, e.payload
         FROM (
           (SELECT * FROM events WHERE id > $1::bigint ORDER BY id LIMIT $3)
           UNION ALL
           SELECT * FROM events WHERE id = ANY($2::bigint[]) AND id <= $1::bigint
         ) e LEFT JOIN tickets t ON t.id = e.ticket_id
         ORDER BY e.id`,
        [after, holes, limit],
      );
    const events = rows
      .filter((row) => row.ticket_id !== null && row.tracking_id !== null && row.category_id !== null)
      .map((row) => {
        const left = (row.payload.changes ?? []).filter((change) => change.field === 'category').map((change) => Number(change.from));
        return { id: row.id, type: row.type, ticketId: row.ticket_id!, trackingId: row.tracking_id!, categoryIds: [row.category_id!, ...left], data: row.payload };
      });
    return { ids: rows.map((row) => row.id), events };
  }

  /**
   * A connection of its own (LISTEN holds it for good, so not one of the
   * pool's), with the pool's settings, listening for presence. `lost`
   * is called once when it fails or ends.
   */
  async listen(heard: (notification: Notification) => void, lost: (error: Error) => void): Promise<Client> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool & { options: ClientConfig };
    const client = new Client({ ...pool.options, query_timeout: undefined });
    let told = false;
    const fail = (error: Error) => {
      if (told) return;
      told = true;
      void client.end().catch(() => undefined);
      lost(error);
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('connection ended')));
    client.on('notification', heard);
    try {
      await client.connect();
      await client.query(`LISTEN ${PRESENCE_CHANNEL}`);
    } catch (error) {
      fail(error as Error);
      throw error;
    }
    return client;
  }

  /** Tells every instance (this one included) through the database; nothing is stored. */
  async notifyPresence(notice: PresenceNotice): Promise<void> {
    await this.dataSource.query(`SELECT pg_notify($1, $2)`, [PRESENCE_CHANNEL, JSON.stringify(notice)]);
  }
}
