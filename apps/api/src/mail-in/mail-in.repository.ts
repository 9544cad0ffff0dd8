import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { MessageEntity } from '../tickets/message.entity';
import { TicketEntity } from '../tickets/ticket.entity';
import { InboundMessageEntity, InboundStatus } from './inbound-message.entity';
import type { InboundReason } from './inbound-mail';
import { MailInStateEntity } from './mail-in-state.entity';

export interface RecordedInbound {
  id: string;
  status: InboundStatus;
  /** False when the Message-ID was recorded before. */
  inserted: boolean;
}

export interface InboundRow extends Pick<InboundMessageEntity, 'id' | 'raw' | 'status' | 'details' | 'mailboxId'> {
  /** An admin released it: the rules that keep a message without effect no longer apply. */
  released: boolean;
}

/** What screening learns of the messages around this one (R-MAIL-8). */
export interface SenderActivity {
  /** An earlier message of the same sender, target and text within the window. */
  duplicateOf: string | null;
  /** Other new requests from the same sender within the window. */
  recentNewRequests: number;
}

/** Statuses of messages kept without effect, which the admins' list shows. */
export const KEPT_STATUSES = ['ignored', 'duplicate', 'held', 'quarantined'] as const;
export type KeptStatus = (typeof KEPT_STATUSES)[number];

/** A message in the admins' list of mail kept without effect, or flagged. */
export interface KeptRow extends QuarantinedRow, Pick<InboundMessageEntity, 'status' | 'reusedMessageIdOf' | 'releasedAt'> {
  trackingId: string | null;
}

export interface KeptFilter {
  /** One status, or `flagged`: processed or not, its Message-ID was used before by other content. */
  status?: KeptStatus | 'flagged';
  /** A reason's code (KEPT_EMAIL_REASONS). */
  reason?: string;
}

/** A quarantined message as the admins' list shows it. */
export interface QuarantinedRow extends Pick<InboundMessageEntity, 'id' | 'sender' | 'subject' | 'reason' | 'reasonParams' | 'origin' | 'receivedAt'> {
  /** Bytes of the raw message. */
  size: number;
}

/** A message of the admins' lists with its Message-ID and bytes, for downloading it. */
type WithRaw<Row> = Row & Pick<InboundMessageEntity, 'messageId' | 'raw'>;

/** What a message became, with the request it made or joined. */
export interface InboundOutcomeRow extends Pick<InboundMessageEntity, 'id' | 'status' | 'reason' | 'reasonParams'> {
  trackingId: string | null;
}

export interface Outcome extends Partial<Pick<InboundMessageEntity, 'sender' | 'subject' | 'ticketId' | 'ticketMessageId' | 'details'>> {
  status: Exclude<InboundStatus, 'received'>;
  /** Issue 17: a code and its parameters, never words. */
  reason?: InboundReason | null;
}

