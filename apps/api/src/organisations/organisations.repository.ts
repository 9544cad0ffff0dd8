import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TicketStatus } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { senderOrganisationSql } from './sender-organisation.repository';

export interface OrganisationRow {
  id: number;
  name_uk: string;
  name_en: string | null;
  edrpou: string | null;
  eic: string | null;
  notes: string;
  is_active: boolean;
  default_visibility: 'organisation' | 'private';
  email_domains: string[];
  created_at: Date;
  updated_at: Date;
}

export interface OrganisationListRow extends OrganisationRow {
  contact_count: number;
  ticket_count: number;
  total: number;
}

export interface ContactRow {
  id: number;
  name: string;
  email: string;
  phone: string | null;
}

export interface OrganisationFields {
  nameUk: string;
  nameEn: string | null;
  edrpou: string | null;
  eic: string | null;
  notes: string;
  isActive: boolean;
  defaultVisibility: 'organisation' | 'private';
}

export interface OrganisationTicketRow {
  tracking_id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  created_at: Date;
}

const ORGANISATION_COLUMNS = `
  o.id, o.name_uk, o.name_en, o.edrpou, o.eic, o.notes, o.is_active, o.default_visibility, o.created_at, o.updated_at,
  coalesce((SELECT array_agg(d.domain ORDER BY d.domain) FROM organisation_domains d WHERE d.organisation_id = o.id), '{}') AS email_domains`;

