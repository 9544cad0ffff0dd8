import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AttachmentPreview, Locale, QueueSlaFilter, QueueSort, RequestVisibility, StaffTicketCopy, TicketPriority, TicketStatus } from '@pidtrymka/contracts';
import { inCopyNow } from '../notifications/copy-recipients.repository';
import { DataSource, EntityManager } from 'typeorm';
import type { LifecycleTicket } from './ticket-lifecycle';

/** A request as the staff queries read it (snake_case straight from SQL). */
export interface TicketRow {
  id: string;
  tracking_id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  category_id: number;
  category_uk: string;
  category_en: string;
  requester_name: string;
  requester_email: string;
  owner_id: string | null;
  owner_name: string | null;
  organisation_id: number | null;
  organisation_uk: string | null;
  organisation_en: string | null;
  locale: Locale;
  channel: string;
  merged_into_id: string | null;
  created_at: Date;
  updated_at: Date;
  sla_due_at: Date | null;
}

/** The request as TicketLifecycle (and the staff notices) read it. */
export function asLifecycleTicket(row: TicketRow): LifecycleTicket {
  return {
    id: row.id,
    trackingId: row.tracking_id,
    number: row.number,
    categoryId: row.category_id,
    subject: row.subject,
    requesterName: row.requester_name,
    requesterEmail: row.requester_email,
    locale: row.locale,
    status: row.status,
    priority: row.priority,
  };
}

/** A queue search's terms (searchTerms); `organisationIds` is filled in by the repository from `like`. */
export interface QueueSearch {
  trackingId: string | null;
  number: number | null;
  tsquery: string | null;
  like: string | null;
  organisationIds?: number[];
}

export interface QueueFilter {
  statuses?: TicketStatus[];
  categoryId?: number;
  organisationId?: number;
  /** Null: every category (admin). */
  visibleCategoryIds: number[] | null;
  owner?: { kind: 'unassigned' } | { kind: 'person'; id: string };
  priorities?: TicketPriority[];
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  search?: QueueSearch;
  sla?: QueueSlaFilter;
  /** Issue 17: requests carrying any of these tags. */
  tagIds?: number[];
}

/** Issue 17: whose queue it is (their reads make the unread flag), and whether it shows only the unread. */
export interface QueueReader {
  accountId: string;
  unreadOnly?: boolean;
}

export interface QueueOrder {
  sort: QueueSort;
  descending: boolean;
  limit: number;
  /** The sort key (as text) and number of the last row of the previous page. */
  after?: { key: string; number: number };
}

export interface MessageRow {
  id: string;
  author_type: 'participant' | 'staff' | 'system';
  author_name: string;
  author_email: string | null;
  body: string;
  full_body: string | null;
  channel: string;
  is_internal: boolean;
  created_at: Date;
  attachments: { id: string; filename: string; size: number; preview: AttachmentPreview }[];
  /** Issue 19: the participant's vote on a staff reply. */
  rating: 'helpful' | 'not_helpful' | null;
}

const TICKET_COLUMNS = `
  t.id, t.tracking_id, t.number, t.subject, t.status, t.priority, t.category_id, c.name_uk AS category_uk, c.name_en AS category_en,
  t.requester_name, t.requester_email, t.owner_id, o.name AS owner_name, t.organisation_id, g.name_uk AS organisation_uk, g.name_en AS organisation_en,
  t.locale, t.channel, t.merged_into_id, t.created_at, t.updated_at, t.sla_due_at`;
const TICKET_FROM = `tickets t JOIN categories c ON c.id = t.category_id LEFT JOIN staff_accounts o ON o.id = t.owner_id LEFT JOIN organisations g ON g.id = t.organisation_id`;

/** Sort keys; every one is broken by the unique number, and each has an index (see the StaffWorkspace migration). */
const SORT_KEYS: Record<QueueSort, { expression: string; cast: string }> = {
  updated: { expression: 't.updated_at', cast: 'timestamptz' },
  created: { expression: 't.created_at', cast: 'timestamptz' },
  number: { expression: 't.number', cast: 'integer' },
  priority: { expression: `(CASE t.priority WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END)`, cast: 'integer' },
  // Issue 19: the SlaPolicies migration's index; no running clock sorts last.
  due: { expression: `coalesce(t.sla_due_at, 'infinity'::timestamptz)`, cast: 'timestamptz' },
};

