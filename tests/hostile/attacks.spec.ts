import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { fileSamples } from '../../apps/api/src/testing/file-samples';
import { startApiProcess, StartedApi } from '../support/api-process';
import { eventually } from '../support/smtp-capture';
import { multipart, operationsOf } from './support/openapi-fuzz';
import { CallOptions, callRaw, closeRawAgent, jsonOf, RawResponse } from './support/raw-http';

/**
 * Specific attacks on the built API in a child process, each a test; the
 * process's whole output is kept, and the last test proves that no secret
 * any of them used (passwords, sessions, CSRF and API tokens, webhook and
 * mail secrets, captcha answers) is in any line of it.
 *
 * Every test calls from an IP of its own (X-Forwarded-For, trusted from
 * loopback as behind nginx), so the per-IP limits of one do not touch another.
 */
const secret = (label: string) => `${label}-${randomBytes(9).toString('base64url')}`;
const ADMIN = { email: 'admin@pidtrymka.test', password: secret('admin-password') };
const AGENT = { email: 'agent@pidtrymka.test', password: secret('agent-password'), name: 'Агент Черговий' };
const ENV = {
  ADMIN_PASSWORD: ADMIN.password,
  CMS_API_TOKEN: secret('cms-api-token'),
  CMS_WEBHOOK_SECRET: secret('cms-webhook-secret'),
  MAIL_SECRET: secret('mail-secret').padEnd(64, 'x'),
};
const LOOKUP_LIMIT = 10;
const LOCKOUT_ATTEMPTS = 5;
const IP_LOCKOUT_ATTEMPTS = 8;
const SLOWDOWN_AFTER = 6;
/** The XSS payloads, one per field, each telling which field it came through. */
const XSS = {
  name: '<img src=x onerror=alert("xss-name")>',
  subject: '<script>alert("xss-subject")</script>',
  message: '<svg onload=alert("xss-message")></svg><a href="javascript:alert(1)">x</a>',
  filename: '<img src=x onerror=alert("xss-file")>.txt',
  reply: '"><script>alert("xss-reply")</script>',
};

jest.setTimeout(120_000);

