import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Locale,
  QueueCounts,
  QueuePage,
  QueueItem,
  QueueSort,
  StaffMessageResponse,
  StaffMessageView,
  StaffTicketView,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketFieldChange,
  AttachmentInspectionView,
  TicketOrganisationPanel,
  RelatedTickets,
  BULK_MAX_TICKETS,
  BulkTicketAction,
  BulkTicketResult,
  BulkTicketsResponse,
  TagRef,
  TAG_NAME_MAX_LENGTH,
  TAG_NAME_PATTERN,
  UpdateTicketRequest,
} from '@pidtrymka/contracts';
import { DataSource } from 'typeorm';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { AttachmentInspectionsService } from '../attachments/attachment-inspections.service';
import { AttachmentsService, IncomingFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/api.exception';
import { safeDisplayName } from '../common/display-name';
import { INT4_MAX, isCalendarDateTime, isInt4Text, isUuid } from '../common/validators';
import { EventsService } from '../events/events.service';
import { SlaClocks } from '../sla/sla-clocks.service';
import { normalizeTrackingId } from './tracking-id';
import { QueueFilterDto, QueueQueryDto } from './dto/queue.dto';
import { StaffMessageDto, UpdateTicketDto } from './dto/ticket-actions.dto';
import { OrganisationsService } from '../organisations/organisations.service';
import { Ownerships } from '../staff/ownerships';
import { StaffNotifier } from './staff-notifier.service';
import { TicketLifecycle } from './ticket-lifecycle';
import { canSeeCategory, StaffPrincipal, visibleCategories } from '../auth/staff-principal';
import { asLifecycleTicket, MessageRow, QueueFilter, StaffTicketsRepository, TicketRow } from './staff-tickets.repository';
import { StaffRepository } from '../staff/staff.repository';
import { StaffDraftsRepository } from './staff-drafts.repository';
import { AccountsRepository } from '../auth/accounts.repository';
import { translate } from '../i18n/messages';
import { TagsRepository } from './tags.repository';
import { SatisfactionRepository } from './satisfaction.repository';

const DEFAULT_PAGE_SIZE = 25;
/** A merge of a merge of…: followed this far, which no real chain reaches. */
const MAX_MERGE_HOPS = 10;

/** The staff side of requests: the queue, search, a request's page, replies and notes, changes, merges. */
@Injectable()
export class StaffTicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: StaffTicketsRepository,
    private readonly staff: StaffRepository,
    private readonly accounts: AccountsRepository,
    private readonly attachments: AttachmentsService,
    private readonly inspections: AttachmentInspectionsService,
    private readonly audit: AuditService,
    private readonly lifecycle: TicketLifecycle,
    private readonly notifier: StaffNotifier,
    private readonly ownerships: Ownerships,
    private readonly events: EventsService,
    private readonly organisations: OrganisationsService,
    private readonly satisfaction: SatisfactionRepository,
    private readonly sla: SlaClocks,
    private readonly drafts: StaffDraftsRepository,
    private readonly tags: TagsRepository,
  ) {}

  async queue(principal: StaffPrincipal, query: QueueQueryDto, locale: Locale): Promise<QueuePage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.tickets.queue(this.filter(principal, query), {
      sort: query.sort ?? 'updated',
      descending: (query.order ?? 'desc') === 'desc',
      limit: limit + 1,
      after: query.cursor ? decodeCursor(query.cursor, query.sort ?? 'updated') : undefined,
    }, { accountId: principal.id, unreadOnly: query.unread === 'true' });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const tags = await this.tags.ofTickets(page.map((row) => row.id));
    return {
      items: page.map((row) => toQueueItem(row, locale, tags.get(row.id))),
      nextCursor: rows.length > limit && last ? encodeCursor(last.sort_key, last.number) : null,
    };
  }

  async counts(principal: StaffPrincipal, query: QueueFilterDto): Promise<QueueCounts> {
    const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as QueueCounts;
    for (const row of await this.tickets.countByStatus(this.filter(principal, query))) counts[row.status] = row.count;
    return counts;
  }

  /** The whole request; an old tracking ID of a merged request leads to the one it was merged into. */
  async view(principal: StaffPrincipal, trackingId: string, locale: Locale): Promise<StaffTicketView> {
    const ticket = await this.findVisible(principal, trackingId, { followMerges: true });
    // Issue 17: seen before the messages are read, so a reply landing meanwhile is either shown here or stays unread.
    await this.tickets.markSeen(principal.id, ticket.id);
    const [messages, audit, sla, tags, sharing, satisfaction] = await Promise.all([
      this.tickets.messages(ticket.id),
      this.tickets.audit(ticket.id),
      this.sla.view(ticket.id),
      this.tags.ofTicket(ticket.id),
      this.tickets.sharing(ticket.id),
      this.satisfaction.answersOf(ticket.id),
    ]);
    const mergedInto = ticket.merged_into_id ? await this.tickets.findById(ticket.merged_into_id) : null;
    const inspections = await this.inspections.forStaff(messages.flatMap((m) => m.attachments.map((a) => a.id)));
    return {
      ...toQueueItem(ticket, locale, tags),
      locale: ticket.locale,
      channel: ticket.channel,
      mergedInto: mergedInto ? { trackingId: mergedInto.tracking_id } : null,
      messages: messages.map((m) => toMessageView(m, inspections)),
      // A participant in the audit trail is this request's participant (12.8: the name never reads as an address).
      audit: audit.map((a) => ({
        id: a.id,
        actorType: a.actor_type,
        actorName: a.actor_type === 'participant' ? safeDisplayName(a.actor_name, ticket.requester_email) : a.actor_name,
        action: a.action,
        details: a.details,
        createdAt: a.created_at.toISOString(),
      })),
      sla,
      visibility: sharing.visibility,
      copies: sharing.copies,
      satisfaction,
    };
  }

  /** Issue 18: the request page's organisation panel, for a request this person may see (a merged one leads to where it went). */
  async organisationPanel(principal: StaffPrincipal, trackingId: string): Promise<TicketOrganisationPanel> {
    const ticket = await this.findVisible(principal, trackingId, { followMerges: true });
    return this.organisations.panel(principal, { id: ticket.id, organisationId: ticket.organisation_id, requesterEmail: ticket.requester_email });
  }

  /** Issue 17: the participant's other requests this person may see (the organisation panel's list and visibility). */
  async related(principal: StaffPrincipal, trackingId: string): Promise<RelatedTickets> {
    const ticket = await this.findVisible(principal, trackingId, { followMerges: true });
    return { participant: await this.organisations.participantTickets(principal, { id: ticket.id, requesterEmail: ticket.requester_email }) };
  }

  /**
   * R-STAFF-1, R-MAIL-2: a reply (e-mailed to the participant) or a note
   * (never shown nor e-mailed to them). Refused with 409 and the messages the
   * author has not seen when the request got newer ones meanwhile.
   */
  async addMessage(principal: StaffPrincipal, trackingId: string, input: StaffMessageDto, files: IncomingFile[]): Promise<StaffMessageResponse> {
    const found = await this.findVisible(principal, trackingId);
    await this.attachments.checkAll(files);
    const stored = await this.attachments.storeAll(files);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const ticket = (await this.tickets.lock(manager, found.id))!;
        if (ticket.merged_into_id) throw new ApiException(HttpStatus.CONFLICT, 'ticket_merged');
        const newest = await this.tickets.newestMessageId(manager, ticket.id);
        if (BigInt(newest) > BigInt(input.lastSeenMessageId)) {
          const unseen = await this.tickets.messages(ticket.id, input.lastSeenMessageId, manager);
          const inspections = await this.inspections.forStaff(unseen.flatMap((m) => m.attachments.map((a) => a.id)));
          throw new ApiException(HttpStatus.CONFLICT, 'ticket_changed', {}, { newMessages: unseen.map((m) => toMessageView(m, inspections)) });
        }
        const internal = input.internal ?? false;
        const inserted = await this.tickets.insertStaffMessage(manager, {
          ticketId: ticket.id,
          staffId: principal.id,
          authorName: principal.name,
          authorEmail: principal.email,
          body: input.body,
          internal,
        });
        const attachments = await this.attachments.record(manager, ticket.id, inserted.id, stored);
        const staff = { id: principal.id, name: principal.name };
        const status = await this.lifecycle.apply(
          manager,
          asLifecycleTicket(ticket),
          internal
            ? { type: 'staff_noted', staff, messageId: inserted.id, attachments: stored.length, status: input.status }
            : {
                type: 'staff_replied',
                staff,
                messageId: inserted.id,
                message: input.body,
                attachments: stored.length,
                files: attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size })),
                status: input.status,
              },
        );
        // Issue 17: one's own reply is no news to oneself (the 409 above made sure every earlier message was seen).
        await this.tickets.markSeen(principal.id, ticket.id, manager);
        // Issue 17: the draft became this message; gone with it, or kept if sending fails.
        await this.drafts.remove(principal.id, ticket.id, internal ? 'note' : 'reply', manager);
        return {
          status,
          message: {
            id: inserted.id,
            authorType: 'staff',
            authorName: principal.name,
            authorEmail: principal.email,
            body: input.body,
            fullBody: null,
            channel: 'web',
            internal,
            createdAt: inserted.created_at.toISOString(),
            attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, preview: a.preview ?? 'none', inspections: [] })),
            rating: null,
          },
        };
      });
    } catch (error) {
      await this.attachments.discard(stored);
      throw error;
    }
  }

  /** Status (closing R-CLOSE-1, reopening), priority, category, owner, tags: each change audited, in one transaction. */
  async update(principal: StaffPrincipal, trackingId: string, input: UpdateTicketDto, locale: Locale): Promise<StaffTicketView> {
    const found = await this.findVisible(principal, trackingId);
    await this.applyUpdate(principal, found, input);
    return this.view(principal, found.tracking_id, locale);
  }

  /**
   * Issue 17: one change applied to many requests, each exactly as `update` applies it to one (the same
   * checks, audit entries, events, notices and SLA), each in its own transaction: a request refused (out
   * of the agent's categories, merged, an owner who cannot work its category) leaves the others changed,
   * and no lock is held on a hundred requests at once while agents and the live feed work on them.
   * One after another, not in parallel: one connection, and the audit reads in the order asked.
   */
  async bulk(principal: StaffPrincipal, trackingIds: string[], action: BulkTicketAction, locale: Locale): Promise<BulkTicketsResponse> {
    if (trackingIds.length > BULK_MAX_TICKETS) throw new ApiException(HttpStatus.BAD_REQUEST, 'bulk_too_many', { max: BULK_MAX_TICKETS });
    const hasChange = (['status', 'priority', 'categoryId', 'ownerId'] as const).some((key) => action[key] !== undefined) || !!action.addTags?.length || !!action.removeTags?.length;
    if (!hasChange) throw new ApiException(HttpStatus.BAD_REQUEST, 'bulk_nothing_to_do');
    // What is wrong for one is wrong for all: refused once, before any request changes.
    tagNames(action.addTags);
    tagNames(action.removeTags);
    if (action.categoryId !== undefined && !(await this.tickets.categoryExists(action.categoryId))) throw new ApiException(HttpStatus.BAD_REQUEST, 'category_not_found');
    const results: BulkTicketResult[] = [];
    const done = new Set<string>();
    for (const asked of trackingIds) {
      const key = normalizeTrackingId(asked) ?? asked;
      if (done.has(key)) continue;
      done.add(key);
      try {
        const found = await this.findVisible(principal, asked);
        await this.applyUpdate(principal, found, action);
        results.push({ trackingId: found.tracking_id, ok: true });
      } catch (error) {
        if (!(error instanceof ApiException)) throw error;
        const params = typeof error.params === 'function' ? error.params(locale) : error.params;
        results.push({ trackingId: key, ok: false, status: error.getStatus(), code: error.code, message: translate(locale, error.code, params) });
      }
    }
    const succeeded = results.filter((r) => r.ok).length;
    return { results, succeeded, failed: results.length - succeeded };
  }

  /** The one path of a staff change to a request they may see (`update` and `bulk`). */
  private async applyUpdate(principal: StaffPrincipal, found: TicketRow, input: UpdateTicketRequest): Promise<void> {
    if (input.categoryId !== undefined && !(await this.tickets.categoryExists(input.categoryId))) throw new ApiException(HttpStatus.BAD_REQUEST, 'category_not_found');
    const addTags = tagNames(input.addTags);
    const removeTags = tagNames(input.removeTags);
    await this.dataSource.transaction(async (manager) => {
      // Issue 12.3: the new owner's account is held (before the request, the order account changes take too)
      // so that a grant removed meanwhile either comes first and is seen here, or comes after and unassigns.
      if (input.ownerId) await this.staff.holdAccount(manager, input.ownerId, 'share');
      const ticket = (await this.tickets.lock(manager, found.id))!;
      if (ticket.merged_into_id) throw new ApiException(HttpStatus.CONFLICT, 'ticket_merged');
      const actor = { type: 'staff' as const, name: principal.name };
      const changes: Parameters<StaffTicketsRepository['update']>[2] = {};
      // Issue 16: one `ticket.updated` for the fields changed here; a status change is the lifecycle's (below).
      const changed: TicketFieldChange[] = [];
      if (input.priority !== undefined && input.priority !== ticket.priority) {
        changes.priority = input.priority;
        changed.push({ field: 'priority', from: ticket.priority, to: input.priority });
        await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'ticket.priority_changed', details: { from: ticket.priority, to: input.priority } });
      }
      const categoryId = input.categoryId ?? ticket.category_id;
      if (categoryId !== ticket.category_id) {
        changes.categoryId = categoryId;
        changed.push({ field: 'category', from: ticket.category_id, to: categoryId });
        await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'ticket.category_changed', details: { from: ticket.category_id, to: categoryId } });
      }
      if (input.ownerId !== undefined && input.ownerId !== ticket.owner_id) {
        const owner = input.ownerId === null ? null : await this.accounts.findById(input.ownerId, manager);
        if (input.ownerId !== null) {
          if (!owner || !owner.isActive) throw new ApiException(HttpStatus.BAD_REQUEST, 'owner_not_found');
          if (owner.role !== 'admin' && !(await this.accounts.grantsOf(owner.id, manager)).includes(categoryId)) throw new ApiException(HttpStatus.BAD_REQUEST, 'owner_cannot_see_ticket');
        }
        changes.ownerId = input.ownerId;
        changed.push({ field: 'owner', from: ticket.owner_id, to: input.ownerId });
        await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'ticket.assigned', details: { from: ticket.owner_id, to: input.ownerId, toName: owner?.name ?? null } });
        if (owner && owner.id !== principal.id) {
          await this.notifier.onAssigned(manager, asLifecycleTicket(ticket), { email: owner.email, locale: owner.locale, newRequestEmails: owner.newRequestEmails }, principal.name);
        }
      }
      if (input.organisationId !== undefined && input.organisationId !== ticket.organisation_id) {
        const organisation = input.organisationId === null ? null : await this.tickets.findLinkableOrganisation(input.organisationId, manager);
        if (input.organisationId !== null && !organisation) throw new ApiException(HttpStatus.BAD_REQUEST, 'organisation_not_found');
        if (organisation && !organisation.is_active) throw new ApiException(HttpStatus.BAD_REQUEST, 'organisation_not_linkable');
        changes.organisationId = input.organisationId;
        changed.push({ field: 'organisation', from: ticket.organisation_id, to: input.organisationId });
        await this.audit.record(manager, {
          ticketId: ticket.id,
          actor,
          action: 'ticket.organisation_changed',
          details: { from: ticket.organisation_id, to: input.organisationId, toName: organisation?.name_uk ?? null },
        });
      }
      // Issue 17: staff-only labels; they do not move `updated_at` (nothing a participant or a colleague must read),
      // but they are in the change's event, so open pages and queues (the live workspace) show them at once.
      if (addTags.length > 0 || removeTags.length > 0) {
        const before = (await this.tags.ofTicket(ticket.id, manager)).map((tag) => tag.name);
        let tagsChanged = false;
        for (const name of addTags) {
          const tag = await this.tags.ensure(manager, name);
          if (await this.tags.tag(manager, ticket.id, tag.id)) {
            tagsChanged = true;
            await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'ticket.tag_added', details: { tag: tag.name } });
          }
        }
        for (const name of removeTags) {
          const tag = await this.tags.findByName(name, manager);
          if (tag && (await this.tags.untag(manager, ticket.id, tag.id))) {
            tagsChanged = true;
            await this.audit.record(manager, { ticketId: ticket.id, actor, action: 'ticket.tag_removed', details: { tag: tag.name } });
          }
        }
        if (tagsChanged) changed.push({ field: 'tags', from: before.sort(), to: (await this.tags.ofTicket(ticket.id, manager)).map((tag) => tag.name).sort() });
      }
      if (Object.keys(changes).length > 0) await this.tickets.update(manager, ticket.id, changes);
      if (changed.length > 0) await this.events.record(manager, { type: 'ticket.updated', ticketId: ticket.id, data: { trackingId: ticket.tracking_id, changes: changed, actor } });
      // Issue 12.3: an owner who does not work the new category stops being the owner.
      if (changes.categoryId !== undefined) await this.ownerships.releaseLost(manager, { ticketId: ticket.id }, principal, 'category_changed');
      // The lifecycle sees the new priority and category: they choose the SLA policy (issue 19).
      const changedTicket = { ...asLifecycleTicket(ticket), priority: changes.priority ?? ticket.priority, categoryId };
      if (changes.priority !== undefined || changes.categoryId !== undefined) await this.lifecycle.reconsiderSla(manager, changedTicket);
      if (input.status !== undefined) await this.lifecycle.apply(manager, changedTicket, { type: 'status_set', staff: { name: principal.name }, status: input.status });
      // Issue 17: one's own change is no news to oneself.
      await this.tickets.markSeen(principal.id, ticket.id, manager);
    });
  }

  /**
   * Moves one request's conversation into another; the old tracking ID then
   * leads to the other one. Only within one participant (issue 12.2): the
   * participant sees the whole request they are led to, so a merge across
   * participants would show each the other's words and files. The database
   * refuses it too (trigger `tickets_merge_same_participant`).
   */
  async merge(principal: StaffPrincipal, trackingId: string, intoTrackingId: string, locale: Locale): Promise<StaffTicketView> {
    const source = await this.findVisible(principal, trackingId);
    const target = await this.findVisible(principal, intoTrackingId);
    if (source.id === target.id) throw new ApiException(HttpStatus.BAD_REQUEST, 'merge_into_itself');
    assertSameParticipant(source, target);
    await this.dataSource.transaction(async (manager) => {
      // Always in the same order, so two opposite merges cannot deadlock.
      const [first, second] = [source.id, target.id].sort();
      await this.tickets.lock(manager, first);
      await this.tickets.lock(manager, second);
      const [lockedSource, lockedTarget] = [await this.tickets.findById(source.id, manager), await this.tickets.findById(target.id, manager)];
      if (lockedSource!.merged_into_id || lockedTarget!.merged_into_id) throw new ApiException(HttpStatus.CONFLICT, 'ticket_merged');
      assertSameParticipant(lockedSource!, lockedTarget!);
      await this.lifecycle.apply(manager, asLifecycleTicket(lockedSource!), { type: 'merged', staff: { name: principal.name }, into: { id: target.id, trackingId: target.tracking_id } });
    });
    return this.view(principal, target.tracking_id, locale);
  }

  async download(principal: StaffPrincipal, trackingId: string, attachmentId: string): Promise<{ attachment: AttachmentEntity; content: Buffer }> {
    const ticket = await this.findVisible(principal, trackingId, { followMerges: true });
    const attachment = isUuid(attachmentId) ? await this.attachments.findInTicket(ticket.id, attachmentId) : null;
    const content = attachment ? await this.attachments.read(attachment) : null;
    if (!attachment || !content) throw new ApiException(HttpStatus.NOT_FOUND, 'attachment_not_found');
    return { attachment, content };
  }

  /** A request this person may see; 404 alike for one that does not exist and one outside their categories. */
  async findVisible(principal: StaffPrincipal, trackingIdInput: string, { followMerges = false } = {}): Promise<TicketRow> {
    const trackingId = normalizeTrackingId(trackingIdInput);
    let ticket = trackingId ? await this.tickets.findByTrackingId(trackingId) : null;
    for (let hop = 0; followMerges && ticket?.merged_into_id && hop < MAX_MERGE_HOPS; hop++) ticket = await this.tickets.findById(ticket.merged_into_id);
    if (!ticket || !canSeeCategory(principal, ticket.category_id)) throw new ApiException(HttpStatus.NOT_FOUND, 'ticket_not_found');
    return ticket;
  }

  /** Issue 17: how many requests a saved view's query shows this person (their categories), up to `cap`. */
  async countView(principal: StaffPrincipal, query: QueueQueryDto, cap: number): Promise<number> {
    return this.tickets.countCapped(this.filter(principal, query), cap, query.unread === 'true' ? principal.id : undefined);
  }

  private filter(principal: StaffPrincipal, query: QueueFilterDto): QueueFilter {
    return {
      visibleCategoryIds: visibleCategories(principal),
      statuses: query.status ? listOf(query.status, TICKET_STATUSES) : undefined,
      priorities: query.priority ? listOf(query.priority, TICKET_PRIORITIES) : undefined,
      categoryId: query.categoryId,
      organisationId: query.organisationId,
      owner: !query.owner ? undefined : query.owner === 'unassigned' ? { kind: 'unassigned' } : { kind: 'person', id: query.owner === 'me' ? principal.id : query.owner.toLowerCase() },
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
      updatedFrom: query.updatedFrom,
      updatedTo: query.updatedTo,
      search: query.q?.trim() ? searchTerms(query.q.trim()) : undefined,
      sla: query.sla,
      tagIds: query.tag ? query.tag.split(',').map(Number) : undefined,
    };
  }
}

