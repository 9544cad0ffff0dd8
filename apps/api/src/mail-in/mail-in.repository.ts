import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MessageEntity } from '../tickets/message.entity';
import { TicketEntity } from '../tickets/ticket.entity';
import { InboundStatus } from './inbound-message.entity';

export interface RecordedInbound {
  id: string;
  status: InboundStatus;
  /** False when the Message-ID was recorded before. */
  inserted: boolean;
}

export interface InboundRow {
  id: string;
  raw: Buffer;
  status: InboundStatus;
}

/** A quarantined message as the admins' list shows it. */
export interface QuarantinedRow {
  id: string;
  sender: string | null;
  subject: string | null;
  reason: string | null;
  origin: string;
  size: number;
  receivedAt: Date;
}

/** What a message became, with the request it made or joined. */
export interface InboundOutcomeRow {
  id: string;
  status: InboundStatus;
  reason: string | null;
  trackingId: string | null;
}

export interface Outcome {
  status: Exclude<InboundStatus, 'received'>;
  reason?: string | null;
  sender?: string | null;
  subject?: string | null;
  ticketId?: string | null;
  ticketMessageId?: string | null;
  details?: Record<string, unknown>;
}

/** Every query of the mail-in module. */
@Injectable()
export class MailInRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records a message once per Message-ID, committed on its own before anything else happens to it. */
  async record(messageId: string, raw: Buffer, origin: string): Promise<RecordedInbound> {
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO inbound_messages (message_id, raw, origin) VALUES ($1, $2, $3)
       ON CONFLICT (message_id) DO NOTHING RETURNING id`,
      [messageId, raw, origin],
    );
    if (inserted[0]) return { id: String(inserted[0].id), status: 'received', inserted: true };
    const [existing]: { id: string; status: InboundStatus }[] = await this.dataSource.query(
      `SELECT id, status FROM inbound_messages WHERE message_id = $1`,
      [messageId],
    );
    return { id: String(existing.id), status: existing.status, inserted: false };
  }

  async find(id: string): Promise<InboundRow | null> {
    const [row]: InboundRow[] = await this.dataSource.query(`SELECT id, raw, status FROM inbound_messages WHERE id = $1`, [id]);
    return row ? { ...row, id: String(row.id) } : null;
  }

  /** Locks a message still to be decided; null when another process decided it meanwhile. */
  async lockReceived(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT id FROM inbound_messages WHERE id = $1 AND status = 'received' FOR UPDATE`, [id]);
    return rows.length > 0;
  }

  /** Writes the decision; only a message still `received` can take one. */
  async finish(manager: EntityManager | null, id: string, outcome: Outcome): Promise<boolean> {
    const [, count] = (await (manager ?? this.dataSource).query(
      `UPDATE inbound_messages
       SET status = $2, reason = $3, sender = COALESCE($4, sender), subject = COALESCE($5, subject),
           ticket_id = $6, ticket_message_id = $7, details = $8, processed_at = now()
       WHERE id = $1 AND status = 'received'`,
      [id, outcome.status, outcome.reason ?? null, outcome.sender ?? null, outcome.subject ?? null, outcome.ticketId ?? null, outcome.ticketMessageId ?? null, outcome.details ?? {}],
    )) as [unknown, number];
    return count > 0;
  }

  /** The request one of our Message-IDs names. */
  async findTicket(id: string): Promise<TicketEntity | null> {
    return this.dataSource.getRepository(TicketEntity).findOneBy({ id });
  }

  /**
   * R-MAIL-8: notes who sent a message and counts the others that sender
   * sent within the window. The sender is kept at once (its own commit), so
   * messages of one burst processed side by side count each other.
   */
  async recordSenderAndCountRecent(id: string, sender: string, windowSeconds: number): Promise<number> {
    const [row]: { count: string }[] = await this.dataSource.query(
      `WITH noted AS (UPDATE inbound_messages SET sender = $2 WHERE id = $1)
       SELECT count(*) FROM inbound_messages
       WHERE lower(sender) = lower($2) AND received_at > now() - make_interval(secs => $3) AND id <> $1`,
      [id, sender, windowSeconds],
    );
    return Number(row.count);
  }

  /** Puts quarantined messages (all, or those given) back to `received`, for another try. */
  async requeueQuarantined(ids: readonly string[] | 'all'): Promise<string[]> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [rows]: [{ id: string }[], number] =
      ids === 'all'
        ? await this.dataSource.query(`UPDATE inbound_messages SET status = 'received', reason = NULL WHERE status = 'quarantined' RETURNING id`)
        : await this.dataSource.query(
            `UPDATE inbound_messages SET status = 'received', reason = NULL WHERE status = 'quarantined' AND id = ANY($1::bigint[]) RETURNING id`,
            [ids],
          );
    return rows.map((row) => String(row.id)).sort((a, b) => Number(a) - Number(b));
  }

  /** Newest first, `limit` of them below the id `before` (keyset pagination). */
  async listQuarantined(limit: number, before: string | null): Promise<QuarantinedRow[]> {
    const rows: (Omit<QuarantinedRow, 'size'> & { size: string })[] = await this.dataSource.query(
      `SELECT id::text AS id, sender, subject, reason, origin, octet_length(raw) AS size, received_at AS "receivedAt"
       FROM inbound_messages WHERE status = 'quarantined' AND ($2::bigint IS NULL OR id < $2::bigint)
       ORDER BY id DESC LIMIT $1`,
      [limit, before],
    );
    return rows.map((row) => ({ ...row, size: Number(row.size) }));
  }

  /** For the staff's list and /metrics (the partial status index keeps it cheap). */
  async countQuarantined(): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM inbound_messages WHERE status = 'quarantined'`);
    return row.count;
  }

  /** The e-mail a request's message was made from, exactly as received (issue 15: the original one click away). */
  async findRawOfMessage(ticketMessageId: string): Promise<{ id: string; raw: Buffer } | null> {
    const [row]: { id: string; raw: Buffer }[] = await this.dataSource.query(
      `SELECT id::text AS id, raw FROM inbound_messages WHERE ticket_message_id = $1 ORDER BY id LIMIT 1`,
      [ticketMessageId],
    );
    return row ?? null;
  }

  async findQuarantined(id: string): Promise<(QuarantinedRow & { messageId: string; raw: Buffer }) | null> {
    const [row]: (Omit<QuarantinedRow, 'size'> & { size: string; messageId: string; raw: Buffer })[] = await this.dataSource.query(
      `SELECT id::text AS id, message_id AS "messageId", raw, sender, subject, reason, origin, octet_length(raw) AS size, received_at AS "receivedAt"
       FROM inbound_messages WHERE id = $1 AND status = 'quarantined'`,
      [id],
    );
    return row ? { ...row, size: Number(row.size) } : null;
  }

  /**
   * Takes a quarantined message out of the quarantine without processing it:
   * it becomes `ignored`, kept with its bytes like any other ignored message
   * (R-MAIL-6: nothing is deleted). False when it was not quarantined.
   */
  async dismissQuarantined(manager: EntityManager, id: string, reason: string): Promise<boolean> {
    const [, count] = (await manager.query(
      `UPDATE inbound_messages SET status = 'ignored', reason = $2, processed_at = now() WHERE id = $1 AND status = 'quarantined'`,
      [id, reason],
    )) as [unknown, number];
    return count > 0;
  }

  async outcomes(ids: readonly string[]): Promise<InboundOutcomeRow[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT m.id::text AS id, m.status, m.reason, t.tracking_id AS "trackingId"
       FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
       WHERE m.id = ANY($1::bigint[]) ORDER BY m.id`,
      [ids],
    );
  }

  /** Messages recorded but never decided (their process died), oldest first. */
  async findStuck(olderThanSeconds: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM inbound_messages WHERE status = 'received' AND received_at < now() - make_interval(secs => $1) ORDER BY id`,
      [olderThanSeconds],
    );
    return rows.map((row) => String(row.id));
  }

  /** A staff-only note on a request, e.g. listing attachments kept back. */
  async insertSystemNote(manager: EntityManager, ticketId: string, body: string): Promise<void> {
    await manager.insert(MessageEntity, { ticketId, authorType: 'system', authorName: 'Pidtrymka', authorEmail: null, body, isInternal: true, channel: 'email' });
  }

  async loadState<T>(key: string): Promise<T | null> {
    const [row]: { value: T }[] = await this.dataSource.query(`SELECT value FROM mail_in_state WHERE key = $1`, [key]);
    return row ? row.value : null;
  }

  async saveState<T>(key: string, value: T): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO mail_in_state (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
