import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AttachmentPreview, Locale, MessageAuthorType, ReplyRating, TicketPriority, TicketStatus } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { preparedQuery } from '../database/prepared-query';
import { blockedSecondsSql, CounterKey } from '../common/rate-limit-counters.repository';
import { WEBHOOK_SUBSCRIBERS } from '../events/events.repository';
import { CategoryEntity } from './category.entity';
import { MessageEntity } from './message.entity';
import { senderOrganisationSql } from '../organisations/sender-organisation.repository';
import { inCopyNow } from '../notifications/copy-recipients.repository';
import { categoryStaffCtes } from './staff-recipients.repository';
import type { OpenedRows } from './ticket-lifecycle';
import type { TicketCopyState } from './ticket-copy.entity';
import { TicketChannel, TicketEntity } from './ticket.entity';

export interface NewTicketRow {
  trackingId: string;
  /** The status TICKET_LIFECYCLE opens a request in. */
  status: TicketStatus;
  subject: string;
  requesterName: string;
  requesterEmail: string;
  locale: Locale;
  categoryId: number | null;
  channel: TicketChannel;
  /** Issue 18 (ORGANISATION_LINKING=auto): link the request to the one organisation its address points to, if there is one. */
  linkOrganisation: boolean;
  /** Issue 18: the author's choice; null: the default of the organisation the address points to (linked or not), else private. */
  visibility: 'organisation' | 'private' | null;
}

/** The participant's first message; its author is the requester. */
export interface FirstMessageRow {
  body: string;
  /** The whole e-mailed text when quote removal took something out of `body`. */
  fullBody?: string | null;
}

export interface InsertedTicket {
  id: string;
  number: number;
  categoryId: number;
  createdAt: Date;
  messageId: string;
}

export interface ParticipantViewRow {
  id: string;
  number: number;
  trackingId: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  requesterName: string;
  requesterEmail: string;
  createdAt: Date;
  updatedAt: Date;
  categoryId: number;
  categoryUk: string;
  categoryEn: string;
  /** Dates are JSON strings here. */
  messages: ParticipantViewMessage[];
}

/** What a participant's look-up statement read of its caller's look-up block (LookupLimiter.assertNotBlocked). */
export interface LookupBlock {
  /** Seconds the counter asked about stays blocked; null when it is not, or none was asked about. */
  blockedIn: number | null;
}

export interface ParticipantViewMessage {
  id: string;
  authorType: MessageAuthorType;
  authorName: string;
  authorEmail: string | null;
  body: string;
  fullBody: string | null;
  createdAt: string;
  attachments: { id: string; filename: string; size: number; preview: AttachmentPreview }[];
  rating: ReplyRating | null;
}

/** Issue 18: a request's visibility and the organisation it applies to. */
export interface SharingRow {
  visibility: 'organisation' | 'private';
  organisationId: number | null;
  nameUk: string | null;
  nameEn: string | null;
}

/** What a refused vote needs to know of the message it named (issue 19). */
/** Issue 18: a colleague the author may put in copy. */
export interface CopyCandidateRow {
  contactId: number;
  name: string;
  email: string;
  inCopy: boolean;
}

/** Issue 18: a colleague or an outside address put in or taken out of copy, for the audit. */
export interface CopyChange {
  /** Null for an outside address. */
  contactId: number | null;
  email: string;
  state: TicketCopyState;
}

/** Issue 18: an address outside the organisation the author put in copy. */
export interface OutsideCopyRow {
  id: string;
  email: string;
  state: 'pending' | 'approved';
}

/** Issue 18: an outside address waiting for an admin, with what the admin needs to judge it. */
export interface PendingCopyRow {
  id: string;
  email: string;
  addedBy: string;
  addedAt: Date;
  ticketId: string;
  trackingId: string;
  subject: string;
  requesterName: string;
  organisationId: number | null;
  organisationNameUk: string | null;
  organisationNameEn: string | null;
}

/**
 * Issue 18: what a merge did with a colleague in copy of the merged-away
 * request: carried into the other one, or dropped, and why (`author`: they
 * are its author, who gets its e-mails anyway; `no_access`: they may not see it;
 * `outside`: an address outside the organisation, approved, if at all, for the other request only).
 */
export interface MergedCopy extends CopyChange {
  carried: boolean;
  reason: 'author' | 'no_access' | 'outside' | null;
}

export interface RatedMessageRow {
  authorType: MessageAuthorType;
  internal: boolean;
  rating: ReplyRating | null;
}

export interface RequesterPageFilter {
  search?: string;
  status?: TicketStatus;
  sort: 'updated' | 'created';
  limit: number;
  offset: number;
}

export interface RequesterPageRow {
  trackingId: string;
  number: number;
  subject: string;
  status: TicketStatus;
  createdAt: Date;
  updatedAt: Date;
  /** Issue 18: false for a colleague's shared request, whose author is `authorName`. */
  mine: boolean;
  authorName: string | null;
}

