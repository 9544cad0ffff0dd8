import { Injectable } from '@nestjs/common';
import type { EventActor, Locale, MessageAuthorType, NewDomainEvent, TicketCreatedEvent, TicketPriority, TicketStatus } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { AuditEvent, AuditService } from '../audit/audit.service';
import { EventsService, PlannedEvent } from '../events/events.service';
import { MailedAttachment, OutboxRow, OutboxRowInput, OutboxService } from '../notifications/outbox.service';
import type { SlaEvent } from '../sla/sla-clocks';
import { PlannedSlaByCategory, SlaClocks } from '../sla/sla-clocks.service';
import { NewTicketNotice, NotifiedTicket, StaffNotifier } from './staff-notifier.service';
import { TicketChannel } from './ticket.entity';
import { MergedCopy, TicketsRepository } from './tickets.repository';

/** Before `opened`, a request has no status: it does not exist yet. */
export type FromStatus = TicketStatus | 'none';

/** What a request is to its lifecycle, whichever query read it (the portal's entity or the workspace's row). */
export interface LifecycleTicket extends NotifiedTicket {
  /** The participant's language, for the e-mails they get. */
  locale: Locale;
  status: TicketStatus;
  /** With the category, which SLA policy the request falls under (issue 19). */
  priority: TicketPriority;
}

/** A request `opened` creates: the statement that inserts it gives it its id, its number and (none chosen) its category. */
export type OpeningTicket = Omit<LifecycleTicket, 'id' | 'number' | 'categoryId' | 'status' | 'priority'>;

/**
 * `opened`'s effects as rows, in the order its rule lists them, for
 * TicketsRepository.open to write in the very statement that inserts the
 * request (one round trip, issue 14); that statement adds to each e-mail the
 * request's `number`, and to every row the request's id.
 */
export interface OpenedRows {
  status: TicketStatus;
  emails: OutboxRow[];
  staffNotice: NewTicketNotice | null;
  audits: Omit<AuditEvent, 'ticketId'>[];
  /** `ticket.created`, but for the request's number and category, which the statement adds. */
  event: PlannedEvent | null;
  /** Issue 19: the SLA clocks for each category the request may land in (the statement picks by its category). */
  sla: PlannedSlaByCategory;
}

type OpenedEvent = Extract<TicketEvent, { type: 'opened' }>;

interface StaffActor {
  id?: string;
  name: string;
}

/** Everything that moves a request along, with what its effects need to know. */
export type TicketEvent =
  | { type: 'opened'; channel: TicketChannel; message: string; attachments: number; auditDetails?: Record<string, unknown> }
  | { type: 'participant_replied'; channel: TicketChannel; messageId: string; message: string; attachments: number; auditDetails?: Record<string, unknown>; author?: { name: string } }
  | { type: 'staff_replied'; staff: StaffActor & { id: string }; messageId: string; message: string; attachments: number; files?: MailedAttachment[]; status?: TicketStatus }
  | { type: 'staff_noted'; staff: StaffActor & { id: string }; messageId: string; attachments: number; status?: TicketStatus }
  | { type: 'status_set'; staff: StaffActor; status: TicketStatus }
  | { type: 'auto_closed'; afterHours: number }
  | { type: 'merged'; staff: StaffActor; into: { id: string; trackingId: string } }
  | { type: 'participant_closed' }
  | { type: 'participant_reopened' };
export type TicketEventType = TicketEvent['type'];

/**
 * The effects of a transition, run in the order a row lists them (the audit
 * trail keeps that order):
 * - `write_status`: the new status, and `updated_at`, even when the status stays (a message is news);
 * - `write_merge`: the conversation moves to the other request, this one takes the new status; its colleagues in copy
 *   move too where each may see the other request, the rest are dropped (issue 18);
 * - `audit_created`, `audit_message` (`ticket.replied` or `ticket.note_added`), `audit_merge` (both requests; each copy carried or dropped on the other);
 * - `audit_status`: when the status changed, `ticket.closed` (to resolved), `ticket.reopened` (from resolved) or `ticket.status_changed`;
 * - `email_confirmation` (R-MAIL-1), `email_staff_reply` (R-MAIL-2), `email_closed` (R-CLOSE-1/2: only when it became resolved);
 * - `notice_new_ticket`, `notice_participant_reply` (R-STAFF-2);
 * - `sla_clocks` (issue 19): the SLA clocks start, stop, pause (the participant's turn: `replied`, `on_hold`) and resume;
 *   a staff reply answers, a participant's reply after an answer starts the next-response clock;
 * - domain events (issue 16), for event-subscriber plugins: `event_created` (`ticket.created`),
 *   `event_message` (`message.added`: reply, participant_reply or note), `event_merged` (`ticket.merged`),
 *   `event_status`: when the status changed, `ticket.updated` (status from/to), then `ticket.closed`
 *   (to resolved) or `ticket.reopened` (from resolved). A merge closes silently: `ticket.merged` alone.
 */