/**
 * Ukrainian has no stemming configuration in PostgreSQL, so words are matched
 * as prefixes ('simple' configuration, `word:*`), and anything of three
 * characters or more also by trigrams anywhere in the name, e-mail or subject.
 */
const MAX_SEARCH_WORDS = 10;

export function searchTerms(q: string): NonNullable<QueueFilter['search']> {
  // The first ten words only, found one by one: matching them all first made a list as long as the query.
  const words: string[] = [];
  const word = /[\p{L}\p{N}]+/gu;
  for (let match = word.exec(q); match && words.length < MAX_SEARCH_WORDS; match = word.exec(q)) words.push(match[0].toLowerCase());
  return {
    trackingId: normalizeTrackingId(q),
    number: /^#?\d{1,9}$/.test(q) ? Number(q.replace('#', '')) : null,
    tsquery: words.length ? words.map((w) => `${w}:*`).join(' & ') : null,
    like: q.length >= 3 ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
  };
}

/** Issue 12.2: the requester's address, in any case, is who may read a request. */
export function sameParticipant(a: Pick<TicketRow, 'requester_email'>, b: Pick<TicketRow, 'requester_email'>): boolean {
  return a.requester_email.trim().toLowerCase() === b.requester_email.trim().toLowerCase();
}

function assertSameParticipant(source: TicketRow, target: TicketRow): void {
  if (sameParticipant(source, target)) return;
  throw new ApiException(HttpStatus.CONFLICT, 'merge_across_participants', {
    source: source.tracking_id,
    sourceEmail: source.requester_email,
    target: target.tracking_id,
    targetEmail: target.requester_email,
  });
}