/** Every query of the staff workspace about requests. */
@Injectable()
export class StaffTicketsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A page of the queue. Issue 17: each row says whether it changed since the reader last saw it — its
   * `updated_at` (every reply, note, status or owner change moves it) past the reader's `seen_at`, or,
   * for a request they never opened, past the day their account was made (so a new colleague's queue
   * is not all unread). One primary-key probe per row of the page: the page's plan is unchanged.
   */
  async queue(filter: QueueFilter, order: QueueOrder, reader: QueueReader): Promise<(TicketRow & { sort_key: string; unread: boolean })[]> {
    const params: unknown[] = [];
    const where = await this.conditions(filter, params);
    params.push(reader.accountId);
    const readerParam = `$${params.length}::uuid`;
    const unread = `t.updated_at > coalesce(r.seen_at, (SELECT a.created_at FROM staff_accounts a WHERE a.id = ${readerParam}))`;
    if (reader.unreadOnly) where.push(unread);
    const { expression, cast } = SORT_KEYS[order.sort];
    const direction = order.descending ? 'DESC' : 'ASC';
    if (order.after) {
      params.push(order.after.key, order.after.number);
      where.push(`(${expression}, t.number) ${order.descending ? '<' : '>'} ($${params.length - 1}::${cast}, $${params.length}::integer)`);
    }
    params.push(order.limit);
    return this.dataSource.query(
      `SELECT ${TICKET_COLUMNS}, ${expression}::text AS sort_key, ${unread} AS unread
       FROM ${TICKET_FROM} LEFT JOIN staff_ticket_reads r ON r.account_id = ${readerParam} AND r.ticket_id = t.id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${expression} ${direction}, t.number ${direction} LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * The counts the queue shows on every load. A filter the counters are kept by (categories, owner,
   * priority, and any of some tags) reads the counters and the deltas not yet folded in (see the
   * TicketCounts and TicketTagCounts migrations); a search, an organisation, SLA or a date range counts
   * the requests themselves.
   */
  async countByStatus(filter: QueueFilter): Promise<{ status: TicketStatus; count: number }[]> {
    if (filter.search || filter.sla || filter.organisationId !== undefined || filter.createdFrom || filter.createdTo || filter.updatedFrom || filter.updatedTo) return this.countByStatusLive(filter);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.visibleCategoryIds) add((p) => `category_id = ANY(${p}::int[])`, filter.visibleCategoryIds);
    if (filter.categoryId !== undefined) add((p) => `category_id = ${p}`, filter.categoryId);
    if (filter.owner?.kind === 'unassigned') where.push('owner_id IS NULL');
    if (filter.owner?.kind === 'person') add((p) => `owner_id = ${p}::uuid`, filter.owner.id);
    if (filter.priorities?.length) add((p) => `priority = ANY(${p}::varchar[])`, filter.priorities);
    // A request is counted once under its whole set of tags: the sets sharing a tag with the filter count each request once.
    // No tags, as in `where`, is no tag filter.
    const tagged = !!filter.tagIds?.length;
    if (tagged) add((p) => `tag_ids && ${p}::int[]`, filter.tagIds);
    const [counts, deltas] = tagged ? ['ticket_tag_counts', 'ticket_tag_count_deltas'] : ['ticket_counts', 'ticket_count_deltas'];
    const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return this.dataSource.query(
      `SELECT status, sum(n)::int AS count FROM (
         SELECT status, count AS n FROM ${counts} ${condition}
         UNION ALL SELECT status, delta AS n FROM ${deltas} ${condition}
       ) counted GROUP BY status HAVING sum(n) <> 0`,
      params,
    );
  }

  /**
   * Issue 17: how many requests a saved view shows, counted no further than `cap`: the views bar
   * counts every view on each load, and a view of "all open requests" must not count them all.
   */
  async countCapped(filter: QueueFilter, cap: number, unreadOf?: string): Promise<number> {
    const params: unknown[] = [];
    const where = await this.conditions(filter, params);
    let join = '';
    if (unreadOf) {
      params.push(unreadOf);
      join = `LEFT JOIN staff_ticket_reads r ON r.account_id = $${params.length}::uuid AND r.ticket_id = t.id`;
      where.push(`t.updated_at > coalesce(r.seen_at, (SELECT a.created_at FROM staff_accounts a WHERE a.id = $${params.length}::uuid))`);
    }
    params.push(cap);
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets t ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} LIMIT $${params.length}) capped`,
      params,
    );
    return row.n;
  }

  /** The same counts from the requests themselves: what the counters must always equal. */
  async countByStatusLive(filter: QueueFilter): Promise<{ status: TicketStatus; count: number }[]> {
    const params: unknown[] = [];
    const where = await this.conditions({ ...filter, statuses: undefined }, params);
    return this.dataSource.query(
      `SELECT t.status, count(*)::int AS count FROM tickets t ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY t.status`,
      params,
    );
  }

  /**
   * Folds the deltas recorded since the last run into their counters (`ticket_counts` and
   * `ticket_tag_counts`), in one statement: a reader sees either the deltas or their sum, never both
   * or neither. Returns how many deltas it folded.
   */
  async foldCountDeltas(): Promise<number> {
    const fold = (name: string, deltas: string, counts: string, key: string, conflict: string) => `
       ${name}_moved AS (DELETE FROM ${deltas} RETURNING ${key}, delta),
       ${name}_summed AS (SELECT ${key}, sum(delta) AS delta, count(*) AS rows FROM ${name}_moved GROUP BY ${key}),
       ${name}_folded AS (
         INSERT INTO ${counts} AS c (${key}, count)
         SELECT ${key}, delta FROM ${name}_summed
         ON CONFLICT (${conflict}) DO UPDATE SET count = c.count + excluded.count
       )`;
    const key = 'category_id, owner_id, priority, status';
    const conflict = `category_id, coalesce(owner_id, '00000000-0000-0000-0000-000000000000'::uuid), priority, status`;
    const [row] = await this.dataSource.query<{ folded: number }[]>(
      `WITH ${fold('plain', 'ticket_count_deltas', 'ticket_counts', key, conflict)},
       ${fold('tagged', 'ticket_tag_count_deltas', 'ticket_tag_counts', `tag_ids, ${key}`, `tag_ids, ${conflict}`)}
       SELECT (SELECT coalesce(sum(rows), 0) FROM plain_summed)::int + (SELECT coalesce(sum(rows), 0) FROM tagged_summed)::int AS folded`,
    );
    return row.folded;
  }

  /**
   * A filter's SQL conditions, after looking up the organisations a search names (few rows, by their own
   * table), so that the requests' query is planned knowing them.
   */
  private async conditions(filter: QueueFilter, params: unknown[]): Promise<string[]> {
    const like = filter.search?.like;
    if (!filter.search || !like || filter.search.organisationIds) return this.where(filter, params);
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM organisations WHERE name_uk ILIKE $1 OR name_en ILIKE $1 OR edrpou ILIKE $1 OR eic ILIKE $1`,
      [like],
    );
    return this.where({ ...filter, search: { ...filter.search, organisationIds: rows.map((row) => row.id) } }, params);
  }

  private where(filter: QueueFilter, params: unknown[]): string[] {
    const where: string[] = [];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.visibleCategoryIds) add((p) => `t.category_id = ANY(${p}::int[])`, filter.visibleCategoryIds);
    if (filter.statuses?.length) add((p) => `t.status = ANY(${p}::varchar[])`, filter.statuses);
    if (filter.categoryId !== undefined) add((p) => `t.category_id = ${p}`, filter.categoryId);
    if (filter.organisationId !== undefined) add((p) => `t.organisation_id = ${p}`, filter.organisationId);
    if (filter.owner?.kind === 'unassigned') where.push('t.owner_id IS NULL');
    if (filter.owner?.kind === 'person') add((p) => `t.owner_id = ${p}`, filter.owner.id);
    if (filter.priorities?.length) add((p) => `t.priority = ANY(${p}::varchar[])`, filter.priorities);
    if (filter.createdFrom) add((p) => `t.created_at >= ${p}::timestamptz`, filter.createdFrom);
    if (filter.createdTo) add((p) => `t.created_at < ${p}::timestamptz`, filter.createdTo);
    if (filter.updatedFrom) add((p) => `t.updated_at >= ${p}::timestamptz`, filter.updatedFrom);
    if (filter.updatedTo) add((p) => `t.updated_at < ${p}::timestamptz`, filter.updatedTo);
    if (filter.sla === 'overdue') where.push('t.sla_due_at < now()');
    if (filter.sla === 'running') where.push('t.sla_due_at IS NOT NULL');
    // Issue 17: EXISTS lets the planner pick: walk the sort's index probing each request's tags (a common tag),
    // or start from ticket_tags_tag_id_idx (a rare one). See tests/bench/queue.bench.mjs.
    if (filter.tagIds?.length) add((p) => `EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id AND tt.tag_id = ANY(${p}::int[]))`, filter.tagIds);
    if (filter.search) {
      const { trackingId, number, tsquery, like, organisationIds } = filter.search;
      const any: string[] = [];
      const alt = (sql: (placeholder: string) => string, value: unknown) => {
        params.push(value);
        any.push(sql(`$${params.length}`));
      };
      if (trackingId) alt((p) => `t.tracking_id = ${p}`, trackingId);
      if (number !== null) alt((p) => `t.number = ${p}`, number);
      if (tsquery) alt((p) => `t.search_vector @@ to_tsquery('simple', ${p})`, tsquery);
      if (like) alt((p) => `(t.subject || ' ' || t.requester_name || ' ' || t.requester_email) ILIKE ${p}`, like);
      // Issue 18: the organisation's name, ЄДРПОУ or EIC, as the ids `conditions` found. A literal list, not a subquery:
      // with `= ANY(ARRAY(SELECT …))` the planner could not know how many requests the organisations have, guessed
      // ~36,000, and at 1,000,000 requests walked the whole queue's index in its order for a tracking ID (4-5 s).
      if (organisationIds?.length) alt((p) => `t.organisation_id = ANY(${p}::int[])`, organisationIds);
      where.push(any.length ? `(${any.join(' OR ')})` : 'false');
    }
    return where;
  }

  async findByTrackingId(trackingId: string, manager: EntityManager = this.dataSource.manager): Promise<TicketRow | null> {
    const rows: TicketRow[] = await manager.query(`SELECT ${TICKET_COLUMNS} FROM ${TICKET_FROM} WHERE t.tracking_id = $1`, [trackingId]);
    return rows[0] ?? null;
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<TicketRow | null> {
    const rows: TicketRow[] = await manager.query(`SELECT ${TICKET_COLUMNS} FROM ${TICKET_FROM} WHERE t.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Issue 17: this staff member has seen the request as it is now (its page, or a change of their own in
   * this transaction): its `updated_at`, read here in the database, so no precision is lost on the way.
   */
  async markSeen(accountId: string, ticketId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO staff_ticket_reads (account_id, ticket_id, seen_at)
       SELECT $1::uuid, t.id, t.updated_at FROM tickets t WHERE t.id = $2
       ON CONFLICT (account_id, ticket_id) DO UPDATE SET seen_at = greatest(staff_ticket_reads.seen_at, excluded.seen_at)`,
      [accountId, ticketId],
    );
  }

  /** Locks the request until the transaction ends and reads it afresh. */
  async lock(manager: EntityManager, id: string): Promise<TicketRow | null> {
    await manager.query(`SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE`, [id]);
    return this.findById(id, manager);
  }

  /** Every message, notes included, with attachments; only those after `afterId` when given. */
  async messages(ticketId: string, afterId: string = '0', manager: EntityManager = this.dataSource.manager): Promise<MessageRow[]> {
    return manager.query(
      `SELECT m.id::text, m.author_type, m.author_name, m.author_email, m.body, m.full_body, m.channel, m.is_internal, m.created_at, m.rating,
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'size', a.size, 'preview', coalesce(a.preview, 'none')) ORDER BY a.created_at)
                   FROM attachments a WHERE a.message_id = m.id), '[]'::json) AS attachments
       FROM messages m WHERE m.ticket_id = $1 AND m.id > $2::bigint ORDER BY m.id`,
      [ticketId, afterId],
    );
  }

  async newestMessageId(manager: EntityManager, ticketId: string): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(`SELECT COALESCE(max(id), 0)::text AS id FROM messages WHERE ticket_id = $1`, [ticketId]);
    return row.id;
  }

  /**
   * Issue 18: who besides staff sees the request: its visibility, and the
   * colleagues in copy now by the rule the e-mails are sent by (inCopyNow).
   */
  async sharing(ticketId: string): Promise<{ visibility: RequestVisibility; copies: StaffTicketCopy[] }> {
    const rows: { visibility: RequestVisibility; copies: StaffTicketCopy[] }[] = await this.dataSource.query(
      `SELECT t.visibility, coalesce((
         SELECT json_agg(json_build_object('name', cc.name, 'email', lower(cc.email)) ORDER BY cc.name, lower(cc.email))
         FROM ticket_copies tc JOIN contacts cc ON cc.id = tc.contact_id
         WHERE tc.ticket_id = t.id AND lower(cc.email) <> lower(t.requester_email) AND ${inCopyNow('t', 'cc.email')}), '[]'::json) AS copies
       FROM tickets t WHERE t.id = $1`,
      [ticketId],
    );
    return rows[0] ?? { visibility: 'private', copies: [] };
  }

  async audit(ticketId: string): Promise<{ id: string; actor_type: 'participant' | 'staff' | 'system'; actor_name: string; action: string; details: Record<string, unknown>; created_at: Date }[]> {
    return this.dataSource.query(`SELECT id::text, actor_type, actor_name, action, details, created_at FROM audit_log WHERE ticket_id = $1 ORDER BY id`, [ticketId]);
  }

  async insertStaffMessage(
    manager: EntityManager,
    row: { ticketId: string; staffId: string; authorName: string; authorEmail: string; body: string; internal: boolean },
  ): Promise<{ id: string; created_at: Date }> {
    const [inserted] = await manager.query<{ id: string; created_at: Date }[]>(
      `INSERT INTO messages (ticket_id, author_type, author_name, author_email, body, is_internal, channel, author_staff_id)
       VALUES ($1, 'staff', $2, $3, $4, $5, 'web', $6) RETURNING id::text, created_at`,
      [row.ticketId, row.authorName, row.authorEmail, row.body, row.internal, row.staffId],
    );
    return inserted;
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: { status?: TicketStatus; priority?: TicketPriority; categoryId?: number; ownerId?: string | null; organisationId?: number | null },
  ): Promise<void> {
    const columns: Record<string, unknown> = { status: changes.status, priority: changes.priority, category_id: changes.categoryId, owner_id: changes.ownerId, organisation_id: changes.organisationId };
    const entries = Object.entries(columns).filter(([, value]) => value !== undefined);
    const sets = entries.map(([column], index) => `${column} = $${index + 2}`);
    await manager.query(`UPDATE tickets SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, [id, ...entries.map(([, value]) => value)]);
  }

  /** Issue 18: an organisation a request may be linked to (null: none such, or deactivated). */
  async findLinkableOrganisation(id: number, manager: EntityManager): Promise<{ id: number; name_uk: string; is_active: boolean } | null> {
    const rows: { id: number; name_uk: string; is_active: boolean }[] = await manager.query(`SELECT id, name_uk, is_active FROM organisations WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async categoryExists(id: number): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM categories WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** R-CLOSE-2: requests in `replied` whose last staff reply is older than the delay, locked for this transaction, skipping rows others hold. */
  async lockDueForAutoClose(manager: EntityManager, hours: number, limit: number): Promise<TicketRow[]> {
    const ids: { id: string }[] = await manager.query(
      `SELECT t.id FROM tickets t
       WHERE t.status = 'replied' AND t.merged_into_id IS NULL
         AND COALESCE((SELECT max(m.created_at) FROM messages m WHERE m.ticket_id = t.id AND m.author_type = 'staff' AND NOT m.is_internal), t.updated_at)
             < now() - make_interval(hours => $1)
       ORDER BY t.updated_at LIMIT $2 FOR UPDATE OF t SKIP LOCKED`,
      [hours, limit],
    );
    const rows: TicketRow[] = [];
    for (const { id } of ids) rows.push((await this.findById(id, manager))!);
    return rows;
  }
}