export interface NewMessageRow {
  ticketId: string;
  authorType: MessageEntity['authorType'];
  authorName: string;
  authorEmail: string | null;
  body: string;
  fullBody?: string | null;
  channel: TicketChannel;
}

/**
 * `owned`: the request with tracking ID $1 if its participant's e-mail is $2
 * (any case), followed through merges — an old tracking ID leads to the
 * request it was merged into — as long as that is the same participant's.
 */
const OWNED_TICKET = `
  WITH RECURSIVE chain AS (
    SELECT t.id, t.merged_into_id, 0 AS hop FROM tickets t WHERE t.tracking_id = $1 AND lower(t.requester_email) = lower($2)
    UNION ALL
    SELECT t.id, t.merged_into_id, chain.hop + 1 FROM chain JOIN tickets t ON t.id = chain.merged_into_id
    WHERE chain.hop < 10 AND lower(t.requester_email) = lower($2)
  ), owned AS (SELECT id FROM chain ORDER BY hop DESC LIMIT 1)`;

/**
 * TicketsRepository.open. $1–$8 the ticket, $9–$10 its first message;
 * $11 the e-mails (OutboxRow[], JSON); $12 the staff notice's payload (null:
 * none) and $13 STAFF_NOTIFY_EMAIL (null: the category's staff); $14 the
 * audit entries ({actor, action, details}[], JSON); $15 the `ticket.created` event
 * (PlannedEvent, JSON; null: none), which gets the request's number and category,
 * and a delivery row for each of its subscribers (plugins, and the enabled
 * webhooks that chose its type: WEBHOOK_SUBSCRIBERS); $16 the SLA clocks by
 * category (PlannedSlaByCategory, JSON), of which the request's category's (or
 * `*`) are written with its nearest due time; $17 whether to link the request
 * to the one organisation its address points to (issue 18: a lookup by index
 * inside the insert, no extra round trip); $18 its visibility (null: that
 * organisation's default, linked or not). Data-modifying CTEs all
 * run, referenced or not, and the foreign keys to the new ticket are checked
 * at the statement's end.
 */
const OPEN_TICKET = `
  WITH ticket AS (
    INSERT INTO tickets (tracking_id, subject, requester_name, requester_email, locale, category_id, channel, status, sla_due_at, organisation_id, visibility)
    SELECT $1, $2, $3, $4, $5, chosen.category_id, $7, $8,
           (coalesce($16::jsonb -> chosen.category_id::text, $16::jsonb -> '*') ->> 'dueAt')::timestamptz,
           CASE WHEN $17::boolean THEN chosen.sender_organisation_id END,
           coalesce($18::varchar, (SELECT o.default_visibility FROM organisations o WHERE o.id = chosen.sender_organisation_id), 'private')
    FROM (SELECT COALESCE($6::integer, (SELECT id FROM categories WHERE is_default)) AS category_id,
                 ${senderOrganisationSql('$4::varchar')} AS sender_organisation_id) chosen
    ON CONFLICT (tracking_id) DO NOTHING
    RETURNING id, number, category_id, created_at, channel
  ), sla AS (
    INSERT INTO ticket_sla (ticket_id, policy_id, state, alert_at)
    SELECT ticket.id, (planned.value ->> 'policyId')::integer, planned.value -> 'state', (planned.value ->> 'alertAt')::timestamptz
    FROM ticket CROSS JOIN LATERAL (SELECT coalesce($16::jsonb -> ticket.category_id::text, $16::jsonb -> '*') AS value) planned
    WHERE planned.value IS NOT NULL
  ), message AS (
    INSERT INTO messages (ticket_id, author_type, author_name, author_email, body, full_body, channel, created_at)
    SELECT id, 'participant', $3, $4, $9, $10, channel, created_at FROM ticket
    RETURNING id
  ), ${categoryStaffCtes('(SELECT category_id FROM ticket)')}, notified AS (
    SELECT $13::text AS email, 'uk'::varchar AS locale WHERE $13::text IS NOT NULL
    UNION ALL
    SELECT email, locale FROM category_staff WHERE $13::text IS NULL
  ), emails AS (
    INSERT INTO outbox (template, recipient, locale, ticket_id, payload, status, cap_key, cap_per_hour)
    SELECT template, recipient, locale, ticket_id, payload, 'pending', cap_key, cap_per_hour FROM (
      SELECT 1 AS part, e.ord, e.value->>'template' AS template, e.value->>'recipient' AS recipient, e.value->>'locale' AS locale, ticket.id AS ticket_id,
             (e.value->'payload') || jsonb_build_object('number', ticket.number) AS payload,
             e.value->>'capKey' AS cap_key, (e.value->>'capPerHour')::integer AS cap_per_hour
      FROM ticket, jsonb_array_elements($11::jsonb) WITH ORDINALITY AS e(value, ord)
      UNION ALL
      SELECT 2, row_number() OVER (ORDER BY n.email), 'staff_new_ticket', n.email, n.locale, ticket.id,
             $12::jsonb || jsonb_build_object('number', ticket.number, 'category', CASE WHEN n.locale = 'en' THEN c.name_en ELSE c.name_uk END),
             NULL, NULL
      FROM ticket JOIN categories c ON c.id = ticket.category_id CROSS JOIN notified n
      WHERE $12::jsonb IS NOT NULL
    ) queued ORDER BY part, ord
  ), audit AS (
    INSERT INTO audit_log (ticket_id, actor_type, actor_name, action, details)
    SELECT ticket.id, a.value->'actor'->>'type', a.value->'actor'->>'name', a.value->>'action', coalesce(a.value->'details', '{}'::jsonb)
    FROM ticket, jsonb_array_elements($14::jsonb) WITH ORDINALITY AS a(value, ord)
    ORDER BY a.ord
  ), event AS (
    INSERT INTO events (ticket_id, type, version, payload)
    SELECT ticket.id, $15::jsonb->>'type', ($15::jsonb->>'version')::smallint,
           ($15::jsonb->'payload') || jsonb_build_object('number', ticket.number, 'categoryId', ticket.category_id)
    FROM ticket WHERE $15::jsonb IS NOT NULL
    RETURNING id, ticket_id
  ), deliveries AS (
    INSERT INTO event_deliveries (subscriber, event_id, ticket_id)
    SELECT s.name, event.id, event.ticket_id
    FROM event, (SELECT jsonb_array_elements_text($15::jsonb->'subscribers') UNION ALL ${WEBHOOK_SUBSCRIBERS("($15::jsonb->>'type')")}) AS s(name)
  )
  SELECT ticket.id, ticket.number, ticket.category_id AS "categoryId", ticket.created_at AS "createdAt", message.id AS "messageId"
  FROM ticket, message`;

