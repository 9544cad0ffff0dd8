import type { LiveTicketEvent } from '@pidtrymka/contracts';

/**
 * Issue 17: whether a change heard live makes a request read as unread in the queue, as the server's
 * unread flag will once the list is fetched again: one's own change is no news to oneself, and a change
 * of staff-only tags alone moves no request's `updated_at`, so it is no news to anyone.
 */
export function isNews(event: LiveTicketEvent, myName: string | undefined): boolean {
  if (event.actor?.type === 'staff' && myName !== undefined && event.actor.name === myName) return false;
  return !(event.fields?.length && event.fields.every((field) => field === 'tags'));
}
