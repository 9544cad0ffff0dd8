import request from 'supertest';
import type { Locale } from '@pidtrymka/contracts';
import { MailRenderer } from '../notifications/mail-renderer';
import type { TestApp } from './test-app';

/** A row of the outbox holding a sign-in link e-mail (the token in it is sealed). */
export interface SignInMailRow {
  recipient: string;
  locale: Locale;
  payload: { token: string; minutes: number };
}

/** A participant signed in to a test app: the cookie to send, the session token in it (stored hashed) and the CSRF token. */
export interface ParticipantTestSession {
  cookie: string;
  token: string;
  csrf: string;
}

/** The link's token, read off the e-mail as the outbox renders it: only the row's own recipient opens it. */
export function signInLinkToken(t: Pick<TestApp, 'app'>, row: SignInMailRow): string {
  const mail = t.app.get(MailRenderer).render('participant_sign_in', row.locale, row.recipient, row.payload);
  return decodeURIComponent(/\/my-requests\/sign-in#([A-Za-z0-9_%-]+)/.exec(mail.text)![1]);
}

/** The token of the newest link e-mailed to the address. */
export async function lastSignInLinkToken(t: Pick<TestApp, 'app' | 'db'>, email: string): Promise<string> {
  const rows: SignInMailRow[] = await t.db.query(`SELECT recipient, locale, payload FROM outbox WHERE template = 'participant_sign_in' AND recipient = $1 ORDER BY id DESC LIMIT 1`, [
    email.toLowerCase(),
  ]);
  return signInLinkToken(t, rows[0]);
}

/**
 * Signs in as the portal does: asks for a link, reads it off the e-mail, redeems it. Each request
 * comes from `ip()` (the link limits are per IP too where TRUST_PROXY is on).
 */
export async function signInParticipant(t: Pick<TestApp, 'app' | 'db'>, email: string, ip: () => string): Promise<ParticipantTestSession> {
  const http = () => request(t.app.getHttpServer());
  await http().post('/api/participant/auth/link').set('X-Forwarded-For', ip()).send({ email }).expect(202);
  const answer = await http().post('/api/participant/auth/redeem').set('X-Forwarded-For', ip()).send({ token: await lastSignInLinkToken(t, email) }).expect(200);
  const cookie = (answer.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('pidtrymka_participant='))!;
  const token = decodeURIComponent(cookie.split(';')[0].split('=')[1]);
  return { cookie: `pidtrymka_participant=${token}`, token, csrf: answer.body.csrfToken };
}