/** The request page's columns, over a CTE `owned` of the one ticket's id. */
const viewOfOwned = (moreColumns = '') => `
  SELECT t.id, t.number, t.tracking_id AS "trackingId", t.subject, t.status, t.priority,
         t.requester_name AS "requesterName", t.requester_email AS "requesterEmail",
         t.created_at AS "createdAt", t.updated_at AS "updatedAt",
         t.category_id AS "categoryId", c.name_uk AS "categoryUk", c.name_en AS "categoryEn",
         coalesce((
           SELECT json_agg(json_build_object(
                    'id', m.id::text, 'authorType', m.author_type, 'authorName', m.author_name,
                    'authorEmail', m.author_email, 'body', m.body, 'fullBody', m.full_body, 'createdAt', m.created_at, 'rating', m.rating,
                    'attachments', coalesce((
                      SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'size', a.size, 'preview', coalesce(a.preview, 'none')) ORDER BY a.position)
                      FROM attachments a WHERE a.message_id = m.id), '[]'::json))
                  ORDER BY m.id)
           FROM messages m WHERE m.ticket_id = t.id AND NOT m.is_internal), '[]'::json) AS messages${moreColumns}
  FROM owned JOIN tickets t ON t.id = owned.id JOIN categories c ON c.id = t.category_id`;

/**
 * A participant's look-up reads its caller's look-up block in its own
 * statement, not in a round trip of its own (issue 14): $3 and $4 the
 * counter LookupLimiter.blockCheck names, NULL when there is none to check.
 */
const LOOKUP_BLOCKED = `(${blockedSecondsSql('$3::varchar', '$4::varchar')}) AS "blockedIn"`;

/** The request page's one statement, prepared once per connection (`findParticipantView`). */
/** Exported for the benchmark's floor (tests/bench/node-floor.mjs): the same read with nothing but node:http and pg. */
export const PARTICIPANT_VIEW = `${OWNED_TICKET}${viewOfOwned(`, ${LOOKUP_BLOCKED}`)}`;

/**
 * Issue 18, "Sharing, per request": true when the signed-in address `viewer`
 * may see request `t` as a colleague of its author: the request is shared,
 * its organisation is active, and both the viewer and the author are that
 * organisation's contacts. Decided from the current rows at every query, so
 * a contact removed, an organisation deactivated or a request made private
 * ends the access at once. The one rule every participant-facing read uses.
 */
function colleagueMaySee(t: string, viewer: string): string {
  return `(${t}.visibility = 'organisation' AND ${t}.organisation_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM organisations o
      JOIN organisation_contacts vc ON vc.organisation_id = o.id JOIN contacts v ON v.id = vc.contact_id
      JOIN organisation_contacts ac ON ac.organisation_id = o.id JOIN contacts a ON a.id = ac.contact_id
    WHERE o.id = ${t}.organisation_id AND o.is_active AND lower(v.email) = lower(${viewer}) AND lower(a.email) = lower(${t}.requester_email)))`;
}

/** The author's own (any case) or a colleague's shared request. */
function participantMaySee(t: string, viewer: string): string {
  return `(lower(${t}.requester_email) = lower(${viewer}) OR ${colleagueMaySee(t, viewer)})`;
}