/** Every query of the mail-in module. */
@Injectable()
export class MailInRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records a message once per Message-ID and content, committed on its own
   * before anything else happens to it. A Message-ID seen before with other
   * content is a new message: recorded, and flagged with the earlier one.
   */
  async record(messageId: string, contentHash: string, raw: Buffer, origin: string, mailboxId: string | null = null): Promise<RecordedInbound & { reusedMessageIdOf: string | null }> {
    const inserted = await this.dataSource.query<Pick<InboundMessageEntity, 'id' | 'reusedMessageIdOf'>[]>(
      `INSERT INTO inbound_messages (message_id, content_hash, raw, origin, reused_message_id_of, mailbox_id)
       VALUES ($1::varchar, $2::varchar, $3, $4, (SELECT min(id) FROM inbound_messages WHERE message_id = $1::varchar AND content_hash <> $2::varchar), $5::uuid)
       ON CONFLICT (message_id, content_hash) DO NOTHING RETURNING id, reused_message_id_of::text AS "reusedMessageIdOf"`,
      [messageId, contentHash, raw, origin, mailboxId],
    );
    if (inserted[0]) return { id: String(inserted[0].id), status: 'received', inserted: true, reusedMessageIdOf: inserted[0].reusedMessageIdOf };
    const existing = await this.messages().findOneOrFail({ select: { id: true, status: true }, where: { messageId, contentHash } });
    return { id: String(existing.id), status: existing.status, inserted: false, reusedMessageIdOf: null };
  }

  async find(id: string): Promise<InboundRow | null> {
    const row = await this.messages().findOne({ select: { id: true, raw: true, status: true, details: true, releasedAt: true, mailboxId: true }, where: { id } });
    return row ? { id: String(row.id), raw: row.raw, status: row.status, details: row.details, released: row.releasedAt !== null, mailboxId: row.mailboxId } : null;
  }

  /**
   * Counts one more attempt at a message still `received`, committed at
   * once: if this attempt kills the process, the count survives it. Null
   * when the message was decided meanwhile.
   */
  async beginAttempt(id: string): Promise<number | null> {
    const [rows] = await this.dataSource.query<[Pick<InboundMessageEntity, 'attempts'>[], number]>(
      `UPDATE inbound_messages SET attempts = attempts + 1 WHERE id = $1 AND status = 'received' RETURNING attempts`,
      [id],
    );
    return rows[0]?.attempts ?? null;
  }

  /** Locks a message still to be decided; null when another process decided it meanwhile. */
  async lockReceived(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT id FROM inbound_messages WHERE id = $1 AND status = 'received' FOR UPDATE`, [id]);
    return rows.length > 0;
  }

  /** Writes the decision; only a message still `received` can take one. */
  async finish(manager: EntityManager | null, id: string, outcome: Outcome): Promise<boolean> {
    const [, count] = await (manager ?? this.dataSource).query<[unknown, number]>(
      `UPDATE inbound_messages
       SET status = $2, reason = $3, reason_params = $9, sender = COALESCE($4, sender), subject = COALESCE($5, subject),
           ticket_id = $6, ticket_message_id = $7, details = $8, processed_at = now()
       WHERE id = $1 AND status = 'received'`,
      [id, outcome.status, outcome.reason?.code ?? null, outcome.sender ?? null, outcome.subject ?? null, outcome.ticketId ?? null, outcome.ticketMessageId ?? null, outcome.details ?? {}, outcome.reason?.params ?? {}],
    );
    return count > 0;
  }

  /** The request one of our Message-IDs names. */
  async findTicket(id: string): Promise<TicketEntity | null> {
    return this.dataSource.getRepository(TicketEntity).findOneBy({ id });
  }

  /**
   * R-MAIL-8: notes who sent a message, what it says (`textHash`) and whether
   * it would open a request, then looks at that sender's other messages
   * within the window around it. The notes are kept at once (their own
   * commit), so messages of one burst processed side by side see each other.
   * The earlier of two equal messages is the original (lower id); a
   * quarantined one is no original, its content never took effect.
   */
  async noteAndCompare(id: string, sender: string, textHash: string, newRequest: boolean, windowSeconds: number): Promise<SenderActivity> {
    const [row]: { duplicate_of: string | null; recent: number }[] = await this.dataSource.query(
      `WITH noted AS (UPDATE inbound_messages SET sender = $2, text_hash = $3, new_request = $4 WHERE id = $1),
            me AS (SELECT received_at FROM inbound_messages WHERE id = $1)
       SELECT
         (SELECT min(o.id)::text FROM inbound_messages o, me
          WHERE o.text_hash = $3 AND o.id < $1 AND o.status <> 'quarantined'
            AND o.received_at BETWEEN me.received_at - make_interval(secs => $5) AND me.received_at) AS duplicate_of,
         (SELECT count(*)::int FROM inbound_messages o, me
          WHERE lower(o.sender) = lower($2) AND o.new_request AND o.id <> $1 AND o.status NOT IN ('ignored', 'duplicate', 'quarantined')
            AND o.received_at BETWEEN me.received_at - make_interval(secs => $5) AND me.received_at + make_interval(secs => $5)) AS recent`,
      [id, sender, textHash, newRequest, windowSeconds],
    );
    return { duplicateOf: row.duplicate_of, recentNewRequests: newRequest ? row.recent : 0 };
  }

  /**
   * An admin lets a message kept without effect through: back to `received`,
   * marked released so the rules that kept it are not applied again (also
   * when its processing is interrupted and finished by a replay). False when
   * it was not kept.
   */
  async markReleased(id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE inbound_messages SET status = 'received', reason = NULL, reason_params = '{}', released_at = now()
       WHERE id = $1 AND status IN ('ignored', 'duplicate', 'held', 'quarantined')`,
      [id],
    );
    return count > 0;
  }

  /** Messages kept without effect (and processed ones flagged), newest first, keyset-paged, with the total of the filter. */
  async listKept(filter: KeptFilter, limit: number, before: string | null): Promise<{ rows: KeptRow[]; total: number }> {
    const where = `(m.status IN ('ignored', 'duplicate', 'held', 'quarantined') OR m.reused_message_id_of IS NOT NULL)
      AND ($1::text IS NULL OR ($1 = 'flagged' AND m.reused_message_id_of IS NOT NULL) OR m.status = $1)
      AND ($2::text IS NULL OR m.reason = $2)`;
    const params = [filter.status ?? null, filter.reason ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<SizedAsText<KeptRow>[]>(
        `SELECT m.id::text AS id, m.sender, m.subject, m.status, m.reason, m.reason_params AS "reasonParams", m.origin, octet_length(m.raw) AS size, m.received_at AS "receivedAt",
                m.reused_message_id_of::text AS "reusedMessageIdOf", t.tracking_id AS "trackingId", m.released_at AS "releasedAt"
         FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
         WHERE ${where} AND ($3::bigint IS NULL OR m.id < $3::bigint)
         ORDER BY m.id DESC LIMIT $4`,
        [...params, before, limit],
      ),
      this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM inbound_messages m WHERE ${where}`, params),
    ]);
    return { rows: rows.map((row) => ({ ...row, size: Number(row.size) })), total };
  }

  /** One message of the admins' list, with its bytes; null when it is processed and not flagged. */
  async findKept(id: string): Promise<WithRaw<KeptRow> | null> {
    const [row] = await this.dataSource.query<WithRaw<SizedAsText<KeptRow>>[]>(
      `SELECT m.id::text AS id, m.message_id AS "messageId", m.raw, m.sender, m.subject, m.status, m.reason, m.reason_params AS "reasonParams", m.origin, octet_length(m.raw) AS size,
              m.received_at AS "receivedAt", m.reused_message_id_of::text AS "reusedMessageIdOf", t.tracking_id AS "trackingId", m.released_at AS "releasedAt"
       FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
       WHERE m.id = $1 AND (m.status IN ('ignored', 'duplicate', 'held', 'quarantined') OR m.reused_message_id_of IS NOT NULL)`,
      [id],
    );
    return row ? { ...row, size: Number(row.size) } : null;
  }

  /** Held messages: they wait for an admin, so the workspace shows how many. */
  async countHeld(): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM inbound_messages WHERE status = 'held'`);
    return row.count;
  }

  /** Puts quarantined messages (all, or those given) back to `received`, for another try. */
  async requeueQuarantined(ids: readonly string[] | 'all'): Promise<string[]> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [rows]: [Pick<InboundMessageEntity, 'id'>[], number] =
      ids === 'all'
        ? await this.dataSource.query(`UPDATE inbound_messages SET status = 'received', reason = NULL, reason_params = '{}', attempts = 0 WHERE status = 'quarantined' RETURNING id`)
        : await this.dataSource.query(
            `UPDATE inbound_messages SET status = 'received', reason = NULL, reason_params = '{}', attempts = 0 WHERE status = 'quarantined' AND id = ANY($1::bigint[]) RETURNING id`,
            [ids],
          );
    return rows.map((row) => String(row.id)).sort((a, b) => Number(a) - Number(b));
  }

  /** Newest first, `limit` of them below the id `before` (keyset pagination). */
  async listQuarantined(limit: number, before: string | null): Promise<QuarantinedRow[]> {
    const rows = await this.dataSource.query<SizedAsText<QuarantinedRow>[]>(
      // Ordered by the column, not the text alias: '10' < '9' as text.
      `SELECT id::text AS id, sender, subject, reason, reason_params AS "reasonParams", origin, octet_length(raw) AS size, received_at AS "receivedAt"
       FROM inbound_messages m WHERE status = 'quarantined' AND ($2::bigint IS NULL OR m.id < $2::bigint)
       ORDER BY m.id DESC LIMIT $1`,
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
  async findRawOfMessage(ticketMessageId: string): Promise<Pick<InboundMessageEntity, 'id' | 'raw'> | null> {
    const [row] = await this.dataSource.query<Pick<InboundMessageEntity, 'id' | 'raw'>[]>(
      `SELECT id::text AS id, raw FROM inbound_messages WHERE ticket_message_id = $1 ORDER BY id LIMIT 1`,
      [ticketMessageId],
    );
    return row ?? null;
  }

  async findQuarantined(id: string): Promise<WithRaw<QuarantinedRow> | null> {
    const [row] = await this.dataSource.query<WithRaw<SizedAsText<QuarantinedRow>>[]>(
      `SELECT id::text AS id, message_id AS "messageId", raw, sender, subject, reason, reason_params AS "reasonParams", origin, octet_length(raw) AS size, received_at AS "receivedAt"
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
  async dismissQuarantined(manager: EntityManager, id: string, reason: InboundReason): Promise<boolean> {
    const [, count] = await manager.query<[unknown, number]>(
      `UPDATE inbound_messages SET status = 'ignored', reason = $2, reason_params = $3, processed_at = now() WHERE id = $1 AND status = 'quarantined'`,
      [id, reason.code, reason.params ?? {}],
    );
    return count > 0;
  }

  /**
   * Issue 17: a quarantined message with no usable sender, locked for an
   * admin to make a request of it; null when it is not quarantined or has a
   * sender (a replay is then what it needs).
   */
  async lockSenderless(manager: EntityManager, id: string): Promise<Pick<InboundMessageEntity, 'id' | 'raw' | 'details'> | null> {
    const [row] = await manager.query<Pick<InboundMessageEntity, 'id' | 'raw' | 'details'>[]>(
      `SELECT id::text AS id, raw, details FROM inbound_messages WHERE id = $1 AND status = 'quarantined' AND sender IS NULL FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  /** Whether the message is quarantined at all (to tell "not in quarantine" from "has a sender"). */
  async isQuarantined(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM inbound_messages WHERE id = $1 AND status = 'quarantined'`, [id]);
    return rows.length > 0;
  }

  /** Issue 17: the quarantined message became the request an admin opened for it: processed, released, with who gave the address. */
  async releaseIntoRequest(manager: EntityManager, id: string, outcome: { sender: string; ticketId: string; ticketMessageId: string; details: Record<string, unknown> }): Promise<void> {
    await manager.query(
      `UPDATE inbound_messages SET status = 'processed', reason = NULL, reason_params = '{}', sender = $2, ticket_id = $3, ticket_message_id = $4,
              details = details || $5::jsonb, released_at = now(), processed_at = now()
       WHERE id = $1 AND status = 'quarantined'`,
      [id, outcome.sender, outcome.ticketId, outcome.ticketMessageId, outcome.details],
    );
  }

  async outcomes(ids: readonly string[]): Promise<InboundOutcomeRow[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT m.id::text AS id, m.status, m.reason, m.reason_params AS "reasonParams", t.tracking_id AS "trackingId"
       FROM inbound_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
       WHERE m.id = ANY($1::bigint[]) ORDER BY m.id`,
      [ids],
    );
  }

  /** Messages recorded but never decided (their process died), oldest first. */
  async findStuck(olderThanSeconds: number): Promise<string[]> {
    const rows = await this.dataSource.query<Pick<InboundMessageEntity, 'id'>[]>(
      `SELECT id FROM inbound_messages WHERE status = 'received' AND received_at < now() - make_interval(secs => $1) ORDER BY id`,
      [olderThanSeconds],
    );
    return rows.map((row) => String(row.id));
  }

  /** A staff-only note on a request, e.g. listing attachments kept back. */
  async insertSystemNote(manager: EntityManager, ticketId: string, body: string): Promise<void> {
    await manager.insert(MessageEntity, { ticketId, authorType: 'system', authorName: 'Pidtrymka', authorEmail: null, body, isInternal: true, channel: 'email' });
  }

  /** A channel's place in its mailbox, as it saved it (the type is the channel's own). */
  async loadState<T>(key: string): Promise<T | null> {
    const row = await this.dataSource.getRepository(MailInStateEntity).findOne({ select: { value: true }, where: { key } });
    return row ? (row.value as T) : null;
  }

  async saveState<T>(key: string, value: T): Promise<void> {
    // One upsert (INSERT … ON CONFLICT (key) DO UPDATE): the jsonb column takes any JSON value, which TypeORM's partial-entity type cannot say of `unknown`.
    await this.dataSource.getRepository(MailInStateEntity).upsert({ key, value: value as object, updatedAt: () => 'now()' }, ['key']);
  }

  private messages(): Repository<InboundMessageEntity> {
    return this.dataSource.getRepository(InboundMessageEntity);
  }
}

/** A row as PostgreSQL gives it: `octet_length` is a bigint, which the driver hands over as text. */
type SizedAsText<Row extends { size: number }> = Omit<Row, 'size'> & { size: string };