export type LifecycleEffect =
  | 'write_status'
  | 'write_merge'
  | 'audit_created'
  | 'audit_message'
  | 'audit_merge'
  | 'audit_status'
  | 'email_confirmation'
  | 'email_staff_reply'
  | 'email_closed'
  | 'notice_new_ticket'
  | 'notice_participant_reply'
  | 'event_created'
  | 'event_message'
  | 'event_status'
  | 'event_merged'
  | 'sla_clocks';

/** A target status; `chosen`: the one staff pick; `refused`: this event cannot happen from this status. */
export type Target = TicketStatus | 'chosen' | 'refused';

export interface LifecycleRule {
  actor: MessageAuthorType;
  /** Staff may pick the status it leaves (the reply form's status menu), instead of the table's. */
  staffMayChoose: boolean;
  /** Nothing at all happens when the status would stay as it is. */
  onlyWhenChanged: boolean;
  to: Readonly<Record<FromStatus, Target>>;
  effects: readonly LifecycleEffect[];
}

const ALL_BUT_NONE = { new: 'new', waiting_reply: 'waiting_reply', replied: 'replied', in_progress: 'in_progress', on_hold: 'on_hold', resolved: 'resolved' } as const;

/**
 * Every way a request's status moves (R-VIEW-2, R-CLOSE-1, R-CLOSE-2, R-VIEW-5,
 * R-MAIL-4, R-STAFF-1, R-STAFF-2, issue 12.2), read as:
 *
 * | event               | none | new | waiting_reply | replied  | in_progress | on_hold  | resolved      | effects, in order |
 * |---------------------|------|-----|---------------|----------|-------------|----------|---------------|-------------------|
 * | opened              | new  | ✗   | ✗             | ✗        | ✗           | ✗        | ✗             | confirmation e-mail, staff notice, audit `ticket.created`, event `ticket.created` (the insert writes the status) |
 * | participant_replied | ✗    | new | waiting_reply | waiting_reply | waiting_reply | waiting_reply | waiting_reply (reopens) | status, audit `ticket.replied`, event `message.added`, staff notice, status audit, status events |
 * | staff_replied       | ✗    | replied or staff's choice, from every status                                  | | | | | | status, audit `ticket.replied`, event `message.added`, reply e-mail, status audit, status events, closed e-mail |
 * | staff_noted         | ✗    | unchanged or staff's choice, from every status                                | | | | | | status, audit `ticket.note_added`, event `message.added`, status audit, status events, closed e-mail |
 * | status_set          | ✗    | staff's choice, from every status (the same status: nothing happens)          | | | | | | status, status audit, status events, closed e-mail |
 * | auto_closed         | ✗    | ✗   | ✗             | resolved | ✗           | ✗        | ✗             | status, audit `ticket.closed` (system, automatic), status events, closed e-mail |
 * | merged              | ✗    | resolved, from every status (a merged-away request takes no event at all)     | | | | | | merge, audits `ticket.merged` and `ticket.merged_from`, event `ticket.merged`; no e-mail |
 * | participant_closed  | ✗    | resolved | resolved   | resolved | resolved    | resolved | ✗             | status, audit `ticket.closed` (participant), status events; no e-mail |
 * | participant_reopened| ✗    | ✗   | ✗             | ✗        | ✗           | ✗        | waiting_reply | status, audit `ticket.reopened` (participant), status events; no e-mail |
 *
 * ✗ is a refusal (TransitionRefused). Only staff and the scheduler send the
 * closed e-mail: a participant who closed their own request (issue 19) was
 * there, and R-CLOSE-1's e-mail would only echo their click. Reopening
 * from the portal is R-CLOSE-2 without the words: the request comes back to
 * the queue as "waiting reply", as a reply would leave it, but with no message
 * there is nothing for the staff notice to carry, so none is sent (the
 * queue, the live workspace and `ticket.reopened` say it). A merge closes silently.
 */
