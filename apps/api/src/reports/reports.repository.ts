import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { REPORT_BACKLOG_BUCKETS } from '@pidtrymka/contracts';
import type { ReportBacklogBucket, ReportGroup, ReportInterval } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { SlaState } from '../sla/sla-clocks';

/** What a request's facts are worked out from: its row, its first reply, its last close, its SLA clocks. */
export interface FactSourceRow {
  ticket_id: string;
  created_at: Date;
  category_id: number;
  owner_id: string | null;
  priority: string;
  channel: string;
  organisation_id: number | null;
  merged: boolean;
  first_response_at: Date | null;
  resolved_at: Date | null;
  sla_state: SlaState | null;
  /** As PostgreSQL writes it, to the microsecond: a JavaScript Date would cut it to the millisecond, and it is compared back. */
  updated_at: string;
  number: number;
}

/** A row of `report_request_facts` as the report reads it (JSON for the live part). */
export interface FactRow {
  ticket_id: string;
  created_at: string;
  category_id: number;
  owner_id: string | null;
  priority: string;
  channel: string;
  organisation_id: number | null;
  first_response_at: string | null;
  first_response_minutes: number | null;
  resolved_at: string | null;
  resolution_minutes: number | null;
  first_response_met: boolean | null;
  resolution_met: boolean | null;
  source_updated_at: string;
}

/** A queued recompute of stored figures after an SLA change: the facts of these (category, priority) pairs overlapping [from_at, to_at). */
export interface RecomputeRow {
  id: string;
  category_ids: number[];
  priorities: string[];
  from_at: Date | null;
  to_at: Date | null;
  after_ticket_id: string | null;
}

/** What a fact's minutes are worked out from again. */
export interface RecomputeFactRow {
  ticket_id: string;
  created_at: Date;
  category_id: number;
  priority: string;
  first_response_at: Date | null;
  resolved_at: Date | null;
}

export interface RecomputedFactRow {
  ticket_id: string;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
}

/** Whose figures: null for an admin (everything); an agent's own requests in their categories. */
export interface ReportScope {
  ownerId: string;
  categoryIds: number[];
}

export interface ReportRange {
  from: Date;
  to: Date;
}

/** The live part: requests changed since the last refresh, worked out now; `changedIds` leave the stored rows out. */
export interface LiveFacts {
  rows: FactRow[];
  changedIds: string[];
}

export interface VolumeRow {
  kind: 'created' | 'resolved';
  period: string;
  count: number;
}

export interface FiguresRow {
  key: string | null;
  is_total: boolean;
  created: number;
  resolved: number;
  fr_count: number;
  /** Median and 90th percentile, from one sort. */
  fr_percentiles: [number, number] | null;
  res_count: number;
  res_percentiles: [number, number] | null;
  sla_met: number;
  sla_total: number;
}

export interface RatingsRow {
  key: string | null;
  is_total: boolean;
  helpful: number;
  not_helpful: number;
}

export interface SatisfactionRow {
  key: string | null;
  is_total: boolean;
  count: number;
  total_stars: number;
  /** Answers of 1 to 5 stars. */
  distribution: [number, number, number, number, number];
}

export interface BacklogRowSql {
  bucket: string;
  count: number;
}

/** How long a request in each backlog bucket has been open: at least `atLeastHours`, less than `youngerThanHours` (null: no limit). */
const BACKLOG_AGES: Record<ReportBacklogBucket, { atLeastHours: number | null; youngerThanHours: number | null }> = {
  lt1d: { atLeastHours: null, youngerThanHours: 24 },
  d1to3: { atLeastHours: 24, youngerThanHours: 72 },
  d3to7: { atLeastHours: 72, youngerThanHours: 168 },
  d7to30: { atLeastHours: 168, youngerThanHours: 720 },
  gt30d: { atLeastHours: 720, youngerThanHours: null },
};

/** Reports work out buckets as the help desk lives them. */
export const REPORT_TIME_ZONE = 'Europe/Kyiv';

const FACT_COLUMNS =
  'ticket_id, created_at, category_id, owner_id, priority, channel, organisation_id, first_response_at, first_response_minutes, resolved_at, resolution_minutes, first_response_met, resolution_met';
