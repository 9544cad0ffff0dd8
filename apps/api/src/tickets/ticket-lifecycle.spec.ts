import { NewDomainEvent, TICKET_STATUSES, TicketStatus } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AuditEvent } from '../audit/audit.service';
import { OutboxService, OutgoingEmail } from '../notifications/outbox.service';
import { StaffNotifier } from './staff-notifier.service';
import { AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { FromStatus, LifecycleTicket, nextStatus, OpeningTicket, TICKET_LIFECYCLE, TicketEvent, TicketEventType, TicketLifecycle, TransitionRefused } from './ticket-lifecycle';
import type { SlaEvent } from '../sla/sla-clocks';
import type { SlaClocks } from '../sla/sla-clocks.service';
import { MergedCopy, TicketsRepository } from './tickets.repository';

const FROM: readonly FromStatus[] = ['none', ...TICKET_STATUSES];
const staff = { id: 'staff-1', name: 'Олена' };

/** One event of each type, as its entry point raises it (no status chosen by staff). */
const EVENTS: Record<TicketEventType, TicketEvent> = {
  opened: { type: 'opened', channel: 'web', message: 'Не працює друк', attachments: 1, auditDetails: { inboundId: '7' } },
  participant_replied: { type: 'participant_replied', channel: 'email', messageId: '11', message: 'Ще не працює', attachments: 0, auditDetails: { inboundId: '8' } },
  staff_replied: { type: 'staff_replied', staff, messageId: '12', message: 'Перезавантажте', attachments: 2 },
  staff_noted: { type: 'staff_noted', staff, messageId: '13', attachments: 0 },
  status_set: { type: 'status_set', staff, status: 'in_progress' },
  auto_closed: { type: 'auto_closed', afterHours: 72 },
  merged: { type: 'merged', staff, into: { id: 'target-id', trackingId: 'BBB-BBB-BBBB' } },
  participant_closed: { type: 'participant_closed' },
  participant_reopened: { type: 'participant_reopened' },
};

type Expected = 'refused' | [TicketStatus, string[]];
// Issue 16: a status change writes its audit entry, then `ticket.updated`, then `ticket.closed` or `ticket.reopened` when it is one.
const CHANGED = ['audit:ticket.status_changed', 'event:ticket.updated'];
const CLOSED = ['audit:ticket.closed', 'event:ticket.updated', 'event:ticket.closed'];
const REOPENED = ['audit:ticket.reopened', 'event:ticket.updated', 'event:ticket.reopened'];
const reply = (to: TicketStatus, statusEffects: string[] = []): Expected => [to, [`status:${to}`, 'audit:ticket.replied', 'event:message.added', 'notice:staff_participant_reply', ...statusEffects]];
const staffReply = (statusEffects: string[] = []): Expected => ['replied', ['status:replied', 'audit:ticket.replied', 'event:message.added', 'email:staff_reply', ...statusEffects]];
const note = (status: TicketStatus): Expected => [status, [`status:${status}`, 'audit:ticket.note_added', 'event:message.added']];
const merged: Expected = ['resolved', ['merge:resolved', 'audit:ticket.merged', 'audit:ticket.merged_from', 'event:ticket.merged']];

/**
 * The specification, written out apart from TICKET_LIFECYCLE: for every event
 * and every status it may find a request in, where it goes and what it
 * writes, in order (R-VIEW-2, R-VIEW-5, R-MAIL-4, R-CLOSE-1, R-CLOSE-2,
 * R-STAFF-1, R-STAFF-2).
 */
const EXPECTED: Record<Exclude<TicketEventType, 'status_set'>, Record<FromStatus, Expected>> = {
  opened: {
    none: ['new', ['email:ticket_created', 'notice:staff_new_ticket', 'audit:ticket.created', 'event:ticket.created']],
    new: 'refused',
    waiting_reply: 'refused',
    replied: 'refused',
    in_progress: 'refused',
    on_hold: 'refused',
    resolved: 'refused',
  },
  participant_replied: {
    none: 'refused',
    new: reply('new'),
    waiting_reply: reply('waiting_reply'),
    replied: reply('waiting_reply', CHANGED),
    in_progress: reply('waiting_reply', CHANGED),
    on_hold: reply('waiting_reply', CHANGED),
    resolved: reply('waiting_reply', REOPENED),
  },
  staff_replied: {
    none: 'refused',
    new: staffReply(CHANGED),
    waiting_reply: staffReply(CHANGED),
    replied: staffReply(),
    in_progress: staffReply(CHANGED),
    on_hold: staffReply(CHANGED),
    resolved: staffReply(REOPENED),
  },
  staff_noted: {
    none: 'refused',
    new: note('new'),
    waiting_reply: note('waiting_reply'),
    replied: note('replied'),
    in_progress: note('in_progress'),
    on_hold: note('on_hold'),
    resolved: note('resolved'),
  },
  auto_closed: {
    none: 'refused',
    new: 'refused',
    waiting_reply: 'refused',
    replied: ['resolved', ['status:resolved', ...CLOSED, 'email:ticket_closed']],
    in_progress: 'refused',
    on_hold: 'refused',
    resolved: 'refused',
  },
  merged: { none: 'refused', new: merged, waiting_reply: merged, replied: merged, in_progress: merged, on_hold: merged, resolved: merged },
  // Issue 19: the participant's own close (no closed e-mail: they did it) and reopen (no staff notice: no words to carry).
  participant_closed: {
    none: 'refused',
    new: ['resolved', ['status:resolved', ...CLOSED]],
    waiting_reply: ['resolved', ['status:resolved', ...CLOSED]],
    replied: ['resolved', ['status:resolved', ...CLOSED]],
    in_progress: ['resolved', ['status:resolved', ...CLOSED]],
    on_hold: ['resolved', ['status:resolved', ...CLOSED]],
    resolved: 'refused',
  },
  participant_reopened: {
    none: 'refused',
    new: 'refused',
    waiting_reply: 'refused',
    replied: 'refused',
    in_progress: 'refused',
    on_hold: 'refused',
    resolved: ['waiting_reply', ['status:waiting_reply', ...REOPENED]],
  },
};

/**
 * status_set, from (rows) to the status staff chose (columns): `-` nothing at
 * all, `S` ticket.status_changed, `C` ticket.closed and the closed e-mail, `R` ticket.reopened.
 */
const STATUS_SET: Record<TicketStatus, string> = {
  // to: new, waiting_reply, replied, in_progress, on_hold, resolved
  new: '-SSSSC',
  waiting_reply: 'S-SSSC',
  replied: 'SS-SSC',
  in_progress: 'SSS-SC',
  on_hold: 'SSSS-C',
  resolved: 'RRRRR-',
};
const STATUS_SET_EFFECTS: Record<string, (to: TicketStatus) => string[]> = {
  '-': () => [],
  S: (to) => [`status:${to}`, ...CHANGED],
  C: (to) => [`status:${to}`, ...CLOSED, 'email:ticket_closed'],
  R: (to) => [`status:${to}`, ...REOPENED],
};

function harness() {
  const calls: string[] = [];
  const audits: AuditEvent[] = [];
  const emails: OutgoingEmail[] = [];
  const tickets = {
    copyRecipients: jest.fn(async () => [] as { email: string; name: string }[]),
    updateStatus: jest.fn(async (_m: EntityManager, _id: string, status: TicketStatus) => void calls.push(`status:${status}`)),
    merge: jest.fn(async (_m: EntityManager, _source: string, _target: string, status: TicketStatus) => {
      calls.push(`merge:${status}`);
      return ['21', '22'];
    }),
    moveCopies: jest.fn(async (): Promise<MergedCopy[]> => []),
  };
  const audit = { record: jest.fn(async (_m: EntityManager, event: AuditEvent) => void (calls.push(`audit:${event.action}`), audits.push(event))) };
  const real = new OutboxService({ outbox: { automaticPerAddressPerHour: 10 } } as AppConfig);
  const outbox = {
    enqueue: jest.fn(async (_m: EntityManager, email: OutgoingEmail) => void (calls.push(`email:${email.template}`), emails.push(email))),
    row: jest.fn((email: Parameters<OutboxService['row']>[0]) => real.row(email)),
  };
  const notifier = {
    planNewTicket: jest.fn((ticket: OpeningTicket, message: string) => ({ template: 'staff_new_ticket', notifyEmail: null, payload: { trackingId: ticket.trackingId, message } })),
    onNewTicket: jest.fn(async () => void calls.push('notice:staff_new_ticket')),
    onParticipantReply: jest.fn(async () => void calls.push('notice:staff_participant_reply')),
  };
  const domainEvents: NewDomainEvent[] = [];
  const realEvents = new EventsService({} as never, [{ name: 'hook', subscriber: { events: ['ticket.created'], handle: async () => undefined } }]);
  const events = {
    record: jest.fn(async (_m: EntityManager, event: NewDomainEvent) => void (calls.push(`event:${event.type}`), domainEvents.push(event))),
    plan: jest.fn((event: Parameters<EventsService['plan']>[0]) => realEvents.plan(event)),
  };
  // Issue 19: what the clocks are told, apart from `calls` (the clocks' own rules are sla-clocks.spec.ts's).
  const slaEvents: SlaEvent[] = [];
  const sla = {
    apply: jest.fn(async (_m: EntityManager, _t: unknown, event: SlaEvent) => void slaEvents.push(event)),
    planOpened: jest.fn(async () => ({ '*': { policyId: 1, state: { paused: false, clocks: {} }, dueAt: null } })),
  };
  const lifecycle = new TicketLifecycle(tickets as unknown as TicketsRepository, audit, outbox as unknown as OutboxService, notifier as unknown as StaffNotifier, events as unknown as EventsService, sla as unknown as SlaClocks);
  return { lifecycle, calls, audits, emails, notifier, tickets, domainEvents, slaEvents };
}

function ticketIn(status: TicketStatus): LifecycleTicket {
  return { id: 'ticket-id', trackingId: 'AAA-AAA-AAAA', number: 79, categoryId: 3, subject: 'Друк', requesterName: 'Петро', requesterEmail: 'petro@example.org', locale: 'en', status, priority: 'medium' };
}

const manager = {} as EntityManager;

describe('TICKET_LIFECYCLE, walked row by row (issue 13)', () => {
  it('has a row for every event, and each row a target for every status', () => {
    expect(Object.keys(TICKET_LIFECYCLE).sort()).toEqual([...Object.keys(EXPECTED), 'status_set'].sort());
    for (const rule of Object.values(TICKET_LIFECYCLE)) expect(Object.keys(rule.to).sort()).toEqual([...FROM].sort());
  });

  for (const [type, rows] of Object.entries(EXPECTED) as [Exclude<TicketEventType, 'status_set'>, Record<FromStatus, Expected>][]) {
    for (const from of FROM) {
      const expected = rows[from];
      it(`${type} from ${from}: ${expected === 'refused' ? 'refused' : `${expected[0]}, ${expected[1].join(', ') || 'nothing else'}`}`, async () => {
        const { lifecycle, calls } = harness();
        const ticket = ticketIn(from === 'none' ? 'new' : from);
        if (expected === 'refused') {
          expect(() => nextStatus(EVENTS[type], from)).toThrow(TransitionRefused);
          await expect(lifecycle.apply(manager, ticket, EVENTS[type], from)).rejects.toThrow(`A request in status ${from} cannot take the event ${type}`);
          expect(calls).toEqual([]);
        } else {
          expect(nextStatus(EVENTS[type], from)).toBe(expected[0]);
          await expect(lifecycle.apply(manager, ticket, EVENTS[type], from)).resolves.toBe(expected[0]);
          expect(calls).toEqual(expected[1]);
        }
      });
    }
  }

  for (const from of TICKET_STATUSES) {
    TICKET_STATUSES.forEach((to, column) => {
      const kind = STATUS_SET[from][column];
      it(`status_set from ${from} to ${to}: ${kind === '-' ? 'nothing' : STATUS_SET_EFFECTS[kind](to).join(', ')}`, async () => {
        const { lifecycle, calls } = harness();
        await expect(lifecycle.apply(manager, ticketIn(from), { type: 'status_set', staff, status: to })).resolves.toBe(to);
        expect(calls).toEqual(STATUS_SET_EFFECTS[kind](to));
      });
    });
  }

  it('status_set refuses a request that does not exist yet', () => {
    expect(() => nextStatus({ type: 'status_set', staff, status: 'resolved' }, 'none')).toThrow(TransitionRefused);
  });
});

describe('TicketLifecycle: what the effects carry', () => {
  it('issue 16: the events say what changed and who did it', async () => {
    const replied = harness();
    await replied.lifecycle.apply(manager, ticketIn('resolved'), EVENTS.participant_replied);
    expect(replied.domainEvents).toEqual([
      { type: 'message.added', ticketId: 'ticket-id', data: { trackingId: 'AAA-AAA-AAAA', messageId: '11', kind: 'participant_reply', attachments: 0, actor: { type: 'participant', name: 'Петро' } } },
      { type: 'ticket.updated', ticketId: 'ticket-id', data: { trackingId: 'AAA-AAA-AAAA', changes: [{ field: 'status', from: 'resolved', to: 'waiting_reply' }], actor: { type: 'participant', name: 'Петро' } } },
      { type: 'ticket.reopened', ticketId: 'ticket-id', data: { trackingId: 'AAA-AAA-AAAA', to: 'waiting_reply', actor: { type: 'participant', name: 'Петро' } } },
    ]);
    const noted = harness();
    await noted.lifecycle.apply(manager, ticketIn('new'), EVENTS.staff_noted);
    expect(noted.domainEvents.map((e) => e.data)).toEqual([expect.objectContaining({ kind: 'note', messageId: '13' })]);
    const closed = harness();
    await closed.lifecycle.apply(manager, ticketIn('replied'), EVENTS.auto_closed);
    expect(closed.domainEvents[1]).toEqual({ type: 'ticket.closed', ticketId: 'ticket-id', data: { trackingId: 'AAA-AAA-AAAA', from: 'replied', automatic: true, actor: { type: 'system', name: 'system' } } });
    const merged = harness();
    await merged.lifecycle.apply(manager, ticketIn('new'), EVENTS.merged);
    expect(merged.domainEvents).toEqual([
      { type: 'ticket.merged', ticketId: 'ticket-id', data: { trackingId: 'AAA-AAA-AAAA', into: { ticketId: 'target-id', trackingId: 'BBB-BBB-BBBB' }, messageIds: ['21', '22'], actor: { type: 'staff', name: 'Олена' } } },
    ]);
  });

  it('R-STAFF-1: a staff reply may leave the status staff choose; closing with it sends the closed e-mail (R-CLOSE-1)', async () => {
    const { lifecycle, calls, emails, audits } = harness();
    await expect(lifecycle.apply(manager, ticketIn('waiting_reply'), { ...EVENTS.staff_replied, status: 'resolved' } as TicketEvent)).resolves.toBe('resolved');
    expect(calls).toEqual(['status:resolved', 'audit:ticket.replied', 'event:message.added', 'email:staff_reply', ...CLOSED, 'email:ticket_closed']);
    expect(audits.map((a) => a.actor)).toEqual([{ type: 'staff', name: 'Олена' }, { type: 'staff', name: 'Олена' }]);
    expect(audits[0].details).toEqual({ messageId: '12', staffId: 'staff-1', attachments: 2 });
    expect(audits[1].details).toEqual({ from: 'waiting_reply', to: 'resolved' });
    expect(emails[0]).toEqual({
      template: 'staff_reply',
      recipient: 'petro@example.org',
      locale: 'en',
      ticketId: 'ticket-id',
      payload: { trackingId: 'AAA-AAA-AAAA', name: 'Петро', subject: 'Друк', message: 'Перезавантажте', staffName: 'Олена', messageId: '12' },
    });
    expect(emails[1]).toEqual({ template: 'ticket_closed', recipient: 'petro@example.org', locale: 'en', ticketId: 'ticket-id', payload: { trackingId: 'AAA-AAA-AAAA', name: 'Петро', subject: 'Друк', closedBy: 'staff' } });
  });

  it('issue 19: the participant closes and reopens as the participant, from the portal, and no one is e-mailed', async () => {
    const closed = harness();
    await closed.lifecycle.apply(manager, ticketIn('replied'), EVENTS.participant_closed);
    expect(closed.audits).toEqual([{ ticketId: 'ticket-id', actor: { type: 'participant', name: 'Петро' }, action: 'ticket.closed', details: { from: 'replied', to: 'resolved', channel: 'portal' } }]);
    expect(closed.domainEvents[1]).toEqual({ type: 'ticket.closed', ticketId: 'ticket-id', data: { trackingId: 'AAA-AAA-AAAA', from: 'replied', automatic: false, actor: { type: 'participant', name: 'Петро' } } });
    expect(closed.emails).toEqual([]);
    expect(closed.slaEvents).toEqual([expect.objectContaining({ type: 'status_set', status: 'resolved' })]);
    const reopened = harness();
    await reopened.lifecycle.apply(manager, ticketIn('resolved'), EVENTS.participant_reopened);
    expect(reopened.audits).toEqual([{ ticketId: 'ticket-id', actor: { type: 'participant', name: 'Петро' }, action: 'ticket.reopened', details: { from: 'resolved', to: 'waiting_reply', channel: 'portal' } }]);
    expect(reopened.emails).toEqual([]);
    expect(reopened.notifier.onParticipantReply).not.toHaveBeenCalled();
  });

  it('a note may change the status too, and a reply that keeps the status chosen writes no status audit', async () => {
    const noted = harness();
    await noted.lifecycle.apply(manager, ticketIn('new'), { ...EVENTS.staff_noted, status: 'resolved' } as TicketEvent);
    expect(noted.calls).toEqual(['status:resolved', 'audit:ticket.note_added', 'event:message.added', ...CLOSED, 'email:ticket_closed']);
    const kept = harness();
    await kept.lifecycle.apply(manager, ticketIn('on_hold'), { ...EVENTS.staff_replied, status: 'on_hold' } as TicketEvent);
    expect(kept.calls).toEqual(['status:on_hold', 'audit:ticket.replied', 'event:message.added', 'email:staff_reply']);
  });

  it('R-CLOSE-2: auto-close is the system, says so in the audit, and tells the participant it closed by itself', async () => {
    const { lifecycle, audits, emails } = harness();
    await lifecycle.apply(manager, ticketIn('replied'), EVENTS.auto_closed);
    expect(audits).toEqual([{ ticketId: 'ticket-id', actor: { type: 'system', name: 'system' }, action: 'ticket.closed', details: { from: 'replied', to: 'resolved', automatic: true, afterHours: 72 } }]);
    expect(emails.map((e) => e.payload)).toEqual([{ trackingId: 'AAA-AAA-AAAA', name: 'Петро', subject: 'Друк', closedBy: 'system' }]);
  });

  it('R-CLOSE-2, R-STAFF-2: a participant reopens a resolved request as the participant, and the staff notice gets their words', async () => {
    const { lifecycle, audits, notifier } = harness();
    const ticket = ticketIn('resolved');
    await lifecycle.apply(manager, ticket, EVENTS.participant_replied);
    expect(audits).toEqual([
      { ticketId: 'ticket-id', actor: { type: 'participant', name: 'Петро' }, action: 'ticket.replied', details: { channel: 'email', messageId: '11', attachments: 0, inboundId: '8' } },
      { ticketId: 'ticket-id', actor: { type: 'participant', name: 'Петро' }, action: 'ticket.reopened', details: { from: 'resolved', to: 'waiting_reply' } },
    ]);
    expect(notifier.onParticipantReply).toHaveBeenCalledWith(manager, ticket, 'Ще не працює');
  });

  it('R-MAIL-1, R-STAFF-2: opening confirms to the participant, tells staff, and audits the channel', async () => {
    const { lifecycle, audits, emails, notifier } = harness();
    const ticket = ticketIn('new');
    await lifecycle.apply(manager, ticket, EVENTS.opened, 'none');
    expect(emails).toEqual([
      { template: 'ticket_created', recipient: 'petro@example.org', locale: 'en', ticketId: 'ticket-id', payload: { trackingId: 'AAA-AAA-AAAA', number: 79, name: 'Петро', subject: 'Друк', message: 'Не працює друк' } },
    ]);
    expect(notifier.onNewTicket).toHaveBeenCalledWith(manager, ticket, 'Не працює друк');
    expect(audits).toEqual([{ ticketId: 'ticket-id', actor: { type: 'participant', name: 'Петро' }, action: 'ticket.created', details: { channel: 'web', attachments: 1, inboundId: '7' } }]);
  });

  it('issue 14: planOpened gives as rows what apply writes from none, but the request\'s id and number, which the statement that inserts it adds', async () => {
    const { lifecycle, audits, emails, notifier, domainEvents } = harness();
    const { id: _id, number: _number, categoryId: _category, status: _status, priority: _priority, ...opening } = ticketIn('new');
    await lifecycle.apply(manager, ticketIn('new'), EVENTS.opened, 'none');
    const rows = await lifecycle.planOpened(opening, EVENTS.opened as Extract<TicketEvent, { type: 'opened' }>);
    expect(rows.status).toBe(nextStatus(EVENTS.opened, 'none'));
    const { number, ...confirmation } = emails[0].payload as { number: number };
    expect(number).toBe(79);
    expect(rows.emails).toEqual([
      { template: emails[0].template, recipient: emails[0].recipient, locale: emails[0].locale, payload: confirmation, capKey: 'auto:petro@example.org', capPerHour: 10 },
    ]);
    expect(notifier.planNewTicket).toHaveBeenCalledWith(opening, 'Не працює друк');
    expect(rows.staffNotice).toEqual({ template: 'staff_new_ticket', notifyEmail: null, payload: { trackingId: 'AAA-AAA-AAAA', message: 'Не працює друк' } });
    expect(rows.audits).toEqual(audits.map(({ ticketId: _ticket, ...audit }) => audit));
    // Issue 16: the same `ticket.created`, but for what the insert adds (number, category), with its subscribers' deliveries.
    const [created] = domainEvents as Extract<NewDomainEvent, { type: 'ticket.created' }>[];
    const { number: _n, categoryId: _c, ...plannedData } = created.data;
    expect(created).toMatchObject({ type: 'ticket.created', ticketId: 'ticket-id', data: { number: 79, categoryId: 3 } });
    expect(rows.event).toEqual({ type: 'ticket.created', version: 1, payload: plannedData, subscribers: ['hook'] });
    expect(rows.sla['*'].policyId).toBe(1);
  });

  it('issue 19: the SLA clocks hear of an answer, a new question, or only the status a note, a merge or an automatic close leaves', async () => {
    const { lifecycle, slaEvents } = harness();
    await lifecycle.apply(manager, ticketIn('new'), EVENTS.staff_replied);
    await lifecycle.apply(manager, ticketIn('replied'), EVENTS.participant_replied);
    await lifecycle.apply(manager, ticketIn('waiting_reply'), EVENTS.staff_noted);
    await lifecycle.apply(manager, ticketIn('replied'), EVENTS.auto_closed);
    await lifecycle.apply(manager, ticketIn('in_progress'), EVENTS.merged);
    expect(slaEvents.map((event) => [event.type, event.status])).toEqual([
      ['staff_replied', 'replied'],
      ['participant_replied', 'waiting_reply'],
      ['status_set', nextStatus(EVENTS.staff_noted, 'waiting_reply')],
      ['status_set', 'resolved'],
      ['status_set', 'resolved'],
    ]);
  });

  it('issue 12.2: a merge moves the conversation, records which messages moved on both requests, and sends nothing', async () => {
    const { lifecycle, audits, emails, tickets } = harness();
    tickets.moveCopies.mockResolvedValueOnce([
      { contactId: 5, email: 'kept@a.test', state: 'colleague', carried: true, reason: null },
      { contactId: 6, email: 'rival@b.test', state: 'colleague', carried: false, reason: 'no_access' },
    ]);
    await lifecycle.apply(manager, ticketIn('in_progress'), EVENTS.merged);
    expect(tickets.merge).toHaveBeenCalledWith(manager, 'ticket-id', 'target-id', 'resolved');
    expect(tickets.moveCopies).toHaveBeenCalledWith(manager, 'ticket-id', 'target-id');
    // Issue 18: each colleague in copy the merge carried or dropped, on the request merged into.
    expect(audits).toEqual([
      { ticketId: 'ticket-id', actor: { type: 'staff', name: 'Олена' }, action: 'ticket.merged', details: { into: 'BBB-BBB-BBBB', messageIds: ['21', '22'] } },
      { ticketId: 'target-id', actor: { type: 'staff', name: 'Олена' }, action: 'ticket.merged_from', details: { from: 'AAA-AAA-AAAA', number: 79 } },
      { ticketId: 'target-id', actor: { type: 'staff', name: 'Олена' }, action: 'ticket.copy_carried', details: { contactId: 5, email: 'kept@a.test', from: 'AAA-AAA-AAAA' } },
      { ticketId: 'target-id', actor: { type: 'staff', name: 'Олена' }, action: 'ticket.copy_dropped', details: { contactId: 6, email: 'rival@b.test', from: 'AAA-AAA-AAAA', reason: 'no_access' } },
    ]);
    expect(emails).toEqual([]);
  });
});
