import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale, StaffRole } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { inCopyNow } from './copy-recipients.repository';

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
  /** Over its hourly cap when claimed: now `held`, not to be sent (returned so the worker knows its batch was full). */
  held: boolean;
  /** Issue 16: the mailbox its request came in through, whose identity and transport send it; null: the default. */
  mailboxId: string | null;
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

/** What the send-time decision needs to know besides each row's own cap. */
export interface CapRules {
  /** Issue 12.7: full confirmations (`ticket_created`) one address gets per hour; past it, the brief version. */
  confirmationsPerHour: number;
}

interface ClaimedRow {
  id: string;
  template: string;
  recipient: string;
  locale: Locale;
  ticket_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  previous_ids: string[];
  mailbox_id: string | null;
}

interface DecidedRow {
  status: string;
  template: string;
  payload: Record<string, unknown>;
}

function toClaimed(row: ClaimedRow): ClaimedEmail {
  return {
    id: String(row.id),
    template: row.template,
    recipient: row.recipient,
    locale: row.locale,
    ticketId: row.ticket_id,
    payload: row.payload,
    attempts: row.attempts,
    previousIds: row.previous_ids,
    held: false,
    mailboxId: row.mailbox_id ?? null,
  };
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
   *
   * Rows of an hourly cap that nobody has decided yet are then decided
   * (`decideCapped`): those now held come back marked `held`, and a confirmation
   * past CONFIRMATION_EMAILS_PER_HOUR comes back as its brief version.
   */
  async claimDue(limit: number, leaseSeconds: number, caps: CapRules): Promise<ClaimedEmail[]> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [rows]: [(ClaimedRow & { cap_key: string | null; undecided: boolean })[], number] = await this.dataSource.query(
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
         o.cap_key, (o.cap_key IS NOT NULL AND o.cap_counted_at IS NULL) AS undecided,
         (SELECT t.mailbox_id FROM tickets t WHERE t.id = o.ticket_id) AS mailbox_id,
         ARRAY(SELECT p.id::text FROM outbox p
               WHERE p.ticket_id = o.ticket_id AND p.recipient = o.recipient AND p.id < o.id
               ORDER BY p.id DESC LIMIT ${REFERENCES_KEPT}) AS previous_ids`,
      [limit, leaseSeconds],
    );
    const undecided = rows.filter((row) => row.undecided);
    const decided = undecided.length ? await this.decideCapped(undecided, caps) : new Map<string, DecidedRow>();
    const claimed: ClaimedEmail[] = [];
    for (const row of rows) {
      const decision = decided.get(String(row.id));
      // Not returned by the decision: no longer this worker's (its lease was taken over meanwhile).
      if (row.undecided && !decision) continue;
      claimed.push(decision ? { ...toClaimed({ ...row, template: decision.template, payload: decision.payload }), held: decision.status === 'held' } : toClaimed(row));
    }
    return claimed.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /**
   * The one place that decides what automatic mail an address gets in an
   * hour, at send time, in a short transaction of its own (never on the
   * request's path, so creating requests for one address never waits on a
   * lock; issue 14). Under a transaction-scoped lock per cap key, the same
   * one `releaseHeldWithinCaps` takes, so workers on several instances
   * deciding at once cannot both take the last place: each decision reads
   * what the others committed before it got the lock.
   *
   * For each claimed row, oldest first within its key:
   * - RFC 3834 §2 (issue 12.4): past `cap_per_hour` rows counted in the last
   *   hour, or while older rows of the key are held (first in, first out), it
   *   is `held`; otherwise it takes its place in the hour (`cap_counted_at`).
   * - Issue 12.7: a `ticket_created` past `confirmationsPerHour` full
   *   confirmations to the key's address (counted in the hour, or held and so
   *   bound to go out) is rewritten in the row into `ticket_created_brief`
   *   with only trackingId and number: the admins' pages, a retry and an
   *   admin's release all see the e-mail that is really sent, and nothing the
   *   sender wrote stays queued to be carried to the address. The brief one
   *   keeps its cap key, so it counts against the automatic cap like any other.
   */
  private async decideCapped(rows: readonly { id: string; cap_key: string | null }[], caps: CapRules): Promise<Map<string, DecidedRow>> {
    const ids = rows.map((row) => String(row.id));
    // Sorted, so two workers with overlapping keys take their locks in the same order and never deadlock.
    const keys = [...new Set(rows.map((row) => `outbox-cap:${row.cap_key}`))].sort();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS l(k, i) ORDER BY i`, [keys]);
      const [decided] = await manager.query<[{ id: string; status: string; template: string; payload: Record<string, unknown> }[], number]>(
        `WITH mine AS (
           SELECT id, cap_key, cap_per_hour, template = 'ticket_created' AS full_confirmation,
                  row_number() OVER (PARTITION BY cap_key ORDER BY id) AS place,
                  count(*) FILTER (WHERE template = 'ticket_created') OVER (PARTITION BY cap_key ORDER BY id) AS confirmation_place
           FROM outbox
           WHERE id = ANY($1::bigint[]) AND status = 'sending' AND cap_key IS NOT NULL AND cap_counted_at IS NULL
         ), keyed AS (
           -- A flood from one address holds thousands of its rows, and every batch used to read them all. Each count
           -- now stops where it can no longer change a decision (the key's cap for the hour's places, the limit for
           -- the confirmations), and the held full confirmations have an index of their own (OutboxHeldFloodIndexes).
           SELECT k.cap_key,
                  (SELECT count(*) FROM (SELECT FROM outbox c WHERE c.cap_key = k.cap_key AND c.cap_counted_at > now() - interval '1 hour' LIMIT k.cap) c) AS counted,
                  EXISTS (SELECT 1 FROM outbox h WHERE h.cap_key = k.cap_key AND h.status = 'held') AS held_before,
                  -- Two counts, not one with OR, so each reads its index (the hour's, the held rows') and not the address's whole history.
                  (SELECT count(*) FROM (SELECT FROM outbox f WHERE f.cap_key = k.cap_key AND f.cap_counted_at > now() - interval '1 hour' AND f.template = 'ticket_created' LIMIT $2) f)
                  + (SELECT count(*) FROM (SELECT FROM outbox f WHERE f.cap_key = k.cap_key AND f.status = 'held' AND f.template = 'ticket_created' LIMIT $2) f) AS confirmations
           FROM (SELECT cap_key, max(cap_per_hour) AS cap FROM mine GROUP BY cap_key) k
         ), decision AS (
           SELECT m.id,
                  CASE WHEN k.held_before OR k.counted + m.place > m.cap_per_hour THEN 'held' ELSE 'sending' END AS status,
                  m.full_confirmation AND k.confirmations + m.confirmation_place > $2 AS brief
           FROM mine m JOIN keyed k USING (cap_key)
         )
         UPDATE outbox o
         SET status = d.status,
             cap_counted_at = CASE WHEN d.status = 'sending' THEN now() END,
             -- A held row was not tried: its attempts stay for when it is released.
             attempts = CASE WHEN d.status = 'held' THEN o.attempts - 1 ELSE o.attempts END,
             template = CASE WHEN d.brief THEN 'ticket_created_brief' ELSE o.template END,
             payload = CASE WHEN d.brief THEN jsonb_build_object('trackingId', o.payload->'trackingId', 'number', o.payload->'number') ELSE o.payload END
         FROM decision d WHERE o.id = d.id
         RETURNING o.id, o.status, o.template, o.payload`,
        [ids, caps.confirmationsPerHour],
      );
      return new Map(decided.map((row) => [String(row.id), { status: row.status, template: row.template, payload: row.payload }]));
    });
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
    const [rows] = await (manager ?? this.dataSource).query<[{ id: string }[], number]>(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
       WHERE status = 'failed' AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[])) RETURNING id`,
      [ids === 'all' ? null : ids],
    );
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
   * Releases held e-mails, oldest first, as far as each key's hour has room
   * again (each takes its place in the hour when released). Runs every
   * worker round; the partial indexes on held rows keep it cheap when none
   * are, and when thousands are (the smallest cap is the first entry of one).
   */
  async releaseHeldWithinCaps(): Promise<string[]> {
    const keys: { cap_key: string }[] = await this.dataSource.query(
      `SELECT DISTINCT cap_key FROM outbox WHERE status = 'held' LIMIT ${HELD_KEYS_PER_ROUND}`,
    );
    const released: string[] = [];
    for (const { cap_key: key } of keys) {
      const ids = await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`outbox-cap:${key}`]);
        const [rows] = await manager.query<[{ id: string }[], number]>(
          `WITH room AS (
             SELECT GREATEST(0, (SELECT min(cap_per_hour) FROM outbox WHERE cap_key = $1 AND status = 'held')
                              - (SELECT count(*) FROM outbox WHERE cap_key = $1 AND cap_counted_at > now() - interval '1 hour')) AS n
           ), picked AS (
             SELECT id FROM outbox WHERE cap_key = $1 AND status = 'held' ORDER BY id LIMIT (SELECT n FROM room)
           )
           UPDATE outbox SET status = 'pending', cap_counted_at = now(), next_attempt_at = now()
           WHERE id IN (SELECT id FROM picked) RETURNING id`,
          [key],
        );
        return rows.map((row) => String(row.id));
      });
      released.push(...ids);
    }
    return released;
  }

  /** Admins: held e-mails (all, or those given) go out now; they still count in their key's hour. */
  async releaseHeld(ids: readonly string[] | 'all', manager?: EntityManager): Promise<string[]> {
    const [rows] = await (manager ?? this.dataSource).query<[{ id: string }[], number]>(
      `UPDATE outbox SET status = 'pending', cap_counted_at = now(), next_attempt_at = now()
       WHERE status = 'held' AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[])) RETURNING id`,
      [ids === 'all' ? null : ids],
    );
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

  /**
   * Issue 17: the files an e-mail names by id, in the order named, as far as
   * they are still the request's (a file of another request is never read).
   */
  async attachmentsOf(ticketId: string, ids: readonly string[]): Promise<MailedAttachmentRow[]> {
    return this.dataSource.query(
      `SELECT a.id::text AS id, a.filename, a.content_type AS "contentType", a.size, a.storage_key AS "storageKey"
       FROM unnest($2::uuid[]) WITH ORDINALITY AS n(id, i) JOIN attachments a ON a.id = n.id AND a.ticket_id = $1
       ORDER BY n.i`,
      [ticketId, ids],
    );
  }

  /**
   * What RecipientAccess checks just before sending (issue 12.3): the
   * request's participant and category now, and the staff account the
   * recipient's address belongs to, if any. Null when the request is gone.
   */
  async recipientStanding(ticketId: string, recipient: string): Promise<RecipientStandingRow | null> {
    const [row] = await this.dataSource.query<RecipientStandingRow[]>(
      `SELECT t.requester_email AS "requesterEmail", t.category_id AS "categoryId", s.id AS "staffId", s.is_active AS "isActive", s.role,
              EXISTS (SELECT 1 FROM staff_category_grants g WHERE g.staff_id = s.id AND g.category_id = t.category_id) AS granted,
              ${inCopyNow('t', '$2')} AS "inCopy"
       FROM tickets t LEFT JOIN staff_accounts s ON lower(s.email) = lower($2)
       WHERE t.id = $1`,
      [ticketId, recipient],
    );
    return row ?? null;
  }
}

/** A stored file an e-mail names, as the worker reads it to attach it. */
export interface MailedAttachmentRow {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  storageKey: string;
}

/** A request and the staff account behind an e-mail address (all null when it is no one's on staff). */
export interface RecipientStandingRow {
  requesterEmail: string;
  categoryId: number;
  staffId: string | null;
  isActive: boolean | null;
  role: StaffRole | null;
  granted: boolean | null;
  /** Issue 18: the address is in copy of the request now, as a contact of its active organisation. */
  inCopy: boolean;
}