const TAG_NAME = new RegExp(TAG_NAME_PATTERN, 'u');

/** Issue 17: a tag as stored: lower case, single spaces, so `VIP`, `vip ` and `Vip` are one tag. */
export function normalizeTagName(input: string): string {
  const name = input.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('uk');
  if (name.length === 0 || name.length > TAG_NAME_MAX_LENGTH || !TAG_NAME.test(name)) {
    throw new ApiException(HttpStatus.BAD_REQUEST, 'invalid_tag_name', { value: input.slice(0, TAG_NAME_MAX_LENGTH + 10), max: TAG_NAME_MAX_LENGTH });
  }
  return name;
}

function tagNames(names: string[] | undefined): string[] {
  return [...new Set((names ?? []).map(normalizeTagName))];
}

function listOf<T extends string>(value: string, allowed: readonly T[]): T[] {
  const items = value.split(',');
  const unknown = items.find((item) => !allowed.includes(item as T));
  if (unknown) throw new ApiException(HttpStatus.BAD_REQUEST, 'invalid_filter', { value: unknown });
  return items as T[];
}

function encodeCursor(key: string, number: number): string {
  return Buffer.from(JSON.stringify([key, number])).toString('base64url');
}

/** What a sort key of each order looks like as PostgreSQL wrote it (`…::text`), so nothing else reaches its cast. */
const CURSOR_KEYS: Record<QueueSort, (key: string) => boolean> = {
  updated: isCalendarDateTime,
  created: isCalendarDateTime,
  number: isInt4Text,
  priority: isInt4Text,
  due: (key) => key === 'infinity' || isCalendarDateTime(key),
};

