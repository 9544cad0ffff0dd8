import { DOMAIN_EVENT_TYPES, MAILBOX_AUTH_KINDS, MAILBOX_KINDS, MAILBOX_STATES, QUEUE_SORTS, STAFF_ROLES, TICKET_PRIORITIES, TICKET_STATUSES, WEBHOOK_DELIVERY_STATUSES } from '@pidtrymka/contracts';
import { appMessages } from '../core/i18n/app.messages';
import { adminMessages } from './admin.messages';
import { OPEN_STATUSES, queueFilters, queueQuery, statusChoice } from './core/queue-query';

describe('the staff workspace\'s texts (uk + en)', () => {
  const known = (locale: 'uk' | 'en', key: string) => key in adminMessages[locale] || key in appMessages[locale];

  // That every key a page uses exists in both languages is the compiler's to check now: I18n.t takes only keys (message-keys.ts).

  it('overrides none of the portal\'s texts (the dictionaries share one catalogue)', () => {
    for (const locale of ['uk', 'en'] as const) expect(Object.keys(adminMessages[locale]).filter((key) => key in appMessages[locale])).toEqual([]);
  });

  it('has the keys the pages build from values: statuses, priorities, roles, sorts, channels, webhook events, mailboxes (issue 16)', () => {
    const built = [
      ...TICKET_STATUSES.map((s) => `status.${s}`),
      ...TICKET_PRIORITIES.map((p) => `priority.${p}`),
      ...STAFF_ROLES.map((r) => `admin.role.${r}`),
      ...QUEUE_SORTS.map((s) => `queue.sort.${s}`),
      ...DOMAIN_EVENT_TYPES.map((t) => `webhooks.event.${t}`),
      ...WEBHOOK_DELIVERY_STATUSES.map((s) => `webhooks.deliveryStatus.${s}`),
      ...MAILBOX_KINDS.map((k) => `mailboxes.kind.${k}`),
      ...MAILBOX_AUTH_KINDS.map((k) => `mailboxes.authKind.${k}`),
      ...MAILBOX_STATES.map((s) => `mailboxes.state.${s}`),
      'staffTicket.channel.web',
      'staffTicket.channel.email',
    ];
    for (const locale of ['uk', 'en'] as const) expect(built.filter((key) => !known(locale, key))).toEqual([]);
  });

  it('leaves no text empty and no Ukrainian text in English', () => {
    for (const locale of ['uk', 'en'] as const) {
      for (const [key, message] of Object.entries(adminMessages[locale])) {
        const forms = typeof message === 'string' ? [message] : Object.values(message);
        for (const text of forms) expect({ key, empty: !text?.trim() }).toEqual({ key, empty: false });
        if (locale === 'en') for (const text of forms) expect({ key, cyrillic: /[а-яіїєґ]/i.test(text ?? '') }).toEqual({ key, cyrillic: false });
      }
    }
  });
});

describe('the queue\'s address and its API query (R-STAFF-1)', () => {
  it('shows the open requests by default, all or one status when asked', () => {
    expect(statusChoice({})).toBe('open');
    expect(statusChoice({ status: 'nonsense' })).toBe('open');
    expect(queueQuery({}, 25)).toEqual({ status: OPEN_STATUSES.join(','), sort: 'updated', order: 'desc', limit: 25 });
    expect(OPEN_STATUSES).not.toContain('resolved');
    expect(queueQuery({ status: 'all' }, 25).status).toBeUndefined();
    expect(queueQuery({ status: 'on_hold' }, 25).status).toBe('on_hold');
  });

  it('passes the filters on and drops what the API would refuse', () => {
    const params = { categoryId: '3', owner: 'me', priority: 'high', q: '  ХВИЛЯ ', sort: 'priority', order: 'asc', status: 'new' };
    expect(queueQuery(params, 10)).toEqual({ categoryId: 3, owner: 'me', priority: 'high', q: 'ХВИЛЯ', status: 'new', sort: 'priority', order: 'asc', limit: 10 });
    // The counts are per status, so their filters leave the status out.
    expect(queueFilters(params)).toEqual({ categoryId: 3, owner: 'me', priority: 'high', q: 'ХВИЛЯ' });
    expect(queueQuery({ categoryId: '-1', priority: 'urgent', sort: 'random', order: 'sideways', q: '   ' }, 25)).toEqual({
      categoryId: undefined,
      owner: undefined,
      priority: undefined,
      q: undefined,
      status: OPEN_STATUSES.join(','),
      sort: 'updated',
      order: 'desc',
      limit: 25,
    });
  });
});