export const TICKET_LIFECYCLE: Readonly<Record<TicketEventType, LifecycleRule>> = {
  opened: {
    actor: 'participant',
    staffMayChoose: false,
    onlyWhenChanged: false,
    to: { none: 'new', new: 'refused', waiting_reply: 'refused', replied: 'refused', in_progress: 'refused', on_hold: 'refused', resolved: 'refused' },
    effects: ['email_confirmation', 'notice_new_ticket', 'audit_created', 'event_created', 'sla_clocks'],
  },
  participant_replied: {
    actor: 'participant',
    staffMayChoose: false,
    onlyWhenChanged: false,
    to: { none: 'refused', new: 'new', waiting_reply: 'waiting_reply', replied: 'waiting_reply', in_progress: 'waiting_reply', on_hold: 'waiting_reply', resolved: 'waiting_reply' },
    effects: ['write_status', 'audit_message', 'event_message', 'notice_participant_reply', 'audit_status', 'event_status', 'sla_clocks'],
  },
  staff_replied: {
    actor: 'staff',
    staffMayChoose: true,
    onlyWhenChanged: false,
    to: { none: 'refused', new: 'replied', waiting_reply: 'replied', replied: 'replied', in_progress: 'replied', on_hold: 'replied', resolved: 'replied' },
    effects: ['write_status', 'audit_message', 'event_message', 'email_staff_reply', 'audit_status', 'event_status', 'email_closed', 'sla_clocks'],
  },
  staff_noted: {
    actor: 'staff',
    staffMayChoose: true,
    onlyWhenChanged: false,
    to: { none: 'refused', ...ALL_BUT_NONE },
    effects: ['write_status', 'audit_message', 'event_message', 'audit_status', 'event_status', 'email_closed', 'sla_clocks'],
  },
  status_set: {
    actor: 'staff',
    staffMayChoose: true,
    onlyWhenChanged: true,
    to: { none: 'refused', new: 'chosen', waiting_reply: 'chosen', replied: 'chosen', in_progress: 'chosen', on_hold: 'chosen', resolved: 'chosen' },
    effects: ['write_status', 'audit_status', 'event_status', 'email_closed', 'sla_clocks'],
  },
  auto_closed: {
    actor: 'system',
    staffMayChoose: false,
    onlyWhenChanged: false,
    to: { none: 'refused', new: 'refused', waiting_reply: 'refused', replied: 'resolved', in_progress: 'refused', on_hold: 'refused', resolved: 'refused' },
    effects: ['write_status', 'audit_status', 'event_status', 'email_closed', 'sla_clocks'],
  },
  merged: {
    actor: 'staff',
    staffMayChoose: false,
    onlyWhenChanged: false,
    to: { none: 'refused', new: 'resolved', waiting_reply: 'resolved', replied: 'resolved', in_progress: 'resolved', on_hold: 'resolved', resolved: 'resolved' },
    effects: ['write_merge', 'audit_merge', 'event_merged', 'sla_clocks'],
  },
  participant_closed: {
    actor: 'participant',
    staffMayChoose: false,
    onlyWhenChanged: false,
    to: { none: 'refused', new: 'resolved', waiting_reply: 'resolved', replied: 'resolved', in_progress: 'resolved', on_hold: 'resolved', resolved: 'refused' },
    effects: ['write_status', 'audit_status', 'event_status', 'sla_clocks'],
  },
  participant_reopened: {
    actor: 'participant',
    staffMayChoose: false,
    onlyWhenChanged: false,
    to: { none: 'refused', new: 'refused', waiting_reply: 'refused', replied: 'refused', in_progress: 'refused', on_hold: 'refused', resolved: 'waiting_reply' },
    effects: ['write_status', 'audit_status', 'event_status', 'sla_clocks'],
  },
};

/** An event the table does not allow from the request's status: a caller's mistake, never a participant's or staff's input. */
export class TransitionRefused extends Error {
  constructor(
    readonly event: TicketEventType,
    readonly from: FromStatus,
  ) {
    super(`A request in status ${from} cannot take the event ${event}`);
  }
}