describe('attacks on the API (issue 7)', () => {
  let api: StartedApi;
  /** Every secret value a test used, to look for in the logs at the end. */
  const secrets = new Map<string, string>(Object.entries({ ...ENV, adminPassword: ADMIN.password, agentPassword: AGENT.password }));
  /** 5-digit captcha answers, looked for as whole numbers. */
  const captchaAnswers: string[] = [];
  let nextIp = 1;
  const newIp = () => `198.51.100.${nextIp++}`;

  beforeAll(async () => {
    api = await startApiProcess({
      ...ENV,
      ADMIN_EMAIL: ADMIN.email,
      LOG_LEVEL: 'verbose',
      CAPTCHA_PROVIDER: 'image',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_FAILED_LOOKUPS: String(LOOKUP_LIMIT),
      RATE_LIMIT_SUBMISSIONS: '1000',
      RATE_LIMIT_REQUESTS: '100000',
      STAFF_LOCKOUT_ATTEMPTS: String(LOCKOUT_ATTEMPTS),
      STAFF_LOCKOUT_IP_ATTEMPTS: String(IP_LOCKOUT_ATTEMPTS),
      STAFF_SLOWDOWN_AFTER: String(SLOWDOWN_AFTER),
      STAFF_NOTIFY_EMAIL: 'duty@pidtrymka.test',
      ATTACHMENT_STORE: 'filesystem',
      OUTBOX_WORKER_ENABLED: 'true',
      OUTBOX_POLL_MS: '100',
    });
  }, 120_000);

  afterAll(async () => {
    closeRawAgent();
    await api?.stop();
  });

  // ---- helpers -------------------------------------------------------------------------------

  const call = (ip: string, method: string, path: string, options: CallOptions = {}): Promise<RawResponse> =>
    callRaw(api.url, method, path, { ...options, headers: { 'x-forwarded-for': ip, ...options.headers } });
  const json = jsonOf;

  /** Solves the picture the way a participant reads it: the answer is in the database. */
  async function captcha(ip: string): Promise<{ captchaId: string; captchaAnswer: string }> {
    const { id } = json(await call(ip, 'GET', '/api/captcha'));
    const [{ answer }] = await api.query<{ answer: string }>('SELECT answer FROM captcha_challenges WHERE id = $1', [id]);
    captchaAnswers.push(answer);
    return { captchaId: id, captchaAnswer: answer };
  }

  async function createTicket(ip: string, fields: Record<string, string>, files: { name: string; content: Buffer }[] = [], headers: Record<string, string> = {}): Promise<RawResponse> {
    const boundary = `----hostile${randomBytes(6).toString('hex')}`;
    const body = multipart({ ...fields, ...(await captcha(ip)) }, files.map((f) => ({ field: 'attachments', name: f.name, content: f.content, type: 'application/octet-stream' })), boundary);
    return call(ip, 'POST', '/api/tickets', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers }, body });
  }

  async function signIn(ip: string, who: { email: string; password: string }): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }> {
    const response = await call(ip, 'POST', '/api/staff/auth/sign-in', { json: who });
    expect(response.status).toBe(200);
    const cookie = (response.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    const csrf = json(response).csrfToken as string;
    secrets.set(`session ${secrets.size}`, cookie.split('=')[1]);
    secrets.set(`csrf ${secrets.size}`, csrf);
    return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
  }

  async function sentMails(): Promise<{ file: string; raw: Buffer }[]> {
    const dir = join(api.dataDir, 'mail', 'sent');
    const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.eml')) : [];
    return Promise.all(files.map(async (file) => ({ file, raw: await readFile(join(dir, file)) })));
  }

  const participant = { name: 'Олена Коваль', email: 'olena@client.test', subject: 'Звичайний запит', message: 'Доброго дня!' };
  let agentId = '';

  it('sets up: the admin creates an agent (whose password is one more secret)', async () => {
    const admin = await signIn(newIp(), ADMIN);
    const categoryIds = json(await call(newIp(), 'GET', '/api/categories')).map((c: { id: number }) => c.id);
    const created = await call(newIp(), 'POST', '/api/staff/accounts', { headers: admin.headers, json: { email: AGENT.email, name: AGENT.name, role: 'agent', password: AGENT.password, categoryIds } });
    expect(created.status).toBe(201);
    agentId = json(created).account.id;
    expect(agentId).toMatch(/^[0-9a-f-]{36}$/);
  });

  // ---- stored XSS and header injection in e-mails --------------------------------------------

  it('stored XSS in name, subject, message, file name and reply is inert in every e-mail (escaped in HTML, never markup)', async () => {
    const ip = newIp();
    const email = 'xss@client.test';
    const created = await createTicket(ip, { name: XSS.name, email, subject: XSS.subject, message: XSS.message }, [{ name: XSS.filename, content: Buffer.from('text') }]);
    expect(created.status).toBe(201);
    const { trackingId } = json(created);
    const reply = await call(ip, 'POST', `/api/tickets/${trackingId}/replies`, { json: { email, message: XSS.reply } });
    expect(reply.status).toBe(201);

    // The staff side: a reply quoting the participant's name through a canned response, then closing.
    const admin = await signIn(newIp(), ADMIN);
    const view = json(await call(ip, 'GET', `/api/staff/tickets/${trackingId}`, { headers: admin.headers }));
    const answered = await call(ip, 'POST', `/api/staff/tickets/${trackingId}/messages`, {
      headers: admin.headers,
      json: { body: `Шановний(а) ${XSS.name}, щодо «${XSS.subject}»`, lastSeenMessageId: String(view.messages[view.messages.length - 1].id) },
    });
    expect(answered.status).toBe(201);
    expect((await call(ip, 'PATCH', `/api/staff/tickets/${trackingId}`, { headers: admin.headers, json: { ownerId: agentId } })).status).toBe(200);
    expect((await call(ip, 'PATCH', `/api/staff/tickets/${trackingId}`, { headers: admin.headers, json: { status: 'resolved' } })).status).toBe(200);
    expect((await call(ip, 'POST', '/api/tickets/remind', { json: { email } })).status).toBe(202);

    const templates = ['ticket_created', 'staff_new_ticket', 'staff_participant_reply', 'staff_reply', 'staff_assigned', 'ticket_closed', 'tracking_reminder'];
    await eventually('every e-mail of the story sent', async () => {
      const sent = await api.query<{ template: string }>(`SELECT DISTINCT template FROM outbox WHERE template = ANY($1) AND status = 'sent'`, [templates]);
      return sent.length === templates.length;
    }, 30_000).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await api.query(`SELECT template, status, last_error FROM outbox`))}`);
    });

    const mails = await Promise.all((await sentMails()).map(async ({ raw }) => ({ raw, parsed: await simpleParser(raw) })));
    const html = mails.map((m) => String(m.parsed.html || '')).join('\n');
    expect(html).not.toMatch(/<script|<img src=x|<svg|onerror=|onload=|href="javascript:/i);
    // Rendered, as text: each payload reached some e-mail, escaped.
    for (const field of ['xss-name', 'xss-subject', 'xss-message', 'xss-reply']) expect(html).toContain(field);
    expect(html).toContain('&lt;script&gt;alert(&quot;xss-subject&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(&quot;xss-name&quot;)&gt;');
    // The e-mails' headers: the subject carries the payload as text, nothing else was added.
    for (const { parsed } of mails) for (const key of parsed.headers.keys()) expect(['bcc', 'x-injected']).not.toContain(key);
  });

  it('CR/LF in a name or subject cannot add a header: refused on the site, folded away from e-mail', async () => {
    const ip = newIp();
    const injected = { name: 'Olena\r\nBcc: victim@evil.test', subject: 'Hello\r\nBcc: victim@evil.test\r\nX-Injected: 1', email: 'crlf@client.test', message: 'x' };
    const refused = await createTicket(ip, injected, [], { 'accept-language': 'en' });
    expect(refused.status).toBe(400);
    expect(json(refused).details.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'subject']);
    // By e-mail a subject arrives as an encoded word that decodes to CR/LF; the request's e-mails still carry one line.
    const raw = `From: crlf@client.test\r\nTo: support@localhost\r\nSubject: =?utf-8?Q?Hi=0D=0ABcc:_victim@evil.test=0D=0AX-Injected:_1?=\r\nMessage-ID: <crlf-1@client.test>\r\n\r\nbody\r\n`;
    const piped = await runMailPipe(api, Buffer.from(raw));
    expect(piped).toMatchObject({ status: 'processed' });
    const [ticket] = await api.query<{ tracking_id: string; subject: string }>(`SELECT tracking_id, subject FROM tickets WHERE requester_email = 'crlf@client.test'`);
    expect(ticket.subject).not.toMatch(/[\r\n]/);
    await eventually('its confirmation', () => api.query(`SELECT 1 FROM outbox WHERE status = 'sent' AND payload->>'trackingId' = $1`, [ticket.tracking_id]).then((r) => r.length > 0), 30_000);
    const confirmation = (await sentMails()).find(({ raw: bytes }) => bytes.toString().includes(ticket.tracking_id) && bytes.toString().includes('crlf@client.test'));
    const parsed = await simpleParser(confirmation!.raw);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.to).toMatchObject({ value: [{ address: 'crlf@client.test' }] });
  });

  // ---- files ---------------------------------------------------------------------------------

  it('path traversal and NUL in file names: only the last segment is kept, nothing is written outside the store', async () => {
    const ip = newIp();
    const email = 'files@client.test';
    const traversal = ['../../../../tmp/pidtrymka-escape.txt', '..\\..\\evil.txt'];
    const created = await createTicket(ip, { ...participant, email }, traversal.map((name) => ({ name, content: Buffer.from('x') })));
    expect(created.status).toBe(201);
    // A raw NUL in the part's header is not multipart busboy will read: refused, in the caller's language.
    const rawNul = await createTicket(ip, { ...participant, email }, [{ name: 'a\u0000.txt', content: Buffer.from('y') }], { 'accept-language': 'en' });
    expect(rawNul.status).toBe(400);
    expect(json(rawNul)).toMatchObject({ code: 'malformed_multipart', message: 'The submitted form (multipart/form-data) could not be read.' });
    // Percent-encoded (RFC 5987) it is read, and the NUL and the path go.
    const boundary = 'nul-boundary';
    const body = Buffer.concat([
      multipart({ ...participant, email, ...(await captcha(ip)) }, [], boundary).subarray(0, -`--${boundary}--\r\n`.length),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename*=UTF-8''..%2F..%2Fetc%2Fpass%00wd.txt\r\nContent-Type: text/plain\r\n\r\nz\r\n--${boundary}--\r\n`),
    ]);
    const encoded = await call(ip, 'POST', '/api/tickets', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(encoded.status).toBe(201);
    const stored = await api.query<{ filename: string; storage_key: string }>(`SELECT a.filename, a.storage_key FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.requester_email = $1 ORDER BY a.filename`, [email]);
    expect(stored.map((s) => s.filename)).toEqual(['evil.txt', 'passwd.txt', 'pidtrymka-escape.txt']);
    for (const { storage_key } of stored) expect(storage_key).toMatch(/^[0-9a-f-]{36}$/);
    // The filesystem store holds files named by their keys only, and nothing escaped it.
    expect((await readdir(join(api.dataDir, 'attachments'), { recursive: true })).every((name) => /^[0-9a-f/-]+$/.test(String(name)))).toBe(true);
    expect(existsSync('/tmp/pidtrymka-escape.txt')).toBe(false);
    const { trackingId } = json(created);
    const view = json(await call(ip, 'GET', `/api/tickets/${trackingId}?email=files%40client.test`));
    const download = await call(ip, 'GET', `/api/tickets/${trackingId}/attachments/${view.messages[0].attachments[0].id}?email=files%40client.test`);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="[^/\\"]+"/);
  });

  it('a file whose content contradicts its extension is refused with a localised 400', async () => {
    const ip = newIp();
    const uk = await createTicket(ip, participant, [{ name: 'рахунок.pdf', content: fileSamples.exe }]);
    expect(uk.status).toBe(400);
    expect(json(uk)).toMatchObject({ code: 'attachment_content_mismatch', message: 'Файл «рахунок.pdf» не прийнято: його вміст не відповідає розширенню .pdf.' });
    const en = await createTicket(ip, participant, [{ name: 'photo.png', content: fileSamples.html }], { 'accept-language': 'en' });
    expect(json(en).message).toBe('The file "photo.png" was not accepted: its content does not match the extension .png.');
    expect((await createTicket(ip, participant, [{ name: 'photo.png', content: fileSamples.png }, { name: 'notes.txt', content: fileSamples.txt }])).status).toBe(201);
  });

  // ---- enumeration and brute force -----------------------------------------------------------

  it('R-VIEW-3: enumerating tracking IDs runs into 429 within the limit, and then a real ID is refused too', async () => {
    const real = json(await createTicket(newIp(), participant)).trackingId as string;
    const ip = newIp();
    const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const guess = () => Array.from({ length: 10 }, () => letters[randomBytes(1)[0] % letters.length]).join('').replace(/^(.{3})(.{3})/, '$1-$2-');
    const statuses: number[] = [];
    for (let i = 0; i < LOOKUP_LIMIT + 5; i++) statuses.push((await call(ip, 'GET', `/api/tickets/${guess()}?email=olena%40client.test`)).status);
    expect(statuses.slice(0, LOOKUP_LIMIT)).toEqual(Array(LOOKUP_LIMIT).fill(404));
    expect(statuses.slice(LOOKUP_LIMIT)).toEqual(Array(5).fill(429));
    const blocked = await call(ip, 'GET', `/api/tickets/${real}?email=olena%40client.test`);
    expect(blocked.status).toBe(429);
    expect(json(blocked).code).toBe('too_many_lookups');
    // Per IP: a participant elsewhere still finds the request.
    expect((await call(newIp(), 'GET', `/api/tickets/${real}?email=olena%40client.test`)).status).toBe(200);
  });

  // Issue 12.5 changed this rule: 6 failures used to lock the account from everywhere, so anyone could lock out any staff member.
  it('12.5 sign-in brute force (OWASP ASVS 2.2): locked per account and address and per spraying address, slowed per account, the owner never locked out', async () => {
    const agent = { email: AGENT.email, password: AGENT.password };
    const guess = (i: number) => {
      const wrong = secret('guess');
      secrets.set(`guess ${secrets.size} ${i}`, wrong);
      return wrong;
    };

    // One address guessing one account: locked after STAFF_LOCKOUT_ATTEMPTS, even for the right password.
    const attacker = newIp();
    for (let i = 0; i < LOCKOUT_ATTEMPTS; i++) expect((await call(attacker, 'POST', '/api/staff/auth/sign-in', { json: { email: AGENT.email, password: guess(i) } })).status).toBe(401);
    const locked = await call(attacker, 'POST', '/api/staff/auth/sign-in', { json: agent, headers: { 'accept-language': 'en' } });
    expect(locked.status).toBe(429);
    expect(json(locked).code).toBe('sign_in_locked');
    // The owner, from a second address with no failures, is not locked out.
    expect((await call(newIp(), 'POST', '/api/staff/auth/sign-in', { json: agent })).status).toBe(200);

    // Spraying many accounts from one address locks the address, even for the admin's right password; not the admin elsewhere.
    const sprayer = newIp();
    for (let i = 0; i < IP_LOCKOUT_ATTEMPTS; i++) {
      expect((await call(sprayer, 'POST', '/api/staff/auth/sign-in', { json: { email: `nobody${i}@pidtrymka.test`, password: 'Password123!' } })).status).toBe(401);
    }
    expect((await call(sprayer, 'POST', '/api/staff/auth/sign-in', { json: ADMIN })).status).toBe(429);
    const admin = await signIn(newIp(), ADMIN);

    // A botnet, one guess per address: past STAFF_SLOWDOWN_AFTER failures a new address is told to wait, right password
    // or not, so the guesses teach nothing; the owner at an address they signed in from gets in; the wait ends.
    const target = { email: 'botnet-target@pidtrymka.test', password: secret('botnet-target-password') };
    secrets.set('botnet target', target.password);
    expect((await call(newIp(), 'POST', '/api/staff/accounts', { headers: admin.headers, json: { ...target, name: 'Ціль', role: 'agent' } })).status).toBe(201);
    const home = newIp();
    await signIn(home, target);
    for (let i = 0; i < SLOWDOWN_AFTER; i++) expect((await call(newIp(), 'POST', '/api/staff/auth/sign-in', { json: { email: target.email, password: guess(i) } })).status).toBe(401);
    const slowed = await call(newIp(), 'POST', '/api/staff/auth/sign-in', { json: target, headers: { 'accept-language': 'en' } });
    expect(slowed.status).toBe(429);
    expect(json(slowed)).toMatchObject({ code: 'sign_in_slowed', message: expect.stringMatching(/try again in 1 s/) });
    await signIn(home, target);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await signIn(newIp(), target);
  });

  // ---- CSRF ----------------------------------------------------------------------------------

  it('staff calls that change anything are refused without the session\'s CSRF token (403), with another session\'s too', async () => {
    const ip = newIp();
    const mine = await signIn(ip, ADMIN);
    const other = await signIn(ip, ADMIN);
    const tracking = json(await createTicket(newIp(), participant)).trackingId as string;
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/staff/canned-responses', { title: 't', body: 'b' }],
      ['PATCH', `/api/staff/tickets/${tracking}`, { status: 'resolved' }],
      ['POST', `/api/staff/tickets/${tracking}/messages`, { body: 'b', lastSeenMessageId: '1' }],
      ['POST', '/api/staff/accounts', { email: 'evil@pidtrymka.test', name: 'Evil', role: 'admin' }],
      ['PATCH', `/api/staff/accounts/${agentId}`, { role: 'admin' }],
      ['POST', '/api/staff/auth/sign-out', undefined],
      ['POST', '/api/staff/auth/totp/setup', undefined],
    ];
    for (const [method, path, body] of attempts) {
      for (const token of [undefined, '', 'x'.repeat(43), other.csrf]) {
        const headers: Record<string, string> = { cookie: mine.cookie, ...(token === undefined ? {} : { 'x-csrf-token': token }) };
        const response = await call(ip, method, path, { headers, json: body ?? {} });
        expect([method, path, token === other.csrf ? 'other session' : token, response.status]).toEqual([method, path, token === other.csrf ? 'other session' : token, 403]);
        expect(json(response).code).toBe('csrf_invalid');
      }
    }
    // A cross-site form can send neither the header nor JSON.
    const form = await call(ip, 'POST', '/api/staff/canned-responses', { headers: { cookie: mine.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('title=t&body=b') });
    expect(form.status).toBe(403);
    // Nothing changed, the session lives, and with the token the same call works.
    expect((await call(ip, 'GET', '/api/staff/auth/session', { headers: { cookie: mine.cookie } })).status).toBe(200);
    expect(await api.query(`SELECT 1 FROM staff_accounts WHERE email = 'evil@pidtrymka.test'`)).toEqual([]);
    expect((await call(ip, 'POST', '/api/staff/canned-responses', { headers: mine.headers, json: { title: 't', body: 'b' } })).status).toBe(201);
  });

  // ---- headers on every answer ---------------------------------------------------------------

  it('security headers (CSP with frame-ancestors, nosniff, referrer policy) on every answer: JSON, errors, 429, downloads, docs', async () => {
    const ip = newIp();
    const created = await createTicket(ip, { ...participant, email: 'headers@client.test' }, [{ name: 'a.txt', content: Buffer.from('a') }]);
    const { trackingId } = json(created);
    const view = json(await call(ip, 'GET', `/api/tickets/${trackingId}?email=headers%40client.test`));
    const attachmentId = view.messages[0].attachments[0].id;
    const admin = await signIn(ip, ADMIN);
    const document = json(await call(ip, 'GET', '/api/docs-json'));
    const fill = (path: string) => path.replace('{trackingId}', trackingId).replace('{attachmentId}', attachmentId).replace('{slug}', 'none').replace('{id}', '1');
    const pages: { what: string; path: string; headers?: Record<string, string> }[] = [
      // Every GET of the API, as a participant and as staff.
      ...operationsOf(document)
        .filter((op) => op.method === 'GET')
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it `{}` widens the list's element type and the array no longer type-checks.
        .map((op) => ({ what: `GET ${op.path}`, path: `${fill(op.path)}?email=headers%40client.test`, headers: op.staff ? { cookie: admin.cookie } : ({} as Record<string, string>) })),
      { what: 'the OpenAPI page', path: '/api/docs' },
      { what: 'the OpenAPI YAML', path: '/api/docs-yaml' },
      { what: 'an unknown API route', path: '/api/no-such-page' },
      { what: 'a path outside the API', path: '/no-such-page' },
      { what: 'a staff page signed out', path: '/api/staff/tickets' },
      { what: 'a validation error', path: '/api/kb/articles?page=-1' },
      { what: 'a malformed path', path: '/api/tickets/%E0%A4%A?email=a' },
      // The web app's page (index.html for every page address), when the API serves it.
      { what: 'the portal', path: '/' },
      { what: 'a request page of the portal', path: `/ticket?track=${trackingId}&e=headers%40client.test` },
      { what: 'the staff workspace', path: '/admin/tickets' },
      { what: 'a missing web file', path: '/chunk-MISSING0.js' },
    ];
    const failures: string[] = [];
    const check = (what: string, response: RawResponse) => {
      const csp = String(response.headers['content-security-policy'] ?? '');
      if (!/frame-ancestors '(none|self)'/.test(csp)) failures.push(`${what} (${response.status}): CSP ${JSON.stringify(csp)}`);
      if (response.headers['x-content-type-options'] !== 'nosniff') failures.push(`${what} (${response.status}): no nosniff`);
      if (!/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(String(response.headers['referrer-policy']))) failures.push(`${what} (${response.status}): referrer-policy ${String(response.headers['referrer-policy'])}`);
    };
    for (const page of pages) check(page.what, await call(ip, 'GET', page.path, { headers: page.headers }));
    if (existsSync(join(__dirname, '..', '..', 'apps/web/dist/browser/index.html'))) {
      const portal = await call(ip, 'GET', '/');
      expect([portal.status, portal.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      expect(String(portal.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    }
    check('a JSON POST', await call(ip, 'POST', '/api/tickets/remind', { json: { email: 'headers@client.test' } }));
    check('a malformed JSON body', await call(ip, 'POST', '/api/tickets/remind', { headers: { 'content-type': 'application/json' }, body: Buffer.from('{') }));
    const limited = newIp();
    for (let i = 0; i < LOOKUP_LIMIT; i++) await call(limited, 'GET', '/api/tickets/AAA-AAA-AAAA?email=a%40b.c');
    const tooMany = await call(limited, 'GET', '/api/tickets/AAA-AAA-AAAA?email=a%40b.c');
    expect(tooMany.status).toBe(429);
    check('a 429', tooMany);
    const download = await call(ip, 'GET', `/api/tickets/${trackingId}/attachments/${attachmentId}?email=headers%40client.test`);
    expect(download.status).toBe(200);
    check('a participant\'s download', download);
    const staffDownload = await call(ip, 'GET', `/api/staff/tickets/${trackingId}/attachments/${attachmentId}`, { headers: { cookie: admin.cookie } });
    expect(staffDownload.status).toBe(200);
    check('a staff download', staffDownload);
    expect(failures).toEqual([]);
    expect(pages.length).toBeGreaterThan(15);
  });

  // ---- last: the logs ------------------------------------------------------------------------

  it('no password, session, CSRF or API token, webhook or mail secret, nor captcha answer is in any log line', async () => {
    // The webhook, with a wrong and the right secret, and a TOTP secret made: more secrets through the logs' way.
    const ip = newIp();
    const wrongSecret = secret('wrong-webhook-secret');
    secrets.set('wrong webhook secret', wrongSecret);
    for (const value of [wrongSecret, ENV.CMS_WEBHOOK_SECRET]) {
      await call(ip, 'POST', '/api/kb/webhooks/cms', { headers: { 'x-pidtrymka-webhook-secret': value }, json: { event: 'entry.publish', model: 'article', entry: { documentId: 'x' } } });
    }
    const admin = await signIn(ip, ADMIN);
    const totp = json(await call(ip, 'POST', '/api/staff/auth/totp/setup', { headers: admin.headers }));
    secrets.set('totp secret', totp.secret);
    // A wrong captcha answer a client typed, and a password change.
    const { captchaId } = await captcha(ip);
    const typed = '31337';
    captchaAnswers.push(typed);
    await call(ip, 'POST', '/api/tickets', { json: { ...participant, captchaId, captchaAnswer: typed } });
    const newPassword = secret('new-admin-password');
    secrets.set('new password', newPassword);
    expect((await call(ip, 'POST', '/api/staff/auth/password', { headers: admin.headers, json: { currentPassword: ADMIN.password, newPassword } })).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const lines = api.lines;
    expect(lines.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const [label, value] of secrets) {
      for (const line of lines) if (line.includes(value)) leaks.push(`${label}: ${line.slice(0, 200)}`);
    }
    // Five digits also make process ids, ports and times
    // (and, in JSON logs, a client's port, a request id, a length): those are taken out of a line before looking.
    const noise = new RegExp(
      `\\[Nest\\] \\d+|\\b${api.port}\\b|\\d{1,2}:\\d{2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z?|\\+\\d+ms|"(pid|time|remotePort|responseTime|reqId|id|port|content-length|contentLength|statusCode|level)":"?\\d+"?`,
      'g',
    );
    for (const answer of captchaAnswers) {
      const pattern = new RegExp(`(?<!\\d)${answer}(?!\\d)`);
      for (const line of lines) if (pattern.test(line.replace(noise, ''))) leaks.push(`captcha answer ${answer}: ${line.slice(0, 200)}`);
    }
    expect(leaks).toEqual([]);
    expect(captchaAnswers.length).toBeGreaterThan(5);
    expect(secrets.size).toBeGreaterThan(15);
  });
});

/** npm run mail:pipe, as an MTA hands over one message. */
async function runMailPipe(api: StartedApi, raw: Buffer): Promise<Record<string, unknown>> {
  const { execFile } = await import('node:child_process');
  const script = join(__dirname, '..', '..', 'apps/api/dist/mail-in/cli/mail-pipe.js');
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: api.databaseUrl, DATA_DIR: api.dataDir, MAIL_SECRET: ENV.MAIL_SECRET } }, (error, stdout) =>
      error ? reject(new Error(`mail-pipe failed: ${error.message}`, { cause: error })) : resolve(JSON.parse(stdout)),
    );
    child.stdin!.end(raw);
  });
}
