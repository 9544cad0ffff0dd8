import { QUEUE_SLA_FILTERS, QUEUE_SORTS, QueueQuery, QueueSlaFilter, TICKET_PRIORITIES, TICKET_STATUSES } from '@pidtrymka/contracts';

/** Every status but closed: what the queue shows unless asked otherwise. */
export const OPEN_STATUSES = TICKET_STATUSES.filter((s) => s !== 'resolved');

/** The queue's query parameters as they arrive from the address (anything may be there). */
export interface QueueParams {
  status?: string;
  categoryId?: string;
  owner?: string;
  priority?: string;
  organisationId?: string;
  q?: string;
  /** Issue 19: `overdue` or `running`. */
  sla?: string;
  sort?: string;
  order?: string;
  /** Issue 17: `true`, only what changed since this agent last opened it. */
  unread?: string;
  /** Issue 17: comma-separated tag ids. */
  tag?: string;
}

/** The page's parameters a saved view keeps (issue 17): every filter and the sort, never a position in the list. */
export const VIEW_PARAMS = ['status', 'categoryId', 'owner', 'priority', 'organisationId', 'q', 'sla', 'sort', 'order', 'unread', 'tag'] as const;

/** `open` (the default), `all`, or one status. */
export function statusChoice(params: QueueParams): string {
  return params.status === 'all' || (TICKET_STATUSES as readonly string[]).includes(params.status ?? '') ? params.status! : 'open';
}

/** The filters without the status, which is what the counts per status are computed under; unknown values are dropped. */
export function queueFilters(params: QueueParams): QueueQuery {
  const categoryId = Number(params.categoryId);
  const organisationId = Number(params.organisationId);
  return {
    categoryId: Number.isInteger(categoryId) && categoryId > 0 ? categoryId : undefined,
    owner: params.owner || undefined,
    priority: (TICKET_PRIORITIES as readonly string[]).includes(params.priority ?? '') ? params.priority : undefined,
    ...(Number.isInteger(organisationId) && organisationId > 0 ? { organisationId } : {}),
    q: params.q?.trim() || undefined,
    sla: (QUEUE_SLA_FILTERS as readonly string[]).includes(params.sla ?? '') ? (params.sla as QueueSlaFilter) : undefined,
    ...(/^[1-9]\d{0,8}(,[1-9]\d{0,8}){0,19}$/.test(params.tag ?? '') ? { tag: params.tag } : {}),
  };
}

/** The API query of the queue page for these parameters. */
export function queueQuery(params: QueueParams, limit: number): QueueQuery {
  const choice = statusChoice(params);
  return {
    ...queueFilters(params),
    status: choice === 'all' ? undefined : choice === 'open' ? OPEN_STATUSES.join(',') : choice,
    sort: (QUEUE_SORTS as readonly string[]).includes(params.sort ?? '') ? (params.sort as QueueQuery['sort']) : 'updated',
    order: params.order === 'asc' ? 'asc' : 'desc',
    // Issue 17: the page only; the counts per status stay those of the whole filtered queue.
    ...(params.unread === 'true' ? { unread: 'true' as const } : {}),
    limit,
  };
}

/**
 * Issue 17: a saved view keeps the page's own parameters (`status=all`, `tag=3`…) as a query string; the
 * API checks it as the queue's query, whose `status` is a list, so the page's choice is written as the API reads it.
 */
export function viewQueryOf(params: QueueParams): string {
  const query = new URLSearchParams();
  const choice = statusChoice(params);
  if (choice !== 'all') query.set('status', choice === 'open' ? OPEN_STATUSES.join(',') : choice);
  const filters = queueFilters(params);
  for (const key of VIEW_PARAMS) {
    if (key === 'status') continue;
    const value = key in filters ? (filters as Record<string, unknown>)[key] : params[key];
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  return query.toString();
}

/** The page's address parameters for a saved view's query (every one, so those the view does not set are cleared). */
export function paramsOfView(queryText: string): Record<string, string | null> {
  const query = new URLSearchParams(queryText);
  const params: Record<string, string | null> = {};
  for (const key of VIEW_PARAMS) params[key] = query.get(key);
  const status = query.get('status');
  params['status'] = status === null ? 'all' : status === OPEN_STATUSES.join(',') ? null : status;
  return params;
}