/**
 * The request a signed-in participant opens by tracking ID ($1) as address $2:
 * merges are followed while each step is one they may see (the author's own
 * chain, as OWNED_TICKET; a colleague's only through shared requests).
 */
const ACCESSIBLE_TICKET = `
  WITH RECURSIVE chain AS (
    SELECT t.id, t.merged_into_id, 0 AS hop FROM tickets t WHERE t.tracking_id = $1 AND ${participantMaySee('t', '$2')}
    UNION ALL
    SELECT t.id, t.merged_into_id, chain.hop + 1 FROM chain JOIN tickets t ON t.id = chain.merged_into_id
    WHERE chain.hop < 10 AND ${participantMaySee('t', '$2')}
  )
  SELECT chain.id, chain.merged_into_id IS NOT NULL AS merged, lower(t.requester_email) = lower($2) AS mine, ${LOOKUP_BLOCKED}
  FROM chain JOIN tickets t ON t.id = chain.id ORDER BY chain.hop DESC LIMIT 1`;

/** The active organisations address $1 is a contact of. */
const VIEWER_ORGANISATIONS = `
  SELECT oc.organisation_id FROM contacts v JOIN organisation_contacts oc ON oc.contact_id = v.id JOIN organisations o ON o.id = oc.organisation_id AND o.is_active
  WHERE lower(v.email) = lower($1)`;

