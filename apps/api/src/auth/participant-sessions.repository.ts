import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ParticipantSessionEntity } from './participant-session.entity';

/** Issue 18: participants' one-time sign-in links and their sessions (tokens by SHA-256 only). */
@Injectable()
export class ParticipantSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertLink(manager: EntityManager, tokenHash: string, email: string, validMs: number): Promise<void> {
    await manager.query(`INSERT INTO participant_sign_in_links (token_hash, email, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
      tokenHash,
      email,
      validMs / 1000,
    ]);
  }

  /**
   * Uses a link up, once: the conditional update lets exactly one of any
   * number of parallel redemptions through, and only within its lifetime
   * (the database's clock, which every instance shares). The address, or null.
   */
  async useLink(tokenHash: string): Promise<string | null> {
    const [rows] = await this.dataSource.query<[{ email: string }[], number]>(
      `UPDATE participant_sign_in_links SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING email`,
      [tokenHash],
    );
    return rows[0]?.email ?? null;
  }

  async insertSession(row: Pick<ParticipantSessionEntity, 'tokenHash' | 'email' | 'ip' | 'userAgent' | 'expiresAt'>): Promise<void> {
    await this.dataSource.getRepository(ParticipantSessionEntity).insert(row);
  }

  /** The session if it is still good; ends one idle longer than `idleMs` or past its end. */
  async findLiveSession(tokenHash: string, idleMs: number): Promise<ParticipantSessionEntity | null> {
    const session = await this.dataSource.getRepository(ParticipantSessionEntity).findOneBy({ tokenHash });
    if (!session) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + idleMs <= now) {
      await this.deleteSession(tokenHash);
      return null;
    }
    return session;
  }

  async touchSession(tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(ParticipantSessionEntity).update({ tokenHash }, { lastSeenAt: () => 'now()' });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(ParticipantSessionEntity).delete({ tokenHash });
  }

  /** "Sign out everywhere": every session of the address. */
  async deleteSessionsOf(email: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM participant_sessions WHERE email = $1`, [email]);
  }

  /** Sessions past their end or idle too long, and links past their lifetime (used or not). */
  async deleteExpired(idleMs: number): Promise<number> {
    const [sessions, links] = await Promise.all([
      this.dataSource.query<[unknown, number]>(`DELETE FROM participant_sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)`, [idleMs / 1000]),
      this.dataSource.query<[unknown, number]>(`DELETE FROM participant_sign_in_links WHERE expires_at <= now()`),
    ]);
    return (sessions[1] ?? 0) + (links[1] ?? 0);
  }
}