/**
 * A cursor is the client's to send back, so it is checked like any input: base64url
 * of JSON `[key, number]`, the key of the order asked for (a date for `updated`, a
 * whole number for `number`…) and the number one an `integer` holds. Anything else
 * is a 400, never a query PostgreSQL refuses.
 */
function decodeCursor(cursor: string, sort: QueueSort): { key: string; number: number } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [key, number] = decoded as unknown[];
    if (typeof key === 'string' && key.length < 64 && CURSOR_KEYS[sort](key) && Number.isInteger(number) && (number as number) >= 1 && (number as number) <= INT4_MAX) {
      return { key, number: number as number };
    }
  }
  throw new ApiException(HttpStatus.BAD_REQUEST, 'invalid_cursor');
}

/** `unread`: the queue's flag (issue 17); a request's own page is being seen, so it is read. */
function toQueueItem(row: TicketRow & { unread?: boolean }, locale: Locale, tags: TagRef[] = []): QueueItem {
  return {
    id: row.id,
    trackingId: row.tracking_id,
    number: row.number,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    category: { id: row.category_id, name: locale === 'en' ? row.category_en : row.category_uk },
    // 12.8: a name that looks like an address never reads as one; the real address is always beside it.
    requester: { name: safeDisplayName(row.requester_name, row.requester_email), email: row.requester_email },
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    organisation: row.organisation_id ? { id: row.organisation_id, name: (locale === 'en' ? row.organisation_en : null) ?? row.organisation_uk ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    slaDueAt: row.sla_due_at ? new Date(row.sla_due_at).toISOString() : null,
    unread: row.unread ?? false,
    tags,
  };
}

function toMessageView(row: MessageRow, inspections: ReadonlyMap<string, AttachmentInspectionView[]>): StaffMessageView {
  return {
    id: row.id,
    authorType: row.author_type,
    authorName: row.author_type === 'participant' && row.author_email ? safeDisplayName(row.author_name, row.author_email) : row.author_name,
    authorEmail: row.author_email,
    body: row.body,
    fullBody: row.full_body ?? null,
    channel: row.channel,
    internal: row.is_internal,
    createdAt: new Date(row.created_at).toISOString(),
    attachments: row.attachments.map((a) => ({ ...a, inspections: inspections.get(a.id) ?? [] })),
    rating: row.rating ?? null,
  };
}