/**
 * The live rows' record, in the table's own column types: a union of stored and live rows whose types differ
 * (text beside varchar) is not flattened into one scan, and PostgreSQL then cannot run it in parallel.
 */
const LIVE_RECORD =
  'ticket_id uuid, created_at timestamptz, category_id integer, owner_id uuid, priority varchar(10), channel varchar(10), organisation_id integer, first_response_at timestamptz, first_response_minutes integer, resolved_at timestamptz, resolution_minutes integer, first_response_met boolean, resolution_met boolean';

/**
 * Grouped and sorted by the column's own type, named as text only in the answer: a uuid or an integer
 * compares as bytes, text by the database's collation, and the year's figures sort a third of a million rows by it.
 */
const GROUP_KEYS: Record<ReportGroup, string> = {
  category: 'f.category_id',
  agent: 'f.owner_id',
  priority: 'f.priority',
  channel: 'f.channel',
  organisation: 'f.organisation_id',
};

/** Ratings belong to the reply: the agent is its author; the rest is the request's when the rating was copied. */
const RATING_KEYS: Record<ReportGroup, string> = {
  category: 'r.category_id::text',
  agent: 'r.author_staff_id::text',
  priority: 'r.priority',
  channel: 'r.channel',
  organisation: 'r.organisation_id::text',
};

/** Satisfaction belongs to the request's closing: the agent is its owner; all is the request's when the answer was copied. */
const SATISFACTION_KEYS: Record<ReportGroup, string> = {
  category: 'r.category_id::text',
  agent: 'r.owner_id::text',
  priority: 'r.priority',
  channel: 'r.channel',
  organisation: 'r.organisation_id::text',
};

