import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';

/** A row a worker has claimed, with what it needs to thread the e-mail. */
export interface ClaimedEmail {
  id: string;
  template: string;
  recipient: string;
  locale: Locale;
  ticketId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  /** Earlier e-mails of the same request to the same person, newest first. */
  previousIds: string[];
}

/** A row the outbox gave up on, as the admins' list shows it. */
export interface FailedEmailRow {
  id: string;
  template: string;
  recipient: string;
  locale: Locale;
  payload: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  trackingId: string | null;
  createdAt: Date;
  status: 'failed' | 'skipped';
}

/** An e-mail held by its hourly cap, as the admins' list shows it. */
export interface HeldEmailRow {
  id: string;
  template: string;
  recipient: string;
  locale: Locale;
  payload: Record<string, unknown>;
  capKey: string;
  capPerHour: number;
  trackingId: string | null;
  createdAt: Date;
}

const REFERENCES_KEPT = 10;
const HELD_KEYS_PER_ROUND = 100;

/** Every query of the outbox worker. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes up to `limit` due e-mails and leases them for `leaseSeconds`: due
   * are pending rows whose time has come and `sending` rows whose worker's
   * lease ran out (it crashed or hung). SKIP LOCKED lets several workers
   * take disjoint rows at once; the claim commits at once, so the lease, not
   * a long transaction, keeps the row from a second sender.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<ClaimedEmail[]> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [rows]: [{ id: string; template: string; recipient: string; locale: Locale; ticket_id: string | null; payload: Record<string, unknown>; attempts: number; previous_ids: string[] }[], number] =
      await this.dataSource.query(
        `WITH due AS (
           SELECT id FROM outbox
           WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
           ORDER BY next_attempt_at, id
           LIMIT $1
           FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox o
         SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
         FROM due WHERE o.id = due.id
         RETURNING o.id, o.template, o.recipient, o.locale, o.ticket_id, o.payload, o.attempts,
           ARRAY(SELECT p.id::text FROM outbox p
                 WHERE p.ticket_id = o.ticket_id AND p.recipient = o.recipient AND p.id < o.id
                 ORDER BY p.id DESC LIMIT ${REFERENCES_KEPT}) AS previous_ids`,
        [limit, leaseSeconds],
      );
    return rows
      .map((row) => ({
        id: String(row.id),
        template: row.template,
        recipient: row.recipient,
        locale: row.locale,
        ticketId: row.ticket_id,
        payload: row.payload,
        attempts: row.attempts,
        previousIds: row.previous_ids,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Only rows still in `sending`: a row whose lease was taken over is the other worker's to finish. */
  async markSent(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = ANY($1::bigint[]) AND status = 'sending'`,
      [ids],
    );
  }

  async markRetry(id: string, error: string, retryInMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox SET status = 'pending', last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1 AND status = 'sending'`,
      [id, error, retryInMs / 1000],
    );
  }

  /** Issue 12.3: not to be sent at all (its recipient may no longer see the request); kept with the reason, never retried. */
  async markSkipped(id: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox SET status = 'skipped', last_error = $2 WHERE id = $1 AND status = 'sending'`, [id, reason]);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'sending'`, [id, error]);
  }

  /**
   * For /metrics, in one round trip: how many e-mails wait (pending or being
   * sent), how long the oldest due one has waited, and how many were given
   * up. Each reads a partial index (unsent, failed), so a scrape costs the
   * same with millions of sent e-mails behind it.
   */
  async backlog(): Promise<{ depth: number; oldestDueSeconds: number; failed: number }> {
    const [row]: { depth: number; oldest_due_seconds: number | null; failed: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS depth,
              EXTRACT(EPOCH FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now()))::float8 AS oldest_due_seconds,
              (SELECT count(*)::int FROM outbox WHERE status = 'failed') AS failed
       FROM outbox WHERE status IN ('pending', 'sending')`,
    );
    return { depth: row.depth, oldestDueSeconds: Math.max(0, row.oldest_due_seconds ?? 0), failed: row.failed };
  }

  /** For staff: a failed e-mail gets a fresh set of attempts. False when it was not failed. */
  async retryFailed(id: string, manager?: EntityManager): Promise<boolean> {
    return (await this.retryFailedRows([id], manager)).length > 0;
  }

  /** Every failed row (`all`) or those given gets a fresh set of attempts; returns the ids put back. */
  async retryFailedRows(ids: readonly string[] | 'all', manager?: EntityManager): Promise<string[]> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [rows] = (await (manager ?? this.dataSource).query(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
       WHERE status = 'failed' AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[])) RETURNING id`,
      [ids === 'all' ? null : ids],
    )) as [{ id: string }[], number];
    return rows.map((row) => String(row.id)).sort((a, b) => Number(a) - Number(b));
  }

  /** Newest first, `limit` of them below the id `before` (keyset pagination); skipped ones too (issue 12.3), marked. */
  async listFailed(limit: number, before: string | null): Promise<FailedEmailRow[]> {
    return this.dataSource.query(
      `SELECT o.id::text AS id, o.template, o.recipient, o.locale, o.payload, o.attempts, o.last_error AS "lastError",
              t.tracking_id AS "trackingId", o.created_at AS "createdAt", o.status
       FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
       WHERE o.status IN ('failed', 'skipped') AND ($2::bigint IS NULL OR o.id < $2::bigint)
       ORDER BY o.id DESC LIMIT $1`,
      [limit, before],
    );
  }

  /**
   * Whether one more e-mail of `cap.key` fits its hour, decided under a
   * transaction-scoped lock of the key so two changes committing at once
   * cannot both take the last place. While older e-mails of the key are
   * held, a new one waits behind them (first in, first out).
   */
  async admitUnderCap(manager: EntityManager, cap: { key: string; perHour: number }): Promise<boolean> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`outbox-cap:${cap.key}`]);
    const [row]: { counted: number; held: boolean }[] = await manager.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE cap_key = $1 AND cap_counted_at > now() - interval '1 hour') AS counted,
              EXISTS (SELECT 1 FROM outbox WHERE cap_key = $1 AND status = 'held') AS held`,
      [cap.key],
    );
    return !row.held && row.counted < cap.perHour;
  }

  /**
   * Releases held e-mails, oldest first, as far as each key's hour has room
   * again (each takes its place in the hour when released). Runs every
   * worker round; the partial index on held rows keeps it cheap when none are.
   */
  async releaseHeldWithinCaps(): Promise<string[]> {
    const keys: { cap_key: string }[] = await this.dataSource.query(
      `SELECT DISTINCT cap_key FROM outbox WHERE status = 'held' LIMIT ${HELD_KEYS_PER_ROUND}`,
    );
    const released: string[] = [];
    for (const { cap_key: key } of keys) {
      const ids = await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`outbox-cap:${key}`]);
        const [rows] = (await manager.query(
          `WITH room AS (
             SELECT GREATEST(0, (SELECT min(cap_per_hour) FROM outbox WHERE cap_key = $1 AND status = 'held')
                              - (SELECT count(*) FROM outbox WHERE cap_key = $1 AND cap_counted_at > now() - interval '1 hour')) AS n
           ), picked AS (
             SELECT id FROM outbox WHERE cap_key = $1 AND status = 'held' ORDER BY id LIMIT (SELECT n FROM room)
           )
           UPDATE outbox SET status = 'pending', cap_counted_at = now(), next_attempt_at = now()
           WHERE id IN (SELECT id FROM picked) RETURNING id`,
          [key],
        )) as [{ id: string }[], number];
        return rows.map((row) => String(row.id));
      });
      released.push(...ids);
    }
    return released;
  }

  /** Admins: held e-mails (all, or those given) go out now; they still count in their key's hour. */
  async releaseHeld(ids: readonly string[] | 'all', manager?: EntityManager): Promise<string[]> {
    const [rows] = (await (manager ?? this.dataSource).query(
      `UPDATE outbox SET status = 'pending', cap_counted_at = now(), next_attempt_at = now()
       WHERE status = 'held' AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[])) RETURNING id`,
      [ids === 'all' ? null : ids],
    )) as [{ id: string }[], number];
    return rows.map((row) => String(row.id)).sort((a, b) => Number(a) - Number(b));
  }

  /** Oldest first (the order they will go out in), keyset-paged by id. */
  async listHeld(limit: number, after: string | null): Promise<HeldEmailRow[]> {
    return this.dataSource.query(
      `SELECT o.id::text AS id, o.template, o.recipient, o.locale, o.payload, o.cap_key AS "capKey", o.cap_per_hour AS "capPerHour",
              t.tracking_id AS "trackingId", o.created_at AS "createdAt"
       FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
       WHERE o.status = 'held' AND ($2::bigint IS NULL OR o.id > $2::bigint)
       ORDER BY o.id LIMIT $1`,
      [limit, after],
    );
  }

  async countHeld(): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE status = 'held'`);
    return row.count;
  }

  async countFailed(): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE status = 'failed'`);
    return row.count;
  }

  /** What the admins' page of e-mails not sent lists: failed and skipped. */
  async countNotSent(): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE status IN ('failed', 'skipped')`);
    return row.count;
  }
}
