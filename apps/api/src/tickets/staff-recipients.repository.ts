import { Injectable } from '@nestjs/common';
import type { Locale } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';

/** Someone on staff an e-mail goes to, in their language. */
export interface StaffRecipientRow {
  email: string;
  locale: Locale;
}

/** An owner, with whether they want e-mails about requests at all (issue 17: not when they chose `none`). */
export interface OwnerRecipientRow extends StaffRecipientRow {
  wantsEmails: boolean;
}

export interface CategoryStaffRow {
  email: string;
  locale: Locale;
  categoryUk: string;
  categoryEn: string;
}

/**
 * R-STAFF-2, issue 17: the common table expressions `category_agents` and `category_staff` (email,
 * locale): who hears of the requests of the category `category` (an SQL expression), by each active
 * account's own setting (NEW_REQUEST_EMAILS): those with `all` who may see the category (admins, and
 * agents granted it), or, when there is none, those with `fallback` who may see it. The defaults
 * (agents `all`, admins `fallback`) keep what was the rule before: the category's agents, else the
 * admins. Shared with the statement that opens a request (TicketsRepository.open), so both ask the
 * same question.
 */
export function categoryStaffCtes(category: string): string {
  const seesCategory = `(s.role = 'admin' OR EXISTS (SELECT 1 FROM staff_category_grants g WHERE g.staff_id = s.id AND g.category_id = ${category}))`;
  return `category_agents AS (
         SELECT s.email, s.locale FROM staff_accounts s
         WHERE s.is_active AND s.new_request_emails = 'all' AND ${seesCategory}
       ), category_staff AS (
         SELECT email, locale FROM category_agents
         UNION ALL
         SELECT s.email, s.locale FROM staff_accounts s
         WHERE s.is_active AND s.new_request_emails = 'fallback' AND ${seesCategory} AND NOT EXISTS (SELECT 1 FROM category_agents)
       )`;
}

/** The staff who hear of a category's requests (R-STAFF-2), read inside the transaction that makes the request. */
@Injectable()
export class StaffRecipientsRepository {
  /**
   * R-STAFF-2: who hears of a category's requests (`categoryStaffCtes`: by each
   * account's setting) — with the category's names, in one
   * query (it runs inside every request's creation).
   */
  async categoryStaff(manager: EntityManager, categoryId: number): Promise<CategoryStaffRow[]> {
    return manager.query(
      `WITH ${categoryStaffCtes('$1')}
       SELECT r.email, r.locale, c.name_uk AS "categoryUk", c.name_en AS "categoryEn"
       FROM category_staff r CROSS JOIN categories c WHERE c.id = $1
       ORDER BY r.email`,
      [categoryId],
    );
  }

  async categoryNames(manager: EntityManager, categoryId: number): Promise<Pick<CategoryStaffRow, 'categoryUk' | 'categoryEn'>> {
    const [names] = await manager.query<Pick<CategoryStaffRow, 'categoryUk' | 'categoryEn'>[]>(`SELECT name_uk AS "categoryUk", name_en AS "categoryEn" FROM categories WHERE id = $1`, [categoryId]);
    return names ?? { categoryUk: '', categoryEn: '' };
  }

  /**
   * The request's owner, when they are active and may still see it (an admin,
   * or granted its category); null otherwise (issue 12.3: an assignment that
   * raced a grant's removal counts as no owner).
   */
  async ownerWhoCanSee(manager: EntityManager, ticketId: string): Promise<OwnerRecipientRow | null> {
    const rows: OwnerRecipientRow[] = await manager.query(
      `SELECT s.email, s.locale, s.new_request_emails <> 'none' AS "wantsEmails" FROM tickets t JOIN staff_accounts s ON s.id = t.owner_id AND s.is_active
       WHERE t.id = $1 AND (s.role = 'admin' OR EXISTS (SELECT 1 FROM staff_category_grants g WHERE g.staff_id = s.id AND g.category_id = t.category_id))`,
      [ticketId],
    );
    return rows[0] ?? null;
  }
}
