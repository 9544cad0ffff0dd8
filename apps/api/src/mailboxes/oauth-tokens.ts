import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { MailboxAuthKind, MailboxOAuth } from '@pidtrymka/contracts';

/** Microsoft 365's scope for IMAP and SMTP under client credentials (an app with IMAP.AccessAsApp / SMTP.SendAsApp). */
export const MICROSOFT_SCOPE = 'https://outlook.office365.com/.default';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const microsoftTokenUrl = (tenant: string): string => `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;

/** Refreshed this long before it expires (at most: a short-lived token is refreshed at 90 % of its life). */
const REFRESH_MARGIN_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** After a failed refresh, tried again this soon, so a fixed secret shows up without a restart. */
const RETRY_AFTER_FAILURE_MS = 30_000;

/** What a mailbox's token is fetched with: its OAuth2 settings and opened secrets. */
export interface OAuthCredentials {
  mailboxId: string;
  kind: Exclude<MailboxAuthKind, 'password'>;
  oauth: MailboxOAuth;
  clientSecret: string | null;
  refreshToken: string | null;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  credentials: OAuthCredentials;
  timer?: NodeJS.Timeout;
}

/** A refresh that failed: shown in /api/health/ready and on the admins' mailbox list. */
export interface TokenFailure {
  error: string;
  at: Date;
}

/**
 * Issue 16: OAuth2 access tokens for mailboxes' IMAP and SMTP (XOAUTH2 /
 * OAUTHBEARER). Microsoft 365 by client credentials, Google by a refresh
 * token. A token is kept until shortly before it expires and refreshed then
 * by a timer, so a failure shows before a login needs the token; a login
 * refused with a cached token drops it (`invalidate`) and the caller tries
 * once more with a fresh one.
 */
@Injectable()
export class OAuthTokens implements OnApplicationShutdown {
  private readonly logger = new Logger('OAuth2');
  private readonly cache = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();
  private readonly failures = new Map<string, TokenFailure>();

  /** A valid access token for the mailbox: the cached one, or a fresh one. */
  async token(credentials: OAuthCredentials): Promise<string> {
    const cached = this.cache.get(credentials.mailboxId);
    if (cached && Date.now() < cached.expiresAt && sameCredentials(cached.credentials, credentials)) return cached.token;
    return this.refresh(credentials);
  }

  /**
   * The server refused `token`: the next `token()` fetches another. Only that
   * token is dropped: logins refused together (a pool's connections, IMAP and
   * SMTP at once) then share one fresh token instead of each fetching its own.
   */
  invalidate(mailboxId: string, token: string): void {
    const cached = this.cache.get(mailboxId);
    if (cached?.token !== token) return;
    clearTimeout(cached.timer);
    this.cache.delete(mailboxId);
  }

  /** Forgets a mailbox (deleted, or no longer OAuth2). */
  forget(mailboxId: string): void {
    clearTimeout(this.cache.get(mailboxId)?.timer);
    this.cache.delete(mailboxId);
    this.failures.delete(mailboxId);
  }

  failure(mailboxId: string): TokenFailure | undefined {
    return this.failures.get(mailboxId);
  }

  onApplicationShutdown(): void {
    for (const cached of this.cache.values()) clearTimeout(cached.timer);
    this.cache.clear();
  }

  /** One request at a time per mailbox: IMAP and SMTP asking together share it. */
  private refresh(credentials: OAuthCredentials): Promise<string> {
    const id = credentials.mailboxId;
    let request = this.pending.get(id);
    if (!request) {
      request = this.fetchToken(credentials).finally(() => this.pending.delete(id));
      this.pending.set(id, request);
    }
    return request;
  }

  private async fetchToken(credentials: OAuthCredentials): Promise<string> {
    const id = credentials.mailboxId;
    const startedAt = Date.now();
    try {
      const { token, expiresInMs } = await requestToken(credentials);
      const margin = Math.min(REFRESH_MARGIN_MS, expiresInMs / 10);
      const cached: CachedToken = { token, expiresAt: startedAt + expiresInMs - margin, credentials };
      clearTimeout(this.cache.get(id)?.timer);
      // Refreshed ahead of time: a revoked secret shows in the health check while the IMAP session still runs on the old token.
      cached.timer = setTimeout(() => void this.refresh(credentials).catch(() => undefined), Math.max(0, cached.expiresAt - Date.now()));
      cached.timer.unref();
      this.cache.set(id, cached);
      if (this.failures.delete(id)) this.logger.log(`Mailbox ${id}: token refreshed again`);
      return token;
    } catch (error) {
      const message = (error as Error).message || String(error);
      if (!this.failures.has(id)) this.logger.warn(`Mailbox ${id}: the OAuth2 token could not be refreshed: ${message}`);
      this.failures.set(id, { error: message, at: new Date() });
      const stale = this.cache.get(id);
      if (stale) {
        clearTimeout(stale.timer);
        stale.timer = setTimeout(() => void this.refresh(credentials).catch(() => undefined), RETRY_AFTER_FAILURE_MS);
        stale.timer.unref();
      }
      throw new Error(`OAuth2 token refresh failed: ${message}`, { cause: error });
    }
  }
}

function sameCredentials(a: OAuthCredentials, b: OAuthCredentials): boolean {
  return a.kind === b.kind && a.clientSecret === b.clientSecret && a.refreshToken === b.refreshToken && JSON.stringify(a.oauth) === JSON.stringify(b.oauth);
}

/** The token endpoint's answer (RFC 6749 §5.1), or its error (§5.2) as the message. */
async function requestToken(credentials: OAuthCredentials): Promise<{ token: string; expiresInMs: number }> {
  const { kind, oauth, clientSecret, refreshToken } = credentials;
  const body = new URLSearchParams({ client_id: oauth.clientId });
  if (clientSecret) body.set('client_secret', clientSecret);
  let url: string;
  if (kind === 'oauth2-microsoft') {
    body.set('grant_type', 'client_credentials');
    body.set('scope', MICROSOFT_SCOPE);
    url = oauth.tokenUrl ?? microsoftTokenUrl(oauth.tenant ?? 'common');
  } else {
    if (!refreshToken) throw new Error('no refresh token is set');
    body.set('grant_type', 'refresh_token');
    body.set('refresh_token', refreshToken);
    url = oauth.tokenUrl ?? GOOGLE_TOKEN_URL;
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let json: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // Not JSON: the status says enough.
  }
  if (!response.ok || typeof json.access_token !== 'string') {
    const reason = [json.error, json.error_description].filter((part) => typeof part === 'string').join(': ');
    throw new Error(`${new URL(url).host} answered ${response.status}${reason ? ` (${reason.slice(0, 300)})` : ''}`);
  }
  const seconds = Number(json.expires_in);
  return { token: json.access_token, expiresInMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000 };
}
