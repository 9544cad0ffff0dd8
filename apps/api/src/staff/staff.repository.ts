import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale, NewRequestEmails, StaffRole } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { StaffAccountEntity } from '../auth/staff-account.entity';

export interface NewStaffRow {
  email: string;
  name: string;
  role: StaffRole;
  locale: Locale;
  newRequestEmails: NewRequestEmails;
  passwordHash: string;
}

export interface StaffWithGrants extends StaffAccountEntity {
  categoryIds: number[];
}

/** The team: creating accounts and their category grants. */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countAll(manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.count(StaffAccountEntity);
  }

  /** Null when the e-mail is taken. */
  async insert(manager: EntityManager, row: NewStaffRow, categoryIds: readonly number[]): Promise<StaffAccountEntity | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO staff_accounts (email, name, role, locale, new_request_emails, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
      [row.email, row.name, row.role, row.locale, row.newRequestEmails, row.passwordHash],
    );
    if (!rows[0]) return null;
    await this.setGrants(manager, rows[0].id, categoryIds);
    return manager.findOneByOrFail(StaffAccountEntity, { id: rows[0].id });
  }

  async setGrants(manager: EntityManager, staffId: string, categoryIds: readonly number[]): Promise<void> {
    await manager.query(`DELETE FROM staff_category_grants WHERE staff_id = $1`, [staffId]);
    if (categoryIds.length > 0) {
      await manager.query(`INSERT INTO staff_category_grants (staff_id, category_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`, [staffId, categoryIds]);
    }
  }

  /** Locks the account row until the transaction ends: `update` for changing its access, `share` for relying on it. */
  async holdAccount(manager: EntityManager, staffId: string, mode: 'update' | 'share'): Promise<void> {
    await manager.query(`SELECT 1 FROM staff_accounts WHERE id = $1 FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'}`, [staffId]);
  }

  async listWithGrants(): Promise<StaffWithGrants[]> {
    const accounts = await this.dataSource.getRepository(StaffAccountEntity).find({ order: { name: 'ASC' } });
    const grants: { staff_id: string; category_id: number }[] = await this.dataSource.query(`SELECT staff_id, category_id FROM staff_category_grants ORDER BY category_id`);
    return accounts.map((a) => Object.assign(a, { categoryIds: grants.filter((g) => g.staff_id === a.id).map((g) => g.category_id) }));
  }

  async countExistingCategories(ids: readonly number[]): Promise<number> {
    const [{ count }] = await this.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM categories WHERE id = ANY($1::int[])`, [ids]);
    return count;
  }

  /**
   * Issue 12.3: unassigns every owner (of one request, or of an account's
   * requests) who may no longer see the request — deactivated, or neither an
   * admin nor granted its category — and returns whom it took from which request.
   */
  async releaseOwnersWithoutAccess(manager: EntityManager, scope: { ticketId: string | null; staffId: string | null }): Promise<ReleasedOwnershipRow[]> {
    // For UPDATE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
    const [released] = await manager.query<[ReleasedOwnershipRow[], number]>(
      `UPDATE tickets t SET owner_id = NULL, updated_at = now()
       FROM staff_accounts s
       WHERE s.id = t.owner_id
         AND ($1::uuid IS NULL OR t.id = $1) AND ($2::uuid IS NULL OR t.owner_id = $2)
         AND (NOT s.is_active OR (s.role <> 'admin' AND NOT EXISTS (
               SELECT 1 FROM staff_category_grants g WHERE g.staff_id = s.id AND g.category_id = t.category_id)))
       RETURNING t.id AS "ticketId", t.tracking_id AS "trackingId", s.id AS "staffId", s.name AS "staffName", t.category_id AS "categoryId"`,
      [scope.ticketId, scope.staffId],
    );
    return released;
  }
}

/** An owner taken off a request they may no longer see. */
export interface ReleasedOwnershipRow {
  ticketId: string;
  trackingId: string;
  staffId: string;
  staffName: string;
  categoryId: number;
}
