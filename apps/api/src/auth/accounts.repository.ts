import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { StaffAccountEntity } from './staff-account.entity';
import { StaffSessionEntity } from './staff-session.entity';

/**
 * A staff account as an identity: finding it, its sign-in state (lockouts,
 * slowdowns, known addresses), sessions, TOTP steps and recovery codes.
 * Managing the team (creating accounts, grants) is staff/'s StaffRepository.
 */
@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<StaffAccountEntity | null> {
    return this.dataSource.getRepository(StaffAccountEntity).createQueryBuilder('s').where('lower(s.email) = lower(:email)', { email }).getOne();
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<StaffAccountEntity | null> {
    return manager.findOneBy(StaffAccountEntity, { id });
  }

  async update(manager: EntityManager, id: string, changes: Partial<StaffAccountEntity>): Promise<void> {
    if (Object.keys(changes).length > 0) await manager.update(StaffAccountEntity, { id }, changes);
  }

  async grantsOf(staffId: string, manager: EntityManager = this.dataSource.manager): Promise<number[]> {
    const rows: { category_id: number }[] = await manager.query(`SELECT category_id FROM staff_category_grants WHERE staff_id = $1 ORDER BY category_id`, [staffId]);
    return rows.map((r) => r.category_id);
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
    const result = await this.dataSource.query<[unknown, number]>(
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
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM staff_sign_in_sources WHERE staff_id = $1 AND ip = $2`, [staffId, ip]);
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
    const [, updated] = await this.dataSource.query<[unknown, number]>(
      `UPDATE staff_accounts SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [staffId, step],
    );
    return updated === 1;
  }

  /**
   * Turns TOTP on with its first step used, unless it is on already or the
   * step was used: false for the loser of two parallel confirmations.
   */
  async enableTotp(manager: EntityManager, staffId: string, step: number): Promise<boolean> {
    const [, enabled] = await manager.query<[unknown, number]>(
      `UPDATE staff_accounts SET totp_enabled = true, totp_last_step = $2 WHERE id = $1 AND NOT totp_enabled AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [staffId, step],
    );
    return enabled === 1;
  }

  // Recovery codes
  async unusedRecoveryCodes(staffId: string): Promise<RecoveryCodeEntity[]> {
    return this.dataSource.getRepository(RecoveryCodeEntity).find({ where: { staffId, usedAt: IsNull() }, order: { id: 'ASC' } });
  }

  /** False when another sign-in used it first. */
  async useRecoveryCode(id: string): Promise<boolean> {
    const result = await this.dataSource.query<[unknown, number]>(`UPDATE staff_recovery_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [id]);
    return (result[1] ?? 0) === 1;
  }

  async replaceRecoveryCodes(manager: EntityManager, staffId: string, hashes: readonly string[]): Promise<void> {
    await manager.delete(RecoveryCodeEntity, { staffId });
    if (hashes.length > 0) await manager.insert(RecoveryCodeEntity, hashes.map((codeHash) => ({ staffId, codeHash })));
  }
}
