import { HttpStatus, Injectable } from '@nestjs/common';
import { SIGN_IN_LINK_MINUTES, type ParticipantSessionView } from '@pidtrymka/contracts';
import type { EntityManager } from 'typeorm';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';
import { csrfTokenFor, newSessionToken, sha256 } from './credentials';
import { ParticipantSessionsRepository } from './participant-sessions.repository';

/** Writing last_seen_at on every call would make every read a write. */
const TOUCH_EVERY_MS = 60_000;

/** Who is calling the participants' own space, as their session says. */
export interface ParticipantPrincipal {
  /** Lower-cased. */
  email: string;
  sessionTokenHash: string;
}

export interface ParticipantSignedIn {
  token: string;
  view: ParticipantSessionView;
}

/**
 * Issue 18: participants sign in with a one-time link sent to their address
 * (sending it is the caller's, through the outbox); sessions as staff have
 * them, in a table of their own. A participant is their address: the same
 * address in any case is the same participant, as R-VIEW-3 compares it.
 */
@Injectable()
export class ParticipantAuthService {
  constructor(
    private readonly sessions: ParticipantSessionsRepository,
    private readonly config: AppConfig,
  ) {}

  /** A new link's token, stored (hashed) in the caller's transaction, so it exists exactly when its e-mail is queued. */
  async createLink(manager: EntityManager, email: string): Promise<string> {
    const token = newSessionToken();
    await this.sessions.insertLink(manager, sha256(token), normalizeEmail(email), SIGN_IN_LINK_MINUTES * 60_000);
    return token;
  }

  /** Uses a link up and starts a session; an unknown, used or expired link all end the same way. */
  async redeem(token: string, ip: string, userAgent: string): Promise<ParticipantSignedIn> {
    const email = await this.sessions.useLink(sha256(token));
    if (!email) throw new ApiException(HttpStatus.BAD_REQUEST, 'sign_in_link_invalid');
    const sessionToken = newSessionToken();
    const expiresAt = new Date(Date.now() + this.config.participant.sessionMaxMs);
    await this.sessions.insertSession({ tokenHash: sha256(sessionToken), email, ip, userAgent: userAgent.slice(0, 300), expiresAt });
    return { token: sessionToken, view: { email, csrfToken: csrfTokenFor(sessionToken), expiresAt: expiresAt.toISOString() } };
  }

  /** The participant behind a cookie, or null when there is none, it expired or was ended. */
  async authenticate(token: string): Promise<(ParticipantPrincipal & { expiresAt: Date }) | null> {
    const tokenHash = sha256(token);
    const session = await this.sessions.findLiveSession(tokenHash, this.config.participant.sessionIdleMs);
    if (!session) return null;
    if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touchSession(tokenHash);
    return { email: session.email, sessionTokenHash: tokenHash, expiresAt: session.expiresAt };
  }

  async signOut(principal: ParticipantPrincipal): Promise<void> {
    await this.sessions.deleteSession(principal.sessionTokenHash);
  }

  /** Ends every session of the address, this one included (a lost phone, a shared computer). */
  async signOutEverywhere(principal: ParticipantPrincipal): Promise<void> {
    await this.sessions.deleteSessionsOf(principal.email);
  }

  deleteExpired(): Promise<number> {
    return this.sessions.deleteExpired(this.config.participant.sessionIdleMs);
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