/** Where `event` takes a request in status `from`; throws TransitionRefused where the table says ✗. */
export function nextStatus(event: TicketEvent, from: FromStatus): TicketStatus {
  const rule = TICKET_LIFECYCLE[event.type];
  const target = rule.to[from];
  if (target === 'refused') throw new TransitionRefused(event.type, from);
  const chosen = rule.staffMayChoose && 'status' in event ? event.status : undefined;
  const to = chosen ?? target;
  if (to === 'chosen') throw new TransitionRefused(event.type, from);
  return to;
}

/** The audit action of a status change (R-CLOSE-1: closing; R-CLOSE-2: a reply reopens). */
export function statusChangeAction(from: TicketStatus, to: TicketStatus): 'ticket.closed' | 'ticket.reopened' | 'ticket.status_changed' {
  return to === 'resolved' ? 'ticket.closed' : from === 'resolved' ? 'ticket.reopened' : 'ticket.status_changed';
}

/**
 * The one place that applies a request's transitions (TICKET_LIFECYCLE),
 * inside the caller's transaction, with the request locked by the caller:
 * the status, the audit entries, the e-mails (outbox), the staff notices and
 * the domain events, all or nothing. The portal, mail-in, the workspace and the scheduler all
 * come through here.
 */
@Injectable()
export class TicketLifecycle {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly staffNotifier: StaffNotifier,
    private readonly events: EventsService,
    private readonly sla: SlaClocks,
  ) {}

  /**
   * Issue 18, "Colleagues in copy": the participant, then each colleague in
   * copy now, each greeted by their own name. Whether a colleague is still in
   * copy is asked again when the e-mail is sent (RecipientAccess).
   */
  private async recipients(manager: EntityManager, ticket: LifecycleTicket): Promise<{ email: string; name: string }[]> {
    const copies = await this.tickets.copyRecipients(manager, ticket.id);
    return [{ email: ticket.requesterEmail, name: ticket.requesterName }, ...copies.map((c) => ({ email: c.email, name: c.name || c.email }))];
  }

  /** Applies `event` to `ticket` (in status `from`, the ticket's own unless given); returns the new status. */
  async apply(manager: EntityManager, ticket: LifecycleTicket, event: TicketEvent, from: FromStatus = ticket.status): Promise<TicketStatus> {
    const rule = TICKET_LIFECYCLE[event.type];
    const to = nextStatus(event, from);
    if (rule.onlyWhenChanged && to === from) return to;
    const changed = from !== 'none' && to !== from;
    const actor = this.actor(rule.actor, ticket, event);
    let moved: string[] = [];
    let copies: MergedCopy[] = [];
    for (const effect of rule.effects) {
      switch (effect) {
        case 'write_status':
          await this.tickets.updateStatus(manager, ticket.id, to);
          break;
        case 'write_merge':
          if (event.type === 'merged') {
            moved = await this.tickets.merge(manager, ticket.id, event.into.id, to);
            copies = await this.tickets.moveCopies(manager, ticket.id, event.into.id);
          }
          break;
        case 'audit_merge':
          if (event.type === 'merged') {
            // Which messages moved, so that a merge can be told apart (and undone) exactly later.
            await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'ticket.merged', details: { into: event.into.trackingId, messageIds: moved } });
            await this.audit.record(manager, { ticketId: event.into.id, actor, action: 'ticket.merged_from', details: { from: ticket.trackingId, number: ticket.number } });
            // Issue 18: each colleague in copy the merge carried or dropped, on the request they would now be in copy of.
            for (const { contactId, email, carried, reason } of copies) {
              await this.audit.record(manager, {
                ticketId: event.into.id,
                actor,
                action: carried ? 'ticket.copy_carried' : 'ticket.copy_dropped',
                details: { contactId, email, from: ticket.trackingId, ...(reason ? { reason } : {}) },
              });
            }
          }
          break;
        case 'audit_created':
          if (event.type === 'opened') await this.audit.record(manager, { ticketId: ticket.id, ...createdAudit(actor, event) });
          break;
        case 'audit_message':
          await this.auditMessage(manager, ticket, event, actor);
          break;
        case 'audit_status':
          if (changed) {
            const details =
              event.type === 'auto_closed' ? { from, to, automatic: true, afterHours: event.afterHours }
              : event.type === 'participant_closed' || event.type === 'participant_reopened' ? { from, to, channel: 'portal' }
              : { from, to };
            await this.audit.record(manager, { ticketId: ticket.id, actor, action: statusChangeAction(from, to), details });
          }
          break;
        case 'email_confirmation':
          if (event.type === 'opened') {
            const email = confirmation(ticket, event);
            await this.outbox.enqueue(manager, { ...email, ticketId: ticket.id, payload: { ...email.payload, number: ticket.number } });
          }
          break;
        case 'email_staff_reply':
          if (event.type === 'staff_replied') {
            for (const to of await this.recipients(manager, ticket)) await this.outbox.enqueue(manager, {
              template: 'staff_reply',
              recipient: to.email,
              locale: ticket.locale,
              ticketId: ticket.id,
              payload: {
                trackingId: ticket.trackingId,
                name: to.name,
                subject: ticket.subject,
                message: event.message,
                staffName: actor.name,
                messageId: event.messageId,
                // Issue 17: by id only; the outbox worker reads the files when it sends.
                ...(event.files?.length ? { attachments: event.files } : {}),
              },
            });
          }
          break;
        case 'email_closed':
          if (changed && to === 'resolved') {
            for (const copy of await this.recipients(manager, ticket)) await this.outbox.enqueue(manager, {
              template: 'ticket_closed',
              recipient: copy.email,
              locale: ticket.locale,
              ticketId: ticket.id,
              payload: { trackingId: ticket.trackingId, name: copy.name, subject: ticket.subject, closedBy: actor.type === 'system' ? 'system' : 'staff' },
            });
          }
          break;
        case 'notice_new_ticket':
          if (event.type === 'opened') await this.staffNotifier.onNewTicket(manager, ticket, event.message);
          break;
        case 'notice_participant_reply':
          if (event.type === 'participant_replied') await this.staffNotifier.onParticipantReply(manager, ticket, event.message);
          break;
        case 'event_created':
          if (event.type === 'opened') {
            const created = createdEvent(ticket, event, actor);
            await this.events.record(manager, { ...created, ticketId: ticket.id, data: { ...created.data, number: ticket.number, categoryId: ticket.categoryId } });
          }
          break;
        case 'event_message':
          if (event.type === 'participant_replied' || event.type === 'staff_replied' || event.type === 'staff_noted') {
            const kind = event.type === 'participant_replied' ? 'participant_reply' : event.type === 'staff_noted' ? 'note' : 'reply';
            await this.events.record(manager, { type: 'message.added', ticketId: ticket.id, data: { trackingId: ticket.trackingId, messageId: event.messageId, kind, attachments: event.attachments, actor } });
          }
          break;
        case 'event_status':
          if (changed) for (const statusEvent of statusEvents(ticket, from, to, actor, event.type === 'auto_closed')) await this.events.record(manager, statusEvent);
          break;
        case 'sla_clocks':
          await this.sla.apply(manager, ticket, slaEvent(event, to));
          break;
        case 'event_merged':
          if (event.type === 'merged') {
            await this.events.record(manager, {
              type: 'ticket.merged',
              ticketId: ticket.id,
              data: { trackingId: ticket.trackingId, into: { ticketId: event.into.id, trackingId: event.into.trackingId }, messageIds: moved, actor },
            });
          }
          break;
      }
    }
    return to;
  }

  /** Issue 19: a new priority or category may put the request under another SLA policy; its clocks go on with that one's targets. */
  async reconsiderSla(manager: EntityManager, ticket: LifecycleTicket): Promise<void> {
    await this.sla.reconsider(manager, ticket);
  }

  /**
   * `opened` as rows (OpenedRows) rather than written: the same effects as
   * `apply` from `none`, for the statement that inserts the request and
   * them at once. An effect that needs the request to exist already has no
   * place in `opened`'s rule, and is refused here.
   */
  async planOpened(ticket: OpeningTicket, event: OpenedEvent): Promise<OpenedRows> {
    const rule = TICKET_LIFECYCLE.opened;
    const rows: OpenedRows = { status: nextStatus(event, 'none'), emails: [], staffNotice: null, audits: [], event: null, sla: {} };
    const actor = this.actor(rule.actor, ticket, event);
    for (const effect of rule.effects) {
      switch (effect) {
        case 'email_confirmation':
          rows.emails.push(this.outbox.row(confirmation(ticket, event)));
          break;
        case 'notice_new_ticket':
          rows.staffNotice = this.staffNotifier.planNewTicket(ticket, event.message);
          break;
        case 'audit_created':
          rows.audits.push(createdAudit(actor, event));
          break;
        case 'event_created':
          rows.event = this.events.plan(createdEvent(ticket, event, actor));
          break;
        case 'sla_clocks':
          rows.sla = await this.sla.planOpened(new Date(), rows.status);
          break;
        default:
          throw new Error(`The effect ${effect} cannot be written in the statement that opens a request`);
      }
    }
    return rows;
  }

  private async auditMessage(manager: EntityManager, ticket: LifecycleTicket, event: TicketEvent, actor: { type: MessageAuthorType; name: string }): Promise<void> {
    if (event.type === 'participant_replied') {
      await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'ticket.replied', details: { channel: event.channel, messageId: event.messageId, attachments: event.attachments, ...event.auditDetails } });
    } else if (event.type === 'staff_replied' || event.type === 'staff_noted') {
      await this.audit.record(manager, {
        ticketId: ticket.id,
        actor,
        action: event.type === 'staff_noted' ? 'ticket.note_added' : 'ticket.replied',
        details: { messageId: event.messageId, staffId: event.staff.id, attachments: event.attachments },
      });
    }
  }

  private actor(type: MessageAuthorType, ticket: Pick<LifecycleTicket, 'requesterName'>, event: TicketEvent): { type: MessageAuthorType; name: string } {
    // Issue 18: a colleague of the author replying on a shared request is the actor, not the author.
    if (type === 'participant') return { type, name: event.type === 'participant_replied' && event.author ? event.author.name : ticket.requesterName };
    if (type === 'staff' && 'staff' in event) return { type, name: event.staff.name };
    return { type: 'system', name: 'system' };
  }
}

