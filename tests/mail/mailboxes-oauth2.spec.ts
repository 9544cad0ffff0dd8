import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MailInRunner } from '../../apps/api/src/mail-in/mail-in.runner';
import type { StaffTestSession } from '../../apps/api/src/testing/staff-session';
import type { TestApp } from '../../apps/api/src/testing/test-app';
import { DovecotServer, startDovecot } from '../support/dovecot';
import { eventually, SmtpCapture } from '../support/smtp-capture';
import { createMailTestApp, signInAdmin } from './support/mail-app';
import { DutyEngineer } from './support/staff-actions';

const USER = 'office365';
const ADDRESS = 'office@oree.com.ua';
/** The test's own token for appending mail, always active. */
const TEST_TOKEN = 'test-client-token';

jest.setTimeout(90_000);

/**
 * An OAuth2 authorization server on 127.0.0.1: the token endpoint (RFC 6749)
 * and the introspection endpoint (RFC 7662) Dovecot's oauth2 passdb asks.
 * Tokens expire, can be revoked, and the endpoint can be made to fail.
 */
class AuthorizationServer {
  readonly grants: Record<string, string>[] = [];
  /** What Dovecot asked about, in order. */
  readonly introspected: string[] = [];
  readonly tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  lifetimeSeconds = 3600;
  failing = false;
  private server?: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req).then(([status, body]) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  active(token: string): boolean {
    if (token === TEST_TOKEN) return true;
    const known = this.tokens.get(token);
    return !!known && !known.revoked && Date.now() < known.expiresAt;
  }

  get issued(): string[] {
    return [...this.tokens.keys()];
  }

  revokeAll(): void {
    for (const token of this.tokens.values()) token.revoked = true;
  }

  private async handle(req: IncomingMessage): Promise<[number, object]> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const form = Object.fromEntries(new URLSearchParams(text));
    if (req.url === '/token') {
      this.grants.push(form);
      if (this.failing || form.client_secret !== 'client-secret') return [401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }];
      const token = `token-${this.tokens.size + 1}`;
      this.tokens.set(token, { expiresAt: Date.now() + this.lifetimeSeconds * 1000, revoked: false });
      return [200, { token_type: 'Bearer', access_token: token, expires_in: this.lifetimeSeconds }];
    }
    if (req.url === '/introspect') {
      this.introspected.push(form.token);
      return [200, this.active(form.token) ? { active: true, username: USER } : { active: false }];
    }
    return [404, {}];
  }
}

/**
 * Issue 16 ("OAuth2 for IMAP and SMTP"): a Microsoft 365 mailbox (client
 * credentials) read from a real Dovecot whose oauth2 passdb checks each token
 * at an introspection endpoint this test serves, and answered through an SMTP
 * server that takes XOAUTH2 only. Tokens are refreshed before they expire, a
 * refused one is replaced once, and a failed refresh shows in
 * /api/health/ready and on the admins' list.
 */