/** Every query of the organisations module (issue 18). */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A page by name (either language), ЄДРПОУ or EIC, partial and any case; the active ones only unless `all`. */
  async list(filter: { like: string | null; all: boolean; limit: number; offset: number }): Promise<OrganisationListRow[]> {
    return this.dataSource.query(
      `SELECT ${ORGANISATION_COLUMNS},
         (SELECT count(*)::int FROM organisation_contacts oc WHERE oc.organisation_id = o.id) AS contact_count,
         (SELECT count(*)::int FROM tickets t WHERE t.organisation_id = o.id AND t.merged_into_id IS NULL) AS ticket_count,
         count(*) OVER ()::int AS total
       FROM organisations o
       WHERE ($1::text IS NULL OR o.name_uk ILIKE $1 OR o.name_en ILIKE $1 OR o.edrpou ILIKE $1 OR o.eic ILIKE $1)
         AND ($2::boolean OR o.is_active)
       ORDER BY o.name_uk, o.id LIMIT $3 OFFSET $4`,
      [filter.like, filter.all, filter.limit, filter.offset],
    );
  }

  async findById(id: number, manager: EntityManager = this.dataSource.manager): Promise<OrganisationRow | null> {
    const rows: OrganisationRow[] = await manager.query(`SELECT ${ORGANISATION_COLUMNS} FROM organisations o WHERE o.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Locks the organisation until the transaction ends, so a merge and an edit of it apply one after the other. */
  async lock(manager: EntityManager, id: number): Promise<OrganisationRow | null> {
    await manager.query(`SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE`, [id]);
    return this.findById(id, manager);
  }

  async findByCodes(edrpou: string | null, eic: string | null, manager: EntityManager = this.dataSource.manager): Promise<OrganisationRow[]> {
    return manager.query(`SELECT ${ORGANISATION_COLUMNS} FROM organisations o WHERE o.edrpou = $1 OR o.eic = $2 ORDER BY o.id`, [edrpou, eic]);
  }

  async all(): Promise<(OrganisationRow & { contact_emails: string[] })[]> {
    return this.dataSource.query(
      `SELECT ${ORGANISATION_COLUMNS},
         coalesce((SELECT array_agg(c.email ORDER BY lower(c.email)) FROM organisation_contacts oc JOIN contacts c ON c.id = oc.contact_id WHERE oc.organisation_id = o.id), '{}') AS contact_emails
       FROM organisations o ORDER BY o.name_uk, o.id`,
    );
  }

  async contactsOf(organisationId: number, manager: EntityManager = this.dataSource.manager): Promise<ContactRow[]> {
    return manager.query(
      `SELECT c.id, c.name, c.email, c.phone FROM organisation_contacts oc JOIN contacts c ON c.id = oc.contact_id
       WHERE oc.organisation_id = $1 ORDER BY lower(c.name), lower(c.email)`,
      [organisationId],
    );
  }

  /** Null when ЄДРПОУ or EIC is another organisation's (the unique indexes decide, so two at once cannot both win). */
  async insert(manager: EntityManager, fields: OrganisationFields): Promise<number | null> {
    const rows: { id: number }[] = await manager.query(
      `INSERT INTO organisations (name_uk, name_en, edrpou, eic, notes, is_active, default_visibility) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING RETURNING id`,
      [fields.nameUk, fields.nameEn, fields.edrpou, fields.eic, fields.notes, fields.isActive, fields.defaultVisibility],
    );
    return rows[0]?.id ?? null;
  }

  async update(manager: EntityManager, id: number, fields: OrganisationFields): Promise<void> {
    await manager.query(
      `UPDATE organisations SET name_uk = $2, name_en = $3, edrpou = $4, eic = $5, notes = $6, is_active = $7, default_visibility = $8, updated_at = now() WHERE id = $1`,
      [id, fields.nameUk, fields.nameEn, fields.edrpou, fields.eic, fields.notes, fields.isActive, fields.defaultVisibility],
    );
  }

  async codeTakenBy(manager: EntityManager, column: 'edrpou' | 'eic', value: string, exceptId: number | null): Promise<number | null> {
    const rows: { id: number }[] = await manager.query(`SELECT id FROM organisations WHERE ${column} = $1 AND id <> coalesce($2::integer, 0)`, [value, exceptId]);
    return rows[0]?.id ?? null;
  }

  async setDomains(manager: EntityManager, id: number, domains: string[]): Promise<void> {
    await manager.query(`DELETE FROM organisation_domains WHERE organisation_id = $1 AND NOT (domain = ANY($2::varchar[]))`, [id, domains]);
    await manager.query(`INSERT INTO organisation_domains (organisation_id, domain) SELECT $1, unnest($2::varchar[]) ON CONFLICT DO NOTHING`, [id, domains]);
  }

  /**
   * The contacts, found by e-mail in any case or created (a name or phone given replaces the stored
   * one), as exactly this organisation's people: memberships not listed are removed.
   */
  /**
   * Exactly these people; the addresses that joined and left (issue 18: each
   * is a grant or a removal of access to the organisation's shared requests).
   */
  async setContacts(manager: EntityManager, id: number, contacts: { name: string; email: string; phone: string | null }[]): Promise<{ added: string[]; removed: string[] }> {
    const ids: number[] = [];
    for (const contact of contacts) {
      const [row] = await manager.query<{ id: number }[]>(
        `INSERT INTO contacts (name, email, phone) VALUES ($1, $2, $3)
         ON CONFLICT ((lower(email))) DO UPDATE SET
           name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END,
           phone = coalesce(excluded.phone, contacts.phone), updated_at = now()
         RETURNING id`,
        [contact.name, contact.email, contact.phone],
      );
      ids.push(row.id);
    }
    const removed = await manager.query<{ email: string }[]>(
      `WITH gone AS (DELETE FROM organisation_contacts WHERE organisation_id = $1 AND NOT (contact_id = ANY($2::int[])) RETURNING contact_id)
       SELECT c.email FROM gone JOIN contacts c ON c.id = gone.contact_id ORDER BY lower(c.email)`,
      [id, ids],
    );
    const added = await manager.query<{ email: string }[]>(
      `WITH joined AS (INSERT INTO organisation_contacts (organisation_id, contact_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING RETURNING contact_id)
       SELECT c.email FROM joined JOIN contacts c ON c.id = joined.contact_id ORDER BY lower(c.email)`,
      [id, ids],
    );
    return { added: added.map((r) => r.email), removed: removed.map((r) => r.email) };
  }

  /**
   * Moves everything of `sourceId` to `targetId` and deletes the source: its people, its domains,
   * its requests; the codes the target lacks. Returns how many requests moved.
   */
  async merge(manager: EntityManager, source: OrganisationRow, targetId: number): Promise<{ tickets: number; contacts: number }> {
    const contacts = await manager.query<{ contact_id: number }[]>(
      `INSERT INTO organisation_contacts (organisation_id, contact_id) SELECT $2, contact_id FROM organisation_contacts WHERE organisation_id = $1 ON CONFLICT DO NOTHING RETURNING contact_id`,
      [source.id, targetId],
    );
    await manager.query(`INSERT INTO organisation_domains (organisation_id, domain) SELECT $2, domain FROM organisation_domains WHERE organisation_id = $1 ON CONFLICT DO NOTHING`, [source.id, targetId]);
    const [, tickets] = await manager.query<[unknown, number]>(`UPDATE tickets SET organisation_id = $2 WHERE organisation_id = $1`, [source.id, targetId]);
    // Deleted before the target takes its codes: each is unique.
    await manager.query(`DELETE FROM organisations WHERE id = $1`, [source.id]);
    await manager.query(
      `UPDATE organisations SET edrpou = coalesce(edrpou, $2), eic = coalesce(eic, $3),
         notes = CASE WHEN $4::text = '' THEN notes WHEN notes = '' THEN $4 ELSE notes || E'\\n\\n' || $4 END, updated_at = now()
       WHERE id = $1`,
      [targetId, source.edrpou, source.eic, source.notes],
    );
    return { tickets: Number(tickets) || 0, contacts: contacts.length };
  }

  /** The one active organisation this address points to (see senderOrganisationSql), for a suggestion. */
  async matchSender(email: string): Promise<number | null> {
    const [row] = await this.dataSource.query<{ id: number | null }[]>(`SELECT ${senderOrganisationSql('$1::text')} AS id`, [email]);
    return row?.id ?? null;
  }

  /**
   * The organisation's requests, or (issue 17) the participant's — the same address in any case, by the
   * `lower(requester_email)` index — in these categories (null: all), newest first, but this one and the
   * merged-away. One query for the request page's two lists, so both keep the staff queue's visibility.
   */
  async ticketsOf(
    of: { organisationId: number } | { requesterEmail: string },
    visibleCategoryIds: number[] | null,
    exceptTicketId: string | null,
    limit: number,
  ): Promise<OrganisationTicketRow[]> {
    const [owner, value] = 'organisationId' in of ? ['t.organisation_id = $1::int', of.organisationId] : ['lower(t.requester_email) = lower($1::text)', of.requesterEmail.trim()];
    return this.dataSource.query(
      `SELECT t.tracking_id, t.number, t.subject, t.status, t.created_at FROM tickets t
       WHERE ${owner} AND t.merged_into_id IS NULL AND t.id <> coalesce($3::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
         AND ($2::int[] IS NULL OR t.category_id = ANY($2::int[]))
       ORDER BY t.created_at DESC, t.number DESC LIMIT $4`,
      [value, visibleCategoryIds, exceptTicketId, limit],
    );
  }
}