/** R-MAIL-1: the participant's confirmation of a new request, but for its number (which `apply` has, and `planOpened` leaves to the database). */
function confirmation(ticket: OpeningTicket, event: OpenedEvent) {
  return {
    template: 'ticket_created',
    recipient: ticket.requesterEmail,
    locale: ticket.locale,
    payload: { trackingId: ticket.trackingId, name: ticket.requesterName, subject: ticket.subject, message: event.message },
  } satisfies OutboxRowInput;
}

/** `ticket.created` but for the number and category, which only the insert knows when the request is opened in one statement. */
function createdEvent(ticket: OpeningTicket, event: OpenedEvent, actor: EventActor): { type: 'ticket.created'; data: Omit<TicketCreatedEvent['data'], 'number' | 'categoryId'> } {
  return { type: 'ticket.created', data: { trackingId: ticket.trackingId, subject: ticket.subject, channel: event.channel, status: nextStatus(event, 'none'), actor } };
}

/** What a transition is to the SLA clocks: an answer, a new question, or only a status (a note, a merge, an automatic close). */
function slaEvent(event: TicketEvent, to: TicketStatus): SlaEvent {
  const at = new Date();
  if (event.type === 'staff_replied') return { type: 'staff_replied', at, status: to };
  if (event.type === 'participant_replied') return { type: 'participant_replied', at, status: to };
  if (event.type === 'opened') return { type: 'opened', at, status: to };
  return { type: 'status_set', at, status: to };
}

/** A status change: `ticket.updated` with it, then `ticket.closed` or `ticket.reopened` when it is one. */
function statusEvents(ticket: LifecycleTicket, from: TicketStatus, to: TicketStatus, actor: EventActor, automatic: boolean): NewDomainEvent[] {
  const events: NewDomainEvent[] = [{ type: 'ticket.updated', ticketId: ticket.id, data: { trackingId: ticket.trackingId, changes: [{ field: 'status', from, to }], actor } }];
  const action = statusChangeAction(from, to);
  if (action === 'ticket.closed') events.push({ type: 'ticket.closed', ticketId: ticket.id, data: { trackingId: ticket.trackingId, from, automatic, actor } });
  if (action === 'ticket.reopened') events.push({ type: 'ticket.reopened', ticketId: ticket.id, data: { trackingId: ticket.trackingId, to, actor } });
  return events;
}

function createdAudit(actor: { type: MessageAuthorType; name: string }, event: OpenedEvent): Omit<AuditEvent, 'ticketId'> {
  return { actor, action: 'ticket.created', details: { channel: event.channel, attachments: event.attachments, ...event.auditDetails } };
}
