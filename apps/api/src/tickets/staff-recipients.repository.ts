import { Injectable } from '@nestjs/common';
import type { Locale } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';

/** Someone on staff an e-mail goes to, in their language. */
export interface StaffRecipientRow {
  email: string;
  locale: Locale;
}

export interface CategoryStaffRow {
  email: string;
  locale: Locale;
  categoryUk: string;
  categoryEn: string;
}

/**
 * R-STAFF-2: the common table expressions `category_agents` and `category_staff` (email, locale):
 * who hears of the requests of the category `category` (an SQL expression) — its active agents,
 * or the active admins when no agent is granted it. Shared with the statement that opens a
 * request (TicketsRepository.open), so both ask the same question.
 */
export function categoryStaffCtes(category: string): string {
  return `category_agents AS (
         SELECT s.email, s.locale FROM staff_accounts s JOIN staff_category_grants g ON g.staff_id = s.id
         WHERE g.category_id = ${category} AND s.is_active AND s.role = 'agent'
       ), category_staff AS (
         SELECT email, locale FROM category_agents
         UNION ALL
         SELECT email, locale FROM staff_accounts WHERE is_active AND role = 'admin' AND NOT EXISTS (SELECT 1 FROM category_agents)
       )`;
}

/** The staff who hear of a category's requests (R-STAFF-2), read inside the transaction that makes the request. */
@Injectable()
export class StaffRecipientsRepository {
  /**
   * R-STAFF-2: who hears of a category's requests: its active agents, or the active
   * admins when no agent is granted it — with the category's names, in one
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
  async ownerWhoCanSee(manager: EntityManager, ticketId: string): Promise<StaffRecipientRow | null> {
    const rows: StaffRecipientRow[] = await manager.query(
      `SELECT s.email, s.locale FROM tickets t JOIN staff_accounts s ON s.id = t.owner_id AND s.is_active
       WHERE t.id = $1 AND (s.role = 'admin' OR EXISTS (SELECT 1 FROM staff_category_grants g WHERE g.staff_id = s.id AND g.category_id = t.category_id))`,
      [ticketId],
    );
    return rows[0] ?? null;
  }
}