describe('issue 16: OAuth2 for IMAP and SMTP (XOAUTH2 against Dovecot\'s oauth2 passdb)', () => {
  let auth: AuthorizationServer;
  let dovecot: DovecotServer;
  let smtp: SMTPServer;
  const smtpLogins: string[] = [];
  const sent: { from: string; to: string; subject: string }[] = [];
  let smtpPort = 0;
  let defaultSmtp: SmtpCapture;
  let t: TestApp;
  let admin: StaffTestSession;
  let engineer: DutyEngineer;
  let mailboxId = '';
  let seq = 0;

  const append = async (options: Mail.Options) => {
    const raw = await new MailComposer({ messageId: `<oauth-${Date.now()}-${++seq}@client.test>`, to: ADDRESS, ...options }).compile().build();
    const imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: USER, accessToken: TEST_TOKEN }, logger: false });
    await imap.connect();
    await imap.append('INBOX', raw);
    await imap.logout();
  };
  const ticketOf = (email: string) =>
    eventually(`the request of ${email}`, async () => (await t.db.query(`SELECT id, tracking_id, mailbox_id FROM tickets WHERE requester_email = $1`, [email]))[0]);
  const ready = () => t.http.get('/api/health/ready');

  beforeAll(async () => {
    auth = await new AuthorizationServer().start();
    dovecot = await startDovecot({ users: [{ user: USER, password: 'unused-password' }], oauth2: { introspectionUrl: `http://127.0.0.1:${auth.port}/introspect` } });
    smtp = new SMTPServer({
      authMethods: ['XOAUTH2'],
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (session, _connection, callback) => {
        smtpLogins.push(session.accessToken ?? '');
        if (session.username === USER && session.accessToken && auth.active(session.accessToken)) return callback(null, { user: USER });
        return callback(null, { data: { status: '401', schemes: 'bearer' } });
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then((parsed) => {
          sent.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo[0].address, subject: parsed.subject ?? '' });
          callback();
        }, callback);
      },
    });
    smtp.on('error', () => undefined);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    defaultSmtp = await new SmtpCapture().start();
    t = await createMailTestApp(defaultSmtp.port, { MAIL_IN_CHANNEL: 'maildir' });
    admin = await signInAdmin(t);
    engineer = await DutyEngineer.signIn(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await defaultSmtp?.stop();
    await dovecot?.stop();
    await auth?.stop();
  }, 60_000);

  it('a Microsoft 365 mailbox logs in to IMAP and SMTP with a client-credentials token (XOAUTH2)', async () => {
    // Short-lived, so the test sees it refreshed before it expires.
    auth.lifetimeSeconds = 4;
    const created = await admin.http.post('/api/staff/mailboxes').set('X-CSRF-Token', admin.csrf).send({
      name: 'Office 365',
      kind: 'imap',
      settings: { host: dovecot.host, port: dovecot.port, tls: false, user: USER },
      authKind: 'oauth2-microsoft',
      oauth: { clientId: 'pidtrymka-app', tenant: 'oree.onmicrosoft.com', tokenUrl: `http://127.0.0.1:${auth.port}/token` },
      clientSecret: 'client-secret',
      fromName: 'Підтримка 365',
      fromAddress: ADDRESS,
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: USER },
    }).expect(201);
    mailboxId = created.body.id;
    expect(created.body).toMatchObject({ clientSecretSet: true, refreshTokenSet: false, authKind: 'oauth2-microsoft' });
    expect(JSON.stringify(created.body)).not.toContain('client-secret');
    const [stored] = await t.db.query(`SELECT oauth_secret FROM mailboxes WHERE id = $1`, [mailboxId]);
    expect(stored.oauth_secret).toMatch(/^v1:/);

    await eventually('the mailbox connected', async () => (await ready()).body.info?.['mailbox:Office 365']?.state === 'connected');
    expect(auth.grants[0]).toEqual({ client_id: 'pidtrymka-app', client_secret: 'client-secret', grant_type: 'client_credentials', scope: 'https://outlook.office365.com/.default' });
    expect(auth.introspected).toContain('token-1');
    auth.lifetimeSeconds = 3600;

    await append({ from: 'Олена <olena@client.test>', subject: 'Через OAuth2', text: 'Доброго дня' });
    expect(await ticketOf('olena@client.test')).toMatchObject({ mailbox_id: mailboxId });
    const confirmation = await eventually('the confirmation through XOAUTH2', () => sent.find((mail) => mail.to === 'olena@client.test'));
    expect(confirmation.from).toBe(ADDRESS);
    expect(smtpLogins.length).toBeGreaterThan(0);
    expect(smtpLogins.every((token) => token.startsWith('token-'))).toBe(true);
  });

  it('an expired token is refreshed before it expires, and the session reconnects with the new one', async () => {
    // token-1 lived 4 s: refreshed at 90 % of that, without a login needing it.
    await eventually('the refreshed token', () => auth.issued.includes('token-2'), 10_000);
    await eventually('token-1 expired', () => !auth.active('token-1'), 10_000);
    // The session opened with token-1 went on all along; dropped now, it comes back with token-2.
    await dovecot.doveadm('kick', USER);
    await append({ from: 'Петро <petro@client.test>', subject: 'Після оновлення', text: 'Ще раз' });
    expect(await ticketOf('petro@client.test')).toMatchObject({ mailbox_id: mailboxId });
    expect(auth.introspected).toContain('token-2');
    expect(auth.introspected).not.toContain('token-3');
    expect((await ready()).status).toBe(200);
  });

  it('a token refused early (revoked) is replaced once, by IMAP and by SMTP', async () => {
    const issued = auth.issued.length;
    auth.revokeAll();
    await dovecot.doveadm('kick', USER);
    await append({ from: 'Ірина <iryna@client.test>', subject: 'Після відкликання', text: 'Знову' });
    const ticket = await ticketOf('iryna@client.test');
    expect(auth.issued.length).toBe(issued + 1);
    // SMTP: the pool's token is revoked too, and its connections dropped; the next login is refused and retried with a fresh token.
    auth.revokeAll();
    for (const connection of (smtp as unknown as { connections: Set<{ close(): void }> }).connections) connection.close();
    await engineer.reply(ticket.tracking_id, 'Відповідь через OAuth2');
    const reply = await eventually('the reply through XOAUTH2', () => sent.filter((mail) => mail.to === 'iryna@client.test')[1]);
    expect(reply.from).toBe(ADDRESS);
    expect(auth.issued.length).toBe(issued + 2);
    expect(auth.active(smtpLogins[smtpLogins.length - 1])).toBe(true);
  });

  it('a failed refresh shows in /api/health/ready and to admins, and clears once the token endpoint answers again', async () => {
    auth.failing = true;
    auth.revokeAll();
    await dovecot.doveadm('kick', USER);
    const down = await eventually('readiness to report the failed refresh', async () => {
      const response = await ready();
      return response.status === 503 && response.body.error?.['mailbox:Office 365']?.message === 'OAuth2 token refresh failed' && response.body;
    });
    expect(down.error['mailbox:Office 365']).toMatchObject({ status: 'down', message: 'OAuth2 token refresh failed' });
    const listed = await admin.http.get('/api/staff/mailboxes').expect(200);
    expect(listed.body[0].status.tokenError).toContain('invalid_client');

    auth.failing = false;
    await eventually('readiness green again', async () => (await ready()).status === 200, 20_000);
    await append({ from: 'Марко <marko@client.test>', subject: 'Знову працює', text: 'Так' });
    expect(await ticketOf('marko@client.test')).toMatchObject({ mailbox_id: mailboxId });
    expect(t.app.get(MailInRunner).runningMailboxes()).toEqual([mailboxId]);
  });
});
