import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale, StaffRole } from '@pidtrymka/contracts';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { StaffAccountEntity } from './staff-account.entity';
import { StaffSessionEntity } from './staff-session.entity';

export interface NewStaffRow {
  email: string;
  name: string;
  role: StaffRole;
  locale: Locale;
  passwordHash: string;
}

export interface StaffWithGrants extends StaffAccountEntity {
  categoryIds: number[];
}

/** Every query about staff accounts, their sessions and sign-in lockouts. */
export interface CategoryStaffRow {
  email: string;
  locale: Locale;
  categoryUk: string;
  categoryEn: string;
}

@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<StaffAccountEntity | null> {
    return this.dataSource.getRepository(StaffAccountEntity).createQueryBuilder('s').where('lower(s.email) = lower(:email)', { email }).getOne();
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<StaffAccountEntity | null> {
    return manager.findOneBy(StaffAccountEntity, { id });
  }

  async countAll(manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.count(StaffAccountEntity);
  }

  /** Null when the e-mail is taken. */
  async insert(manager: EntityManager, row: NewStaffRow, categoryIds: readonly number[]): Promise<StaffAccountEntity | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO staff_accounts (email, name, role, locale, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
      [row.email, row.name, row.role, row.locale, row.passwordHash],
    );
    if (!rows[0]) return null;
    await this.setGrants(manager, rows[0].id, categoryIds);
    return manager.findOneByOrFail(StaffAccountEntity, { id: rows[0].id });
  }

  async update(manager: EntityManager, id: string, changes: Partial<StaffAccountEntity>): Promise<void> {
    if (Object.keys(changes).length > 0) await manager.update(StaffAccountEntity, { id }, changes);
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

  async grantsOf(staffId: string, manager: EntityManager = this.dataSource.manager): Promise<number[]> {
    const rows: { category_id: number }[] = await manager.query(`SELECT category_id FROM staff_category_grants WHERE staff_id = $1 ORDER BY category_id`, [staffId]);
    return rows.map((r) => r.category_id);
  }

  async listWithGrants(): Promise<StaffWithGrants[]> {
    const accounts = await this.dataSource.getRepository(StaffAccountEntity).find({ order: { name: 'ASC' } });
    const grants: { staff_id: string; category_id: number }[] = await this.dataSource.query(`SELECT staff_id, category_id FROM staff_category_grants ORDER BY category_id`);
    return accounts.map((a) => Object.assign(a, { categoryIds: grants.filter((g) => g.staff_id === a.id).map((g) => g.category_id) }));
  }

  async countExistingCategories(ids: readonly number[]): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM categories WHERE id = ANY($1::int[])`, [ids]);
    return count;
  }

  /** R-STAFF-2: who hears of a request in this category. */
  /**
   * Who hears of a category's requests: its active agents, or the active
   * admins when no agent is granted it — with the category's names, in one
   * query (it runs inside every request's creation).
   */
  async categoryStaff(manager: EntityManager, categoryId: number): Promise<CategoryStaffRow[]> {
    return manager.query(
      `WITH agents AS (
         SELECT s.email, s.locale FROM staff_accounts s JOIN staff_category_grants g ON g.staff_id = s.id
         WHERE g.category_id = $1 AND s.is_active AND s.role = 'agent'
       ), recipients AS (
         SELECT email, locale FROM agents
         UNION ALL
         SELECT email, locale FROM staff_accounts WHERE is_active AND role = 'admin' AND NOT EXISTS (SELECT 1 FROM agents)
       )
       SELECT r.email, r.locale, c.name_uk AS "categoryUk", c.name_en AS "categoryEn"
       FROM recipients r CROSS JOIN categories c WHERE c.id = $1
       ORDER BY r.email`,
      [categoryId],
    );
  }

  async categoryNames(manager: EntityManager, categoryId: number): Promise<Pick<CategoryStaffRow, 'categoryUk' | 'categoryEn'>> {
    const [names] = await manager.query(`SELECT name_uk AS "categoryUk", name_en AS "categoryEn" FROM categories WHERE id = $1`, [categoryId]);
    return names ?? { categoryUk: '', categoryEn: '' };
  }

  // Sessions

  async insertSession(row: Pick<StaffSessionEntity, 'tokenHash' | 'staffId' | 'ip' | 'userAgent' | 'expiresAt'>): Promise<void> {
    await this.dataSource.getRepository(StaffSessionEntity).insert(row);
  }

  /** The session and its account, if both are still good; ends sessions idle longer than `idleMs`. */
  async findLiveSession(tokenHash: string, idleMs: number): Promise<{ session: StaffSessionEntity; staff: StaffAccountEntity } | null> {
    const session = await this.dataSource.getRepository(StaffSessionEntity).findOneBy({ tokenHash });
    if (!session) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + idleMs <= now) {
      await this.deleteSession(tokenHash);
      return null;
    }
    const staff = await this.findById(session.staffId);
    if (!staff || !staff.isActive) return null;
    return { session, staff };
  }

  async touchSession(tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(StaffSessionEntity).update({ tokenHash }, { lastSeenAt: () => 'now()' });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(StaffSessionEntity).delete({ tokenHash });
  }

  /** Everywhere else this person is signed in (after a password change), or everywhere. */
  async deleteSessionsOf(manager: EntityManager, staffId: string, except?: string): Promise<void> {
    await manager.query(`DELETE FROM staff_sessions WHERE staff_id = $1 AND ($2::text IS NULL OR token_hash <> $2)`, [staffId, except ?? null]);
  }

  async deleteExpiredSessions(idleMs: number): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM staff_sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)`,
      [idleMs / 1000],
    );
    return result[1] ?? 0;
  }

  // Sign-in failures of an account from every address (the per-address counts are rate-limit counters, see AuthService)

  /**
   * Counts a failure against the account, from whatever address; atomic, so
   * parallel guesses cannot slip past. Failures older than `windowMs` stop
   * counting. From the `after`-th on, the account is slowed down for addresses
   * it never signed in from: 1 s, 2 s, 4 s… up to `maxDelayMs` after each failure.
   */
  async recordAccountFailure(staffId: string, after: number, windowMs: number, maxDelayMs: number): Promise<void> {
    await this.dataSource.query(
      `WITH counted AS (
         SELECT id, CASE WHEN failed_sign_in_at IS NULL OR failed_sign_in_at <= now() - make_interval(secs => $3) THEN 1 ELSE failed_sign_ins + 1 END AS failures
         FROM staff_accounts WHERE id = $1 FOR UPDATE
       )
       UPDATE staff_accounts s SET
         failed_sign_ins = counted.failures,
         failed_sign_in_at = now(),
         slowed_until = CASE WHEN counted.failures >= $2
           THEN now() + make_interval(secs => LEAST($4::float8, power(2, LEAST(counted.failures - $2, 30))::float8 * 1000) / 1000)
           ELSE s.slowed_until END
       FROM counted WHERE s.id = counted.id`,
      [staffId, after, windowMs / 1000, maxDelayMs],
    );
  }

  /**
   * Lets one attempt through per delay while the account is slowed down, and
   * atomically (the row lock), so that a botnet firing at once when a delay
   * ends gets one guess, not one per address. Returns the seconds to wait, or 0
   * when this attempt may go ahead (and has started the next delay).
   */
  async claimSlowedAttempt(staffId: string, after: number, windowMs: number, maxDelayMs: number): Promise<number> {
    const [rows]: [{ wait: number | null }[], number] = await this.dataSource.query(
      `WITH a AS (
         SELECT id, slowed_until, failed_sign_ins >= $2 AND failed_sign_in_at > now() - make_interval(secs => $3) AS slowing, failed_sign_ins
         FROM staff_accounts WHERE id = $1 FOR UPDATE
       )
       UPDATE staff_accounts s SET slowed_until = CASE
           WHEN a.slowing AND (a.slowed_until IS NULL OR a.slowed_until <= now())
             THEN now() + make_interval(secs => LEAST($4::float8, power(2, LEAST(a.failed_sign_ins - $2, 30))::float8 * 1000) / 1000)
           ELSE s.slowed_until END
       FROM a WHERE s.id = a.id
       RETURNING CASE WHEN a.slowing AND a.slowed_until > now() THEN ceil(extract(epoch FROM a.slowed_until - now()))::int END AS wait`,
      [staffId, after, windowMs / 1000, maxDelayMs],
    );
    return rows[0]?.wait ?? 0;
  }

  /** Whether the account ever signed in from this address: the slowdown spares it (the per-address lock does not). */
  async isKnownSource(staffId: string, ip: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM staff_sign_in_sources WHERE staff_id = $1 AND ip = $2`, [staffId, ip]);
    return rows.length > 0;
  }

  /**
   * A good sign-in remembers the address. It leaves the account's count alone:
   * the owner signing in during a distributed guessing attack must not hand the
   * attackers a fresh allowance; the count fades STAFF_LOCKOUT_MINUTES after the last failure.
   */
  async recordSuccess(staffId: string, ip: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO staff_sign_in_sources (staff_id, ip) VALUES ($1, $2) ON CONFLICT (staff_id, ip) DO UPDATE SET last_success_at = now()`,
      [staffId, ip],
    );
  }

  /**
   * Uses a TOTP time step, once: the conditional update lets exactly one of
   * any number of parallel sign-ins with the same code through (12.5).
   */
  async useTotpStep(staffId: string, step: number): Promise<boolean> {
    const [, updated] = await this.dataSource.query(
      `UPDATE staff_accounts SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [staffId, step],
    );
    return updated === 1;
  }

  // Recovery codes

  async unusedRecoveryCodes(staffId: string): Promise<RecoveryCodeEntity[]> {
    return this.dataSource.getRepository(RecoveryCodeEntity).find({ where: { staffId, usedAt: IsNull() }, order: { id: 'ASC' } });
  }

  /** False when another sign-in used it first. */
  async useRecoveryCode(id: string): Promise<boolean> {
    const result = await this.dataSource.query(`UPDATE staff_recovery_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [id]);
    return (result[1] ?? 0) === 1;
  }

  async replaceRecoveryCodes(manager: EntityManager, staffId: string, hashes: readonly string[]): Promise<void> {
    await manager.delete(RecoveryCodeEntity, { staffId });
    if (hashes.length > 0) await manager.insert(RecoveryCodeEntity, hashes.map((codeHash) => ({ staffId, codeHash })));
  }
}