/**
 * Issue 19: the reports' queries. Every figure is read from
 * `report_request_facts` with the live part laid over it: the stored rows of
 * changed requests left out (a hashed anti-join on a short list), their rows
 * worked out now put in. The source is written inline in each query rather
 * than as a shared CTE so that PostgreSQL pushes each query's range down to
 * the indexes instead of materialising a million rows.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A report's query with PostgreSQL's JIT off: its cost estimates over a million rows make it compile
   * expressions for every query, which cost 0.1-0.4 s of a year's figures on the bench and saved less.
   * Its sorts keep the server's work_mem: given 64 MB, a year's figures sorted in memory rather than on
   * disk but took the same backend CPU time on the bench.
   */
  private read<T>(sql: string, params: unknown[], settings: string[] = []): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(['SET LOCAL jit = off', ...settings.map((setting) => `SET LOCAL ${setting}`)].join('; '));
      return manager.query<T>(sql, params);
    });
  }

  /** The refresh's watermark: the newest request change the stored rows have seen (text to the microsecond, as `updated_at`). */
  async watermark(): Promise<{ at: string; iso: string } | null> {
    const [row] = await this.dataSource.query<{ at: string | null; iso: string | null }[]>(
      `SELECT max(source_updated_at)::text AS at, to_char(max(source_updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso FROM report_request_facts`,
    );
    return row?.at && row.iso ? { at: row.at, iso: row.iso } : null;
  }

  /**
   * Requests changed at or after `since` (every one when null) and before `until`, whose stored row is
   * not of that change, oldest change first, keyset after `after` (the queue's (updated_at, number) index).
   */
  async changedSources(since: string | null, until: Date | null, after: { updatedAt: string; number: number } | null, limit: number, manager?: EntityManager): Promise<FactSourceRow[]> {
    const params: unknown[] = [since, until, after?.updatedAt ?? null, after?.number ?? null, limit];
    return (manager ?? this.dataSource.manager).query(
      `SELECT t.id AS ticket_id, t.created_at, t.category_id, t.owner_id, t.priority, t.channel, t.organisation_id,
              t.merged_into_id IS NOT NULL AS merged, t.updated_at::text AS updated_at, t.number,
              (SELECT min(m.created_at) FROM messages m WHERE m.ticket_id = t.id AND m.author_type = 'staff' AND NOT m.is_internal) AS first_response_at,
              CASE WHEN t.status = 'resolved' THEN coalesce((SELECT max(a.created_at) FROM audit_log a WHERE a.ticket_id = t.id AND a.action = 'ticket.closed'), t.updated_at) END AS resolved_at,
              s.state AS sla_state
       FROM tickets t
       LEFT JOIN ticket_sla s ON s.ticket_id = t.id
       LEFT JOIN report_request_facts f ON f.ticket_id = t.id
       WHERE ($1::timestamptz IS NULL OR t.updated_at >= $1) AND ($2::timestamptz IS NULL OR t.updated_at < $2)
         AND ($3::timestamptz IS NULL OR (t.updated_at, t.number) > ($3, $4::int))
         AND f.source_updated_at IS DISTINCT FROM t.updated_at
       ORDER BY t.updated_at, t.number
       LIMIT $5`,
      params,
    );
  }

  /** Writes worked-out rows and removes those of merged-away requests (their conversation is counted where it went). */
  async store(manager: EntityManager, rows: FactRow[], mergedIds: string[]): Promise<void> {
    if (mergedIds.length > 0) await manager.query(`DELETE FROM report_request_facts WHERE ticket_id = ANY($1::uuid[])`, [mergedIds]);
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO report_request_facts (${FACT_COLUMNS}, source_updated_at)
       SELECT ${FACT_COLUMNS}, source_updated_at FROM jsonb_to_recordset($1::jsonb) AS x(${LIVE_RECORD}, source_updated_at timestamptz)
       ON CONFLICT (ticket_id) DO UPDATE SET
         created_at = excluded.created_at, category_id = excluded.category_id, owner_id = excluded.owner_id, priority = excluded.priority,
         channel = excluded.channel, organisation_id = excluded.organisation_id, first_response_at = excluded.first_response_at,
         first_response_minutes = excluded.first_response_minutes, resolved_at = excluded.resolved_at, resolution_minutes = excluded.resolution_minutes,
         first_response_met = excluded.first_response_met, resolution_met = excluded.resolution_met, source_updated_at = excluded.source_updated_at`,
      [JSON.stringify(rows)],
    );
  }

  /** The oldest recompute an SLA change queued, locked until the caller's transaction ends (SlaRepository.queueReportRecompute). */
  async nextRecompute(manager: EntityManager): Promise<RecomputeRow | null> {
    const [row] = await manager.query<RecomputeRow[]>(
      `SELECT id, category_ids, priorities, from_at, to_at, after_ticket_id FROM report_fact_recomputes ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    return row ?? null;
  }

  /** The recompute's next facts after its place, in request id order (the primary key's). */
  async recomputeBatch(manager: EntityManager, recompute: RecomputeRow, limit: number): Promise<RecomputeFactRow[]> {
    return manager.query(
      `SELECT f.ticket_id, f.created_at, f.category_id, f.priority, f.first_response_at, f.resolved_at
       FROM report_request_facts f JOIN unnest($1::int[], $2::text[]) AS p(category_id, priority) ON p.category_id = f.category_id AND p.priority = f.priority
       WHERE ($5::uuid IS NULL OR f.ticket_id > $5)
         AND greatest(f.first_response_at, f.resolved_at) IS NOT NULL
         AND ($3::timestamptz IS NULL OR greatest(f.first_response_at, f.resolved_at) >= $3)
         AND ($4::timestamptz IS NULL OR f.created_at < $4)
       ORDER BY f.ticket_id
       LIMIT $6`,
      [recompute.category_ids, recompute.priorities, recompute.from_at, recompute.to_at, recompute.after_ticket_id, limit],
    );
  }

  /** Facts' minutes worked out again; the rest of each row is its request's and stays as its last refresh left it. */
  async storeRecomputed(manager: EntityManager, rows: RecomputedFactRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE report_request_facts f SET first_response_minutes = x.first_response_minutes, resolution_minutes = x.resolution_minutes
       FROM jsonb_to_recordset($1::jsonb) AS x(ticket_id uuid, first_response_minutes integer, resolution_minutes integer)
       WHERE f.ticket_id = x.ticket_id`,
      [JSON.stringify(rows)],
    );
  }

  /** Keeps the recompute's place, or ends it with `afterTicketId` null. */
  async recomputeDone(manager: EntityManager, id: string, afterTicketId: string | null): Promise<void> {
    if (afterTicketId === null) await manager.query(`DELETE FROM report_fact_recomputes WHERE id = $1`, [id]);
    else await manager.query(`UPDATE report_fact_recomputes SET after_ticket_id = $2 WHERE id = $1`, [id, afterTicketId]);
  }

  async recomputePending(): Promise<boolean> {
    const [row] = await this.dataSource.query<{ pending: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM report_fact_recomputes) AS pending`);
    return row.pending;
  }

  /**
   * Created and resolved per bucket of the range. Each bucket is counted as a range of its own index
   * (from the index alone when unscoped) rather than by converting every row to a Kyiv date, which read a
   * year's rows from the table; the live part is laid over by subtracting the changed requests' stored rows
   * and adding their rows as they are now, which counts the same as leaving the stored ones out.
   * Bucket bounds are Kyiv midnights, never inside a daylight-saving shift, so the two agree.
   */
  async volume(range: ReportRange, interval: ReportInterval, scope: ReportScope | null, live: LiveFacts): Promise<VolumeRow[]> {
    const p = new Params(range, scope, live);
    const step = `interval '1 ${interval}'`;
    const zone = `'${REPORT_TIME_ZONE}'`;
    const inBucket = (column: string) => (row: string) => `${row}.${column} >= b.lo AND ${row}.${column} < b.hi`;
    return this.read<VolumeRow[]>(
      `WITH ${p.live},
       buckets AS (
         SELECT to_char(s, 'YYYY-MM-DD') AS period, greatest(${p.from}, s AT TIME ZONE ${zone}) AS lo, least(${p.to}, (s + ${step}) AT TIME ZONE ${zone}) AS hi
         FROM generate_series(date_trunc('${interval}', ${p.from} AT TIME ZONE ${zone}), ${p.to} AT TIME ZONE ${zone}, ${step}) s)
       SELECT c.kind, c.period, c.count::int AS count FROM buckets b
       CROSS JOIN LATERAL (VALUES ('created', b.period, ${p.counted(inBucket('created_at'))}), ('resolved', b.period, ${p.counted(inBucket('resolved_at'))})) AS c(kind, period, count)
       WHERE b.lo < b.hi AND c.count > 0`,
      p.values,
    );
  }

  /**
   * Requests open at the start of the range: created before it and not resolved before it. Counted in two
   * parts that each read an index of their own: those open now (from the open requests' index alone), and
   * those resolved since the range began.
   */
  async openAtStart(range: ReportRange, scope: ReportScope | null, live: LiveFacts): Promise<number> {
    const p = new Params(range, scope, live);
    const [row] = await this.read<{ count: number }[]>(
      `WITH ${p.live}
       SELECT (${p.counted((r) => `${r}.resolved_at IS NULL AND ${r}.created_at < ${p.from}`)}
             + ${p.counted((r) => `${r}.resolved_at >= ${p.from} AND ${r}.created_at < ${p.from} AND ${p.to} IS NOT NULL`)})::int AS count`,
      p.values,
    );
    return row.count;
  }

  /**
   * The figures per group (`groupBy`) with, unless `totals` is 'apart', those of all the range's requests together
   * (the grouping set with no key); or, with `groupBy` null, the totals alone. Apart, a report can run the totals'
   * query on its other connection at once: each percentile's sort runs in the process that ran its query, and the
   * grouping set sorts every minute twice, the totals' after the groups', in one.
   */
  async figures(range: ReportRange, groupBy: ReportGroup | null, scope: ReportScope | null, live: LiveFacts, totals: 'with' | 'apart' = 'with'): Promise<FiguresRow[]> {
    const p = new Params(range, scope, live);
    const inRange = (column: string) => `f.${column} >= ${p.from} AND f.${column} < ${p.to}`;
    const key = groupBy === null ? null : GROUP_KEYS[groupBy];
    return this.read<FiguresRow[]>(
      `SELECT ${key === null ? 'NULL' : `${key}::text`} AS key, ${key === null ? 'true' : `GROUPING(${key}) = 1`} AS is_total,
              count(*) FILTER (WHERE ${inRange('created_at')})::int AS created,
              count(*) FILTER (WHERE ${inRange('resolved_at')})::int AS resolved,
              count(f.first_response_minutes) FILTER (WHERE ${inRange('first_response_at')})::int AS fr_count,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.first_response_minutes) FILTER (WHERE ${inRange('first_response_at')}) AS fr_percentiles,
              count(f.resolution_minutes) FILTER (WHERE ${inRange('resolved_at')})::int AS res_count,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.resolution_minutes) FILTER (WHERE ${inRange('resolved_at')}) AS res_percentiles,
              (count(*) FILTER (WHERE f.first_response_met AND ${inRange('first_response_at')}) + count(*) FILTER (WHERE f.resolution_met AND ${inRange('resolved_at')}))::int AS sla_met,
              (count(f.first_response_met) FILTER (WHERE ${inRange('first_response_at')}) + count(f.resolution_met) FILTER (WHERE ${inRange('resolved_at')}))::int AS sla_total
       FROM ${p.facts()}
       WHERE (${inRange('created_at')}) OR (${inRange('first_response_at')}) OR (${inRange('resolved_at')})
       ${key === null ? '' : totals === 'with' ? `GROUP BY GROUPING SETS ((${key}), ())` : `GROUP BY ${key}`}`,
      p.values,
      // Grouped by agent, the planner walks the agent index for its order rather than scanning and sorting: over
      // every request on the bench that took 1.4-1.8 s of CPU against 0.8-1.1 s. Bitmap scans, which short ranges use, stay.
      ['enable_indexscan = off'],
    );
  }

  /**
   * Copies the ratings given since the last copy, older than `settleMs`, with what they are grouped by.
   * A rating is given once and never changed, so what is copied stays.
   */
  async storeRatings(settleMs: number): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `WITH copied AS (
       INSERT INTO report_rating_facts (message_id, rated_at, rating, author_staff_id, category_id, priority, channel, organisation_id)
       SELECT m.id, m.rated_at, m.rating, m.author_staff_id, t.category_id, t.priority, t.channel, t.organisation_id
       FROM messages m JOIN tickets t ON t.id = m.ticket_id
       WHERE m.rating IS NOT NULL AND m.rated_at < now() - make_interval(secs => $1)
         AND m.rated_at >= coalesce((SELECT max(rated_at) FROM report_rating_facts), '-infinity')
       ON CONFLICT (message_id) DO NOTHING
       RETURNING 1)
       SELECT count(*)::int AS count FROM copied`,
      [settleMs / 1000],
    );
    return row.count;
  }

  /** "Was this reply helpful?" answers given in the range, per group and in total: the copied ones and those given since. */
  async ratings(range: ReportRange, groupBy: ReportGroup, scope: ReportScope | null): Promise<RatingsRow[]> {
    const key = RATING_KEYS[groupBy];
    const columns = 'rated_at, rating, author_staff_id, category_id, priority, channel, organisation_id';
    return this.read<RatingsRow[]>(
      `SELECT ${key} AS key, GROUPING(${key}) = 1 AS is_total,
              count(*) FILTER (WHERE r.rating = 'helpful')::int AS helpful,
              count(*) FILTER (WHERE r.rating = 'not_helpful')::int AS not_helpful
       FROM (SELECT ${columns} FROM report_rating_facts
             UNION ALL
             SELECT m.rated_at, m.rating, m.author_staff_id, t.category_id, t.priority, t.channel, t.organisation_id
             FROM messages m JOIN tickets t ON t.id = m.ticket_id
             WHERE m.rating IS NOT NULL AND m.rated_at > coalesce((SELECT max(rated_at) FROM report_rating_facts), '-infinity')) r
       WHERE r.rated_at >= $1 AND r.rated_at < $2
         AND ($3::uuid IS NULL OR r.author_staff_id = $3) AND ($4::int[] IS NULL OR r.category_id = ANY($4))
       GROUP BY GROUPING SETS ((${key}), ())`,
      [range.from, range.to, scope?.ownerId ?? null, scope?.categoryIds ?? null],
    );
  }

  /** Copies the satisfaction answers given since the last copy, older than `settleMs`, as `storeRatings` does ratings (an answer never changes either). */
  async storeSatisfaction(settleMs: number): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `WITH copied AS (
       INSERT INTO report_satisfaction_facts (answer_id, answered_at, stars, owner_id, category_id, priority, channel, organisation_id)
       SELECT s.id, s.answered_at, s.stars, t.owner_id, t.category_id, t.priority, t.channel, t.organisation_id
       FROM satisfaction_answers s JOIN tickets t ON t.id = s.ticket_id
       WHERE s.answered_at < now() - make_interval(secs => $1)
         AND s.answered_at >= coalesce((SELECT max(answered_at) FROM report_satisfaction_facts), '-infinity')
       ON CONFLICT (answer_id) DO NOTHING
       RETURNING 1)
       SELECT count(*)::int AS count FROM copied`,
      [settleMs / 1000],
    );
    return row.count;
  }

  /** Satisfaction answers given in the range, per group and in total: the copied ones and those given since, as `ratings`. */
  async satisfaction(range: ReportRange, groupBy: ReportGroup, scope: ReportScope | null): Promise<SatisfactionRow[]> {
    const key = SATISFACTION_KEYS[groupBy];
    const columns = 'answered_at, stars, owner_id, category_id, priority, channel, organisation_id';
    return this.read<SatisfactionRow[]>(
      `SELECT ${key} AS key, GROUPING(${key}) = 1 AS is_total, count(*)::int AS count, sum(r.stars)::int AS total_stars,
              ARRAY[count(*) FILTER (WHERE r.stars = 1), count(*) FILTER (WHERE r.stars = 2), count(*) FILTER (WHERE r.stars = 3),
                    count(*) FILTER (WHERE r.stars = 4), count(*) FILTER (WHERE r.stars = 5)]::int[] AS distribution
       FROM (SELECT ${columns} FROM report_satisfaction_facts
             UNION ALL
             SELECT s.answered_at, s.stars, t.owner_id, t.category_id, t.priority, t.channel, t.organisation_id
             FROM satisfaction_answers s JOIN tickets t ON t.id = s.ticket_id
             WHERE s.answered_at > coalesce((SELECT max(answered_at) FROM report_satisfaction_facts), '-infinity')) r
       WHERE r.answered_at >= $1 AND r.answered_at < $2
         AND ($3::uuid IS NULL OR r.owner_id = $3) AND ($4::int[] IS NULL OR r.category_id = ANY($4))
       GROUP BY GROUPING SETS ((${key}), ())`,
      [range.from, range.to, scope?.ownerId ?? null, scope?.categoryIds ?? null],
    );
  }

  /**
   * Requests open now by age, each bucket a range of the open requests' index counted from the index alone
   * (a third of a million entries on the bench: 55 ms, where reading their rows to work out each age took 190-480 ms).
   * An age under a day is a creation less than 24 hours ago, as `now() - created_at < interval '1 day'` says it.
   */
  async backlog(scope: ReportScope | null, live: LiveFacts): Promise<BacklogRowSql[]> {
    const p = new Params({ from: new Date(0), to: new Date(0) }, scope, live);
    const createdBefore = (hours: number | null, unbounded: string) => (hours === null ? `'${unbounded}'::timestamptz` : `now() - interval '${hours} hours'`);
    const buckets = REPORT_BACKLOG_BUCKETS.map((bucket) => {
      const { atLeastHours, youngerThanHours } = BACKLOG_AGES[bucket];
      return `('${bucket}', ${createdBefore(atLeastHours, 'infinity')}, ${createdBefore(youngerThanHours, '-infinity')})`;
    });
    // $1 and $2 are named all the same (PostgreSQL refuses a parameter it cannot type); with their values known they fold away.
    return this.read<BacklogRowSql[]>(
      `WITH ${p.live},
       buckets (bucket, newest, oldest) AS (VALUES ${buckets.join(', ')})
       SELECT b.bucket, ${p.counted((r) => `${r}.resolved_at IS NULL AND ${r}.created_at <= b.newest AND ${r}.created_at > b.oldest`)}::int AS count
       FROM buckets b WHERE ${p.from} IS NOT NULL AND ${p.to} IS NOT NULL`,
      p.values,
    );
  }

  /** Names for the keys of a breakdown, in the reader's language where there are two. */
  async labels(groupBy: ReportGroup, keys: string[], locale: 'uk' | 'en'): Promise<Map<string, string>> {
    const named = (rows: { key: string; label: string }[]) => new Map(rows.map((row) => [row.key, row.label]));
    if (keys.length === 0) return new Map();
    switch (groupBy) {
      case 'category':
        return named(await this.dataSource.query(`SELECT id::text AS key, ${locale === 'en' ? 'coalesce(name_en, name_uk)' : 'name_uk'} AS label FROM categories WHERE id::text = ANY($1)`, [keys]));
      case 'agent':
        return named(await this.dataSource.query(`SELECT id::text AS key, name AS label FROM staff_accounts WHERE id::text = ANY($1)`, [keys]));
      case 'organisation':
        return named(await this.dataSource.query(`SELECT id::text AS key, ${locale === 'en' ? 'coalesce(name_en, name_uk)' : 'name_uk'} AS label FROM organisations WHERE id::text = ANY($1)`, [keys]));
      default:
        return new Map();
    }
  }
}