/** Every query of the tickets module. */
@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Opens a request in one statement, so one round trip (issue 14): the
   * ticket (in the default category unless one is given), its first message,
   * and what its `opened` transition writes (`rows`, TicketLifecycle.planOpened):
   * the e-mails, each given the request's number; the `ticket.created` event and
   * its deliveries (issue 16: no extra round trip); the staff notice, to the
   * category's staff (StaffRecipientsRepository's rule) or STAFF_NOTIFY_EMAIL,
   * with the category's name in each recipient's language; the audit entries.
   * Outbox rows keep the rule's order: the participant's e-mails, then the
   * notices by address. Null when the tracking ID is taken (the caller draws
   * another): then nothing is written, and a surrounding transaction goes on.
   *
   * Without `manager`, the statement runs on its own, through the pool as a
   * named prepared statement: a single statement is its own transaction, so
   * the request and its outbox rows commit together or not at all.
   */
  async open(manager: EntityManager | null, row: NewTicketRow, firstMessage: FirstMessageRow, rows: OpenedRows): Promise<InsertedTicket | null> {
    const values = [
      row.trackingId, row.subject, row.requesterName, row.requesterEmail, row.locale, row.categoryId, row.channel, row.status,
      firstMessage.body, firstMessage.fullBody ?? null,
      JSON.stringify(rows.emails), rows.staffNotice ? JSON.stringify(rows.staffNotice.payload) : null, rows.staffNotice?.notifyEmail ?? null, JSON.stringify(rows.audits),
      rows.event ? JSON.stringify(rows.event) : null,
      JSON.stringify(rows.sla),
      row.linkOrganisation,
      row.visibility,
    ];
    const inserted: InsertedTicket[] = manager ? await manager.query(OPEN_TICKET, values) : await preparedQuery<InsertedTicket>(this.dataSource, 'tickets.open', OPEN_TICKET, values);
    return inserted[0] ?? null;
  }

  async insertMessage(manager: EntityManager, row: NewMessageRow): Promise<MessageEntity> {
    const result = await manager.insert(MessageEntity, row);
    const generated = result.generatedMaps[0] as Pick<MessageEntity, 'id' | 'createdAt' | 'isInternal'>;
    return manager.create(MessageEntity, { ...row, ...generated });
  }

  /** The ticket row, locked until the transaction ends, so concurrent replies apply one after the other. */
  async lockTicket(manager: EntityManager, ticketId: string): Promise<TicketEntity | null> {
    return manager.findOne(TicketEntity, { where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
  }

  async updateStatus(manager: EntityManager, ticketId: string, status: TicketEntity['status']): Promise<void> {
    await manager.update(TicketEntity, { id: ticketId }, { status, updatedAt: () => 'now()' });
  }

  /**
   * Moves the conversation of `sourceId` into `targetId`, which becomes what
   * the old tracking ID leads to; the source takes `status`. Returns the ids
   * of the messages moved.
   */
  async merge(manager: EntityManager, sourceId: string, targetId: string, status: TicketStatus): Promise<string[]> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [moved] = await manager.query<[{ id: string }[], number]>(`UPDATE messages SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id::text`, [sourceId, targetId]);
    await manager.query(`UPDATE attachments SET ticket_id = $2 WHERE ticket_id = $1`, [sourceId, targetId]);
    await manager.query(`UPDATE tickets SET search_vector = search_vector || (SELECT search_vector FROM tickets WHERE id = $1), updated_at = now() WHERE id = $2`, [sourceId, targetId]);
    await manager.query(`UPDATE tickets SET merged_into_id = $2, status = $3, updated_at = now() WHERE id = $1`, [sourceId, targetId, status]);
    return moved.map((row) => row.id);
  }

  /**
   * Issue 18: a merge takes the merged-away request's colleagues in copy
   * along only where each may see the request it joins by the participant
   * rule (colleagueMaySee, as it stands at the merge: its organisation,
   * shared, both they and its author contacts); the others are dropped. An
   * outside address (pending or approved) is never carried: an admin vouched
   * for it on that request alone, and the other may be another company's
   * (`outside`). The merged-away request keeps none, so no copy of it leads a
   * reply into the other one. Run under both requests' locks, in the merge's
   * transaction.
   */
  async moveCopies(manager: EntityManager, sourceId: string, targetId: string): Promise<MergedCopy[]> {
    return manager.query(
      `WITH gone AS (DELETE FROM ticket_copies WHERE ticket_id = $1 RETURNING contact_id, email, state, added_by),
       judged AS (
         SELECT g.contact_id, g.added_by, g.state, coalesce(g.email, lower(c.email)) AS email,
                CASE WHEN g.state <> 'colleague' THEN 'outside'
                     WHEN lower(c.email) = lower(t.requester_email) THEN 'author'
                     WHEN NOT ${colleagueMaySee('t', 'c.email')} THEN 'no_access' END AS reason
         FROM gone g LEFT JOIN contacts c ON c.id = g.contact_id CROSS JOIN tickets t WHERE t.id = $2),
       carried AS (
         INSERT INTO ticket_copies (ticket_id, contact_id, added_by) SELECT $2, contact_id, added_by FROM judged WHERE reason IS NULL
         ON CONFLICT DO NOTHING RETURNING contact_id)
       SELECT contact_id AS "contactId", email, state, reason IS NULL AS carried, reason FROM judged ORDER BY email, contact_id`,
      [sourceId, targetId],
    );
  }

  /** The request with this tracking ID if it is this participant's, after following merges. */
  async findOwned(trackingId: string, email: string): Promise<TicketEntity | null> {
    return (await this.findOwnedLookup(trackingId, email, null))?.ticket ?? null;
  }

  /** findOwned for a participant's look-up, reading the block of look-up counter `check` too. */
  async findOwnedLookup(trackingId: string, email: string, check: CounterKey | null): Promise<({ ticket: TicketEntity } & LookupBlock) | null> {
    const rows: ({ id: string } & LookupBlock)[] = await this.dataSource.query(`${OWNED_TICKET} SELECT id, ${LOOKUP_BLOCKED} FROM owned`, [
      trackingId,
      email,
      check?.key ?? null,
      check?.throttler ?? null,
    ]);
    const ticket = rows[0] ? await this.dataSource.getRepository(TicketEntity).findOneBy({ id: rows[0].id }) : null;
    return ticket ? { ticket, blockedIn: rows[0].blockedIn } : null;
  }

  /**
   * The request page in one round trip (the portal's hottest read): the
   * participant's ticket (after merges), its category, and every message but
   * staff notes, oldest first, with attachments; and the block of look-up
   * counter `check`.
   */
  async findParticipantView(trackingId: string, email: string, check: CounterKey | null): Promise<(ParticipantViewRow & LookupBlock) | null> {
    const rows = await preparedQuery<ParticipantViewRow & LookupBlock>(this.dataSource, 'tickets.participant-view', PARTICIPANT_VIEW, [
      trackingId,
      email,
      check?.key ?? null,
      check?.throttler ?? null,
    ]);
    return rows[0] ?? null;
  }

  /**
   * Issue 19: the participant's one vote on a staff reply of this request;
   * the id of the reply voted on, or null when nothing was written: no such
   * reply here (another request's, a note, their own message) or one voted
   * on already. One statement, so two votes at once cannot both count.
   */
  async rateReply(manager: EntityManager, ticketId: string, messageId: string, rating: ReplyRating): Promise<string | null> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE messages SET rating = $3, rated_at = now()
       WHERE id = $2::bigint AND ticket_id = $1 AND author_type = 'staff' AND NOT is_internal AND rating IS NULL
       RETURNING id::text`,
      [ticketId, messageId, rating],
    );
    return rows[0]?.id ?? null;
  }

  /** A message of this request, for telling why a vote was refused. */
  async findMessageOf(manager: EntityManager, ticketId: string, messageId: string): Promise<RatedMessageRow | null> {
    const rows = await manager.query<RatedMessageRow[]>(
      `SELECT author_type AS "authorType", is_internal AS internal, rating FROM messages WHERE id = $2::bigint AND ticket_id = $1`,
      [ticketId, messageId],
    );
    return rows[0] ?? null;
  }

  /** An attachment of a message the participant may see. */
  async findPublicAttachment(ticketId: string, attachmentId: string): Promise<AttachmentEntity | null> {
    return this.dataSource
      .getRepository(AttachmentEntity)
      .createQueryBuilder('attachment')
      .innerJoin(MessageEntity, 'message', 'message.id = attachment.message_id AND NOT message.is_internal')
      .where('attachment.id = :attachmentId AND attachment.ticket_id = :ticketId', { attachmentId, ticketId })
      .getOne();
  }

  /** The newest requests of one address, for the "your requests" e-mail (R-VIEW-4). */
  async findByRequesterEmail(email: string, limit: number): Promise<TicketEntity[]> {
    return this.dataSource
      .getRepository(TicketEntity)
      .createQueryBuilder('ticket')
      .where('lower(ticket.requester_email) = lower(:email)', { email })
      // A merged-away request is listed as the one it was merged into, which is listed anyway.
      .andWhere('ticket.merged_into_id IS NULL')
      .orderBy('ticket.created_at', 'DESC')
      .limit(limit)
      .getMany();
  }

  /**
   * Issue 18, "My requests": one page of an address's requests (any case), a
   * merged-away one listed as the one it was merged into, as R-VIEW-4's e-mail
   * lists them; `search` is part of the subject or tracking ID, as typed (its
   * LIKE wildcards match themselves). Rows and the total of the filter, counted
   * up to `countCap` + 1 (so a total over the cap reads as cap + 1).
   */
  async pageOfRequester(email: string, filter: RequesterPageFilter, countCap: number): Promise<[RequesterPageRow[], number]> {
    // Issue 18: and the colleagues' requests shared with the participant's organisations. As = ANY(ARRAY(…)), the
    // organisations are read first and each side of the OR is an index scan; as IN (…), the planner scanned every
    // request linked to any organisation (200k requests, 40k linked: 2.2–2.9 s against 14–31 ms).
    const where = [
      `(lower(t.requester_email) = lower($1) OR (t.organisation_id = ANY (ARRAY(${VIEWER_ORGANISATIONS})) AND ${colleagueMaySee('t', '$1')}))`,
      't.merged_into_id IS NULL',
    ];
    const values: unknown[] = [email];
    if (filter.status) {
      values.push(filter.status);
      where.push(`t.status = $${values.length}`);
    }
    if (filter.search) {
      values.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(t.subject ILIKE $${values.length} OR t.tracking_id ILIKE $${values.length})`);
    }
    const order = filter.sort === 'created' ? 't.created_at DESC, t.id DESC' : 't.updated_at DESC, t.id DESC';
    // The page and the total apart: with count(*) OVER () the planner walked the whole table in the list's order (the LIMIT
    // promising an early stop the window never allows), 280 ms of SQL for a contact seeing 33,333 of 100,000 requests;
    // the page alone stops after its rows (0.6 ms) and the count takes its own plan.
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<RequesterPageRow[]>(
        `SELECT t.tracking_id AS "trackingId", t.number, t.subject, t.status, t.created_at AS "createdAt", t.updated_at AS "updatedAt",
                lower(t.requester_email) = lower($1) AS mine, t.requester_name AS "authorName"
         FROM tickets t WHERE ${where.join(' AND ')}
         ORDER BY ${order} LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
        [...values, filter.limit, filter.offset],
      ),
      // Counted only as far as the page shows it: every match past the cap would be read for nothing.
      this.dataSource.query<{ total: string }[]>(`SELECT count(*) AS total FROM (SELECT 1 FROM tickets t WHERE ${where.join(' AND ')} LIMIT $${values.length + 1}) capped`, [
        ...values,
        countCap + 1,
      ]),
    ]);
    return [
      rows.map((r) => ({ trackingId: r.trackingId, number: r.number, subject: r.subject, status: r.status, createdAt: r.createdAt, updatedAt: r.updatedAt, mine: r.mine, authorName: r.mine ? null : r.authorName })),
      Number(total),
    ];
  }

  /**
   * Issue 18: the request a signed-in participant may open by this tracking ID (their own or a colleague's shared one), after merges;
   * and the block of look-up counter `check`.
   */
  async findAccessible(trackingId: string, email: string, check: CounterKey | null): Promise<({ ticket: TicketEntity; merged: boolean; mine: boolean } & LookupBlock) | null> {
    const rows: ({ id: string; merged: boolean; mine: boolean } & LookupBlock)[] = await this.dataSource.query(ACCESSIBLE_TICKET, [
      trackingId,
      email,
      check?.key ?? null,
      check?.throttler ?? null,
    ]);
    const ticket = rows[0] ? await this.dataSource.getRepository(TicketEntity).findOneBy({ id: rows[0].id }) : null;
    return ticket ? { ticket, merged: rows[0].merged, mine: rows[0].mine, blockedIn: rows[0].blockedIn } : null;
  }

  /** The request page's row for a request whose access the caller has checked. */
  async findViewById(ticketId: string): Promise<ParticipantViewRow | null> {
    const rows: ParticipantViewRow[] = await this.dataSource.query(`WITH owned AS (SELECT $1::uuid AS id)${viewOfOwned()}`, [ticketId]);
    return rows[0] ?? null;
  }

  /** Issue 18: its visibility, and the organisation it applies to: the request's, when active and its author is a contact of it (null otherwise). */
  async sharingOf(ticketId: string): Promise<SharingRow | null> {
    const rows: SharingRow[] = await this.dataSource.query(
      `SELECT t.visibility, o.id AS "organisationId", o.name_uk AS "nameUk", o.name_en AS "nameEn"
       FROM tickets t
       LEFT JOIN organisations o ON o.id = t.organisation_id AND o.is_active AND EXISTS (
         SELECT 1 FROM organisation_contacts ac JOIN contacts a ON a.id = ac.contact_id WHERE ac.organisation_id = o.id AND lower(a.email) = lower(t.requester_email))
       WHERE t.id = $1`,
      [ticketId],
    );
    return rows[0] ?? null;
  }

  /** Issue 18: the author's change of visibility, locked with the row; the visibility before, null when the request is gone. */
  async setVisibility(manager: EntityManager, ticketId: string, visibility: 'organisation' | 'private'): Promise<'organisation' | 'private' | null> {
    const rows: { before: 'organisation' | 'private' }[] = await manager.query(`SELECT visibility AS before FROM tickets WHERE id = $1 FOR UPDATE`, [ticketId]);
    if (rows[0]) await manager.query(`UPDATE tickets SET visibility = $2 WHERE id = $1`, [ticketId, visibility]);
    return rows[0]?.before ?? null;
  }

  /**
   * Issue 18: who the author may put in copy (the other contacts of the
   * request's organisation while it is active), and whether each is.
   */
  async copyCandidates(ticketId: string): Promise<CopyCandidateRow[]> {
    return this.dataSource.query(
      `SELECT c.id AS "contactId", c.name, c.email, EXISTS (SELECT 1 FROM ticket_copies tc WHERE tc.ticket_id = t.id AND tc.contact_id = c.id) AS "inCopy"
       FROM tickets t JOIN organisations o ON o.id = t.organisation_id AND o.is_active
         JOIN organisation_contacts oc ON oc.organisation_id = o.id JOIN contacts c ON c.id = oc.contact_id
       WHERE t.id = $1 AND lower(c.email) <> lower(t.requester_email)
       ORDER BY c.name, lower(c.email)`,
      [ticketId],
    );
  }

  /** Issue 18: the outside addresses in copy of a request, pending or approved. */
  async outsideCopies(ticketId: string): Promise<OutsideCopyRow[]> {
    return this.dataSource.query(`SELECT id, email, state FROM ticket_copies WHERE ticket_id = $1 AND state <> 'colleague' ORDER BY email`, [ticketId]);
  }

  /**
   * Issue 18: makes the copy exactly these contacts and outside addresses
   * (lower-cased), under the ticket's row lock so two tabs change it one after
   * the other; a new outside address is pending, one kept keeps its state.
   * Who was added and who removed, for the audit.
   */
  async replaceCopies(
    manager: EntityManager,
    ticketId: string,
    contactIds: readonly number[],
    outside: readonly string[],
    addedBy: string,
  ): Promise<{ added: CopyChange[]; removed: CopyChange[] }> {
    await manager.query(`SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE`, [ticketId]);
    // The address as it is now: a contact who left the organisation meanwhile is still named in the audit.
    const [removed] = await manager.query<[CopyChange[], number]>(
      `DELETE FROM ticket_copies tc WHERE tc.ticket_id = $1
         AND CASE WHEN tc.state = 'colleague' THEN NOT (tc.contact_id = ANY ($2::int[])) ELSE NOT (tc.email = ANY ($3::text[])) END
       RETURNING tc.contact_id AS "contactId", coalesce(tc.email, (SELECT lower(c.email) FROM contacts c WHERE c.id = tc.contact_id)) AS email, tc.state`,
      [ticketId, contactIds, outside],
    );
    const colleagues: CopyChange[] = await manager.query(
      `WITH added AS (INSERT INTO ticket_copies (ticket_id, contact_id, added_by) SELECT $1, unnest($2::int[]), $3 ON CONFLICT DO NOTHING RETURNING contact_id, state)
       SELECT a.contact_id AS "contactId", lower(c.email) AS email, a.state FROM added a JOIN contacts c ON c.id = a.contact_id`,
      [ticketId, contactIds, addedBy],
    );
    const others: CopyChange[] = await manager.query(
      `INSERT INTO ticket_copies (ticket_id, email, state, added_by) SELECT $1, unnest($2::text[]), 'pending', $3 ON CONFLICT DO NOTHING
       RETURNING contact_id AS "contactId", email, state`,
      [ticketId, outside, addedBy],
    );
    return { added: [...colleagues, ...others], removed };
  }

  /** Issue 18: the outside addresses waiting for an admin, oldest first. */
  async pendingCopies(limit: number): Promise<PendingCopyRow[]> {
    return this.dataSource.query(
      `SELECT tc.id, tc.email, tc.added_by AS "addedBy", tc.added_at AS "addedAt", t.id AS "ticketId", t.tracking_id AS "trackingId", t.subject,
              t.requester_name AS "requesterName", o.id AS "organisationId", o.name_uk AS "organisationNameUk", o.name_en AS "organisationNameEn"
       FROM ticket_copies tc JOIN tickets t ON t.id = tc.ticket_id LEFT JOIN organisations o ON o.id = t.organisation_id
       WHERE tc.state = 'pending' ORDER BY tc.added_at, tc.id LIMIT $1`,
      [limit],
    );
  }

  /**
   * Issue 18: an admin's decision on a pending outside address: approved, or
   * refused and so deleted. Null when no such copy is pending (decided
   * meanwhile, or taken out by the author).
   */
  async decideCopy(manager: EntityManager, copyId: string, approve: boolean): Promise<{ ticketId: string; email: string } | null> {
    const [rows] = await manager.query<[{ ticketId: string; email: string }[], number]>(
      approve
        ? `UPDATE ticket_copies SET state = 'approved' WHERE id = $1 AND state = 'pending' RETURNING ticket_id AS "ticketId", email`
        : `DELETE FROM ticket_copies WHERE id = $1 AND state = 'pending' RETURNING ticket_id AS "ticketId", email`,
      [copyId],
    );
    return rows[0] ?? null;
  }

  /** Issue 18: the addresses in copy of a request now (see inCopyNow), for the e-mails its author gets. */
  async copyRecipients(manager: EntityManager, ticketId: string): Promise<{ email: string; name: string }[]> {
    return manager.query(
      `SELECT r.email, r.name FROM tickets t JOIN ticket_copies tc ON tc.ticket_id = t.id LEFT JOIN contacts cc ON cc.id = tc.contact_id
         CROSS JOIN LATERAL (SELECT lower(coalesce(cc.email, tc.email)) AS email, coalesce(cc.name, '') AS name) r
       WHERE t.id = $1 AND tc.state <> 'pending' AND r.email <> lower(t.requester_email) AND ${inCopyNow('t', 'r.email')} ORDER BY 1`,
      [ticketId],
    );
  }

  /**
   * R-MAIL-7 with issue 18: the request with this tracking ID, or the one it
   * was merged into, if address $2 is in copy of that live request now; its
   * reply joins it. Judged at the end of the merge chain: a copy of the
   * merged-away request is no way into the one it joined.
   */
  async findCopied(trackingId: string, email: string): Promise<TicketEntity | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE chain AS (
         SELECT t.id, t.merged_into_id, 0 AS hop FROM tickets t WHERE t.tracking_id = $1
         UNION ALL
         SELECT t.id, t.merged_into_id, chain.hop + 1 FROM chain JOIN tickets t ON t.id = chain.merged_into_id WHERE chain.hop < 10
       )
       SELECT t.id FROM chain JOIN tickets t ON t.id = chain.id WHERE t.merged_into_id IS NULL AND ${inCopyNow('t', '$2')}`,
      [trackingId, email],
    );
    return rows[0] ? this.dataSource.getRepository(TicketEntity).findOneBy({ id: rows[0].id }) : null;
  }

  /**
   * Issue 18: whether address $2 may still write into request $1 as a
   * colleague (it may see it, or is in copy of it now): asked of the request
   * a merge led their reply into, in the reply's transaction.
   */
  async colleagueMayWrite(manager: EntityManager, ticketId: string, email: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM tickets t WHERE t.id = $1 AND (${participantMaySee('t', '$2')} OR ${inCopyNow('t', '$2')})`, [ticketId, email]);
    return rows.length > 0;
  }

  /** Issue 18: the active organisations an address is a contact of, for its own signed-in session only. */
  async organisationsOfContact(email: string): Promise<{ id: number; nameUk: string; nameEn: string | null; defaultVisibility: 'organisation' | 'private' }[]> {
    return this.dataSource.query(
      `SELECT o.id, o.name_uk AS "nameUk", o.name_en AS "nameEn", o.default_visibility AS "defaultVisibility"
       FROM contacts c JOIN organisation_contacts oc ON oc.contact_id = c.id JOIN organisations o ON o.id = oc.organisation_id AND o.is_active
       WHERE lower(c.email) = lower($1) ORDER BY o.name_uk, o.id`,
      [email],
    );
  }

  /** The name a contact is known by, for their replies on a colleague's request; null without one. */
  async contactName(email: string): Promise<string | null> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM contacts WHERE lower(email) = lower($1) AND name <> ''`, [email]);
    return rows[0]?.name ?? null;
  }

  async findCategory(id: number): Promise<CategoryEntity | null> {
    return this.dataSource.getRepository(CategoryEntity).findOneBy({ id });
  }

  async listCategories(): Promise<CategoryEntity[]> {
    return this.dataSource.getRepository(CategoryEntity).find({ order: { position: 'ASC', id: 'ASC' } });
  }
}
