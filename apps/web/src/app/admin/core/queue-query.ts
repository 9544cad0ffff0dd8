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
}

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