/** The parameters every figures query shares, and the inline source of facts they read. */
class Params {
  readonly values: unknown[];

  private readonly nothingChanged: boolean;

  constructor(range: ReportRange, scope: ReportScope | null, live: LiveFacts) {
    this.nothingChanged = live.rows.length === 0 && live.changedIds.length === 0;
    this.values = [range.from, range.to, scope?.ownerId ?? null, scope?.categoryIds ?? null, JSON.stringify(live.rows), live.changedIds];
  }

  readonly from = '$1::timestamptz';
  readonly to = '$2::timestamptz';

  /** The caller's scope over a row of facts. */
  readonly scoped = `($3::uuid IS NULL OR owner_id = $3) AND ($4::int[] IS NULL OR category_id = ANY($4))`;

  /** The changed requests' rows as they are now, in the caller's scope, for `counted`. */
  readonly live = `live AS MATERIALIZED (SELECT created_at, resolved_at FROM jsonb_to_recordset($5::jsonb) AS x(${LIVE_RECORD}) WHERE ${this.scoped})`;

  /**
   * How many requests meet `condition` (given a row's alias), stored and live together: every stored row
   * that meets it, less the changed requests' stored rows that do, plus their rows as they are now that do
   * (the query names `live`). That counts what leaving the changed stored rows out counts, but the stored
   * rows need no anti-join, so a count reads one index, from the index alone where the condition is all in it.
   */
  counted(condition: (row: string) => string): string {
    return `((SELECT count(*) FROM report_request_facts r WHERE ${condition('r')} AND ${this.scoped})
       - (SELECT count(*) FROM report_request_facts r WHERE r.ticket_id = ANY($6::uuid[]) AND ${condition('r')} AND ${this.scoped})
       + (SELECT count(*) FROM live x WHERE ${condition('x')}))`;
  }

  /**
   * Stored rows but the changed ones, and the changed ones as they are now; in the caller's scope. The
   * changed ones are left out by a filter (PostgreSQL hashes a long list), which, unlike an anti-join, lets
   * the scan run in parallel. The stored rows alone when nothing changed since the refresh: the union's
   * append cost every request's figures another 5-10 % on the bench.
   */
  facts(): string {
    const scoped = this.scoped;
    // $5 and $6 are named all the same (PostgreSQL refuses a parameter it cannot type); with their values known they fold away.
    if (this.nothingChanged) return `(SELECT ${FACT_COLUMNS} FROM report_request_facts r WHERE ${scoped} AND $5::jsonb IS NOT NULL AND $6::uuid[] IS NOT NULL) f`;
    return `(SELECT ${FACT_COLUMNS} FROM report_request_facts r
              WHERE ${scoped} AND NOT (r.ticket_id = ANY($6::uuid[]))
             UNION ALL
             SELECT ${FACT_COLUMNS} FROM jsonb_to_recordset($5::jsonb) AS x(${LIVE_RECORD}) WHERE ${scoped}) f`;
  }
}
