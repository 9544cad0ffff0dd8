import type { IncomingMessage } from 'node:http';
import { createCipheriv, randomBytes } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'otplib';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { MailInService } from '../mail-in/mail-in.service';
import { manualParticipant as participant } from '../testing/fixtures';
import { OpenApiComponents, OpenApiSchema, shapeProblems } from '../testing/openapi-shapes';
import { createTestApp, TestApp } from '../testing/test-app';
import { AppConfig } from '../config/app-config';
import { AccountsRepository } from './accounts.repository';
import { SEALED_COLUMNS } from '../secrets/sealed-columns.repository';
import { SecretsService } from '../secrets/secrets.service';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const KEYS_CATEGORY = 3;
const LOCKOUT_ATTEMPTS = 6;
const SLOWDOWN_AFTER = 10;

// argon2 is slow on purpose, and these tests run it many times in parallel.
jest.setTimeout(120_000);

interface Session {
  http: TestAgent;
  csrf: string;
  id: string;
}

describe('12.5 staff accounts and sessions', () => {
  let t: TestApp;
  let admin: Session;
  let nextAddress = 1;
  /** A source address of its own for each use: the sign-in counters are per address (TRUST_PROXY is on). */
  const newAddress = () => `203.0.113.${nextAddress++}`;

  const signInFrom = (address: string, body: Record<string, unknown>, locale = 'uk') =>
    request(t.app.getHttpServer()).post('/api/staff/auth/sign-in').set('X-Forwarded-For', address).set('Accept-Language', locale).send(body);

  async function signIn(credentials: { email: string; password: string; code?: string }, address = newAddress()): Promise<Session> {
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').set('X-Forwarded-For', address).send(credentials).expect(200);
    return { http, csrf: body.csrfToken, id: body.staff.id };
  }

  async function createStaff(email: string, role: 'agent' | 'admin' = 'agent'): Promise<{ email: string; password: string }> {
    const password = `${email}-password`;
    await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ email, name: email, role, password, categoryIds: role === 'agent' ? [KEYS_CATEGORY] : [] }).expect(201);
    return { email, password };
  }

  /** An account with two-factor sign-in on: its TOTP secret and recovery codes. */
  async function createTotpStaff(email: string) {
    const credentials = await createStaff(email);
    const s = await signIn(credentials);
    const setup = await s.http.post('/api/staff/auth/totp/setup').set('X-CSRF-Token', s.csrf).expect(201);
    const secret = setup.body.secret as string;
    const enabled = await s.http.post('/api/staff/auth/totp/enable').set('X-CSRF-Token', s.csrf).send({ code: await generate({ secret }) }).expect(201);
    return { ...credentials, id: s.id, secret, recoveryCodes: enabled.body.recoveryCodes as string[] };
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', TRUST_PROXY: 'true' });
    admin = await signIn(ADMIN);
  });
  afterAll(() => t?.close());

  describe('a second factor works once', () => {
    it('8 parallel sign-ins with one TOTP code: exactly one succeeds', async () => {
      const staff = await createTotpStaff('totp-race@oree.test');
      // The code of enabling used the current step; forget it so that the current code is fresh again.
      await t.db.query(`UPDATE staff_accounts SET totp_last_step = NULL WHERE id = $1`, [staff.id]);
      const code = await generate({ secret: staff.secret });
      // From 8 addresses, so that only the code decides (from one, the lockout per address would join in).
      const answers = await Promise.all(Array.from({ length: 8 }, () => signInFrom(newAddress(), { email: staff.email, password: staff.password, code })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
      expect(answers.filter((a) => a.status === 401).every((a) => a.body.code === 'totp_invalid')).toBe(true);
      // And once more after the race: still a replay.
      expect((await signInFrom(newAddress(), { email: staff.email, password: staff.password, code })).status).toBe(401);
    });

    it('8 parallel sign-ins with one recovery code: exactly one succeeds', async () => {
      const staff = await createTotpStaff('recovery-race@oree.test');
      const code = staff.recoveryCodes[3];
      // Each attempt checks every unused code with argon2: keep the one raced for, so the test measures the race and not the machine.
      await t.db.query(`DELETE FROM staff_recovery_codes WHERE staff_id = $1 AND id <> (SELECT id FROM staff_recovery_codes WHERE staff_id = $1 ORDER BY id OFFSET 3 LIMIT 1)`, [staff.id]);
      const answers = await Promise.all(Array.from({ length: 8 }, () => signInFrom(newAddress(), { email: staff.email, password: staff.password, code })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
      const [{ used }] = await t.db.query(`SELECT count(*)::int AS used FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NOT NULL`, [staff.id]);
      expect(used).toBe(1);
    });
  });

  describe('12.6 TOTP secrets are encrypted at rest (sealed by SecretsService since issue 16)', () => {
    it('the column holds no clear secret; the key is outside the database, private to the service', async () => {
      const staff = await createTotpStaff('sealed@oree.test');
      const rows: { totp_secret: string }[] = await t.db.query(`SELECT totp_secret FROM staff_accounts WHERE totp_secret IS NOT NULL`);
      expect(rows.length).toBeGreaterThanOrEqual(3);
      const secrets = t.app.get(SecretsService);
      for (const { totp_secret } of rows) {
        expect(totp_secret).toMatch(new RegExp(`^v1:${secrets.currentKeyId}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$`));
        expect(totp_secret).not.toMatch(/^[A-Z2-7]+=*$/);
      }
      const mine: string = (await t.db.query(`SELECT totp_secret FROM staff_accounts WHERE id = $1`, [staff.id]))[0].totp_secret;
      expect(mine).not.toContain(staff.secret);
      expect(Buffer.from(mine.split(':')[4], 'base64url').toString('latin1')).not.toContain(staff.secret);
      expect((await stat(join(t.dataDir, 'secrets-key'))).mode & 0o777).toBe(0o600);
      // A sealed secret copied onto another account does not open there.
      expect(secrets.open(SEALED_COLUMNS.totpSecret, staff.id, mine)).toBe(staff.secret);
      expect(() => secrets.open(SEALED_COLUMNS.totpSecret, admin.id, mine)).toThrow(/integrity/);
    });

    it('a clear secret left by an earlier version is sealed on start, and its codes still work', async () => {
      const staff = await createTotpStaff('legacy@oree.test');
      await t.db.query(`UPDATE staff_accounts SET totp_secret = $2, totp_last_step = NULL WHERE id = $1`, [staff.id, staff.secret]);
      await t.app.get(SecretsService).onModuleInit();
      const [{ totp_secret }] = await t.db.query(`SELECT totp_secret FROM staff_accounts WHERE id = $1`, [staff.id]);
      expect(totp_secret).toMatch(/^v1:/);
      await signIn({ email: staff.email, password: staff.password, code: await generate({ secret: staff.secret }) });
    });

    it('issue 16: a secret of the earlier `enc1:` form (DATA_DIR/totp-key) is sealed again on start, its codes still working', async () => {
      const staff = await createTotpStaff('enc1@oree.test');
      // Exactly as the TotpSecrets of issue 12.6 stored it: iv ‖ tag ‖ ciphertext, the account id as AAD.
      const legacyKey = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', legacyKey, iv).setAAD(Buffer.from(staff.id));
      const ciphertext = Buffer.concat([cipher.update(staff.secret, 'utf8'), cipher.final()]);
      const enc1 = `enc1:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
      await writeFile(join(t.dataDir, 'totp-key'), `${legacyKey.toString('hex')}\n`, { mode: 0o600 });
      await t.db.query(`UPDATE staff_accounts SET totp_secret = $2, totp_last_step = NULL WHERE id = $1`, [staff.id, enc1]);
      await t.app.get(SecretsService).onModuleInit();
      const [{ totp_secret }] = await t.db.query(`SELECT totp_secret FROM staff_accounts WHERE id = $1`, [staff.id]);
      expect(totp_secret).toMatch(/^v1:/);
      await signIn({ email: staff.email, password: staff.password, code: await generate({ secret: staff.secret }) });
    });
  });

  describe('sign-in only from our own pages (login CSRF), like the participant\'s link', () => {
    it('another site\'s page gets 403 in uk/en, no cookie, and spends nothing of the lockout; our own page signs in', async () => {
      const owner = await createStaff('login-csrf@oree.test');
      const address = newAddress();
      const from = (headers: Record<string, string>, locale = 'uk') => {
        const call = signInFrom(address, owner, locale);
        for (const [name, value] of Object.entries(headers)) call.set(name, value);
        return call;
      };
      for (let i = 0; i < LOCKOUT_ATTEMPTS + 1; i++) {
        const refused = await from({ Origin: 'https://rival.example' }).expect(403);
        expect(refused.body).toMatchObject({ code: 'origin_not_allowed', message: expect.stringContaining('інша сторінка') });
        expect(refused.headers['set-cookie']).toBeUndefined();
      }
      expect((await from({ Referer: 'https://rival.example/login' }, 'en').expect(403)).body.message).toContain('another page');
      await from({ Origin: 'null' }).expect(403);
      const signedIn = await from({ Origin: new URL(t.app.get(AppConfig).publicUrl).origin }).expect(200);
      expect((signedIn.headers['set-cookie'] as unknown as string[]).some((c) => c.startsWith('pidtrymka_staff='))).toBe(true);
    });
  });

  describe('sign-in lockout per account and address, slowdown per account (OWASP ASVS 2.2)', () => {
    it('6 bad passwords from one address lock that address out of the account, not the owner at another address', async () => {
      const victim = await createStaff('victim@oree.test');
      const attacker = newAddress();
      const statuses: number[] = [];
      for (let i = 0; i < LOCKOUT_ATTEMPTS + 1; i++) statuses.push((await signInFrom(attacker, { email: victim.email, password: `guess-${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
      // The attacker learns nothing more, not even from the right password.
      const locked = await signInFrom(attacker, victim, 'en');
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ code: 'sign_in_locked', message: expect.stringMatching(/try again in 15 min/) });
      expect((await signInFrom(attacker, victim)).body.message).toMatch(/Спробуйте знову через 15 хв/);
      // The owner, from an address with no failures, signs in at once.
      expect((await signInFrom(newAddress(), victim)).status).toBe(200);
      // And the locked address may still sign in to other accounts: it is the pair that is locked.
      expect((await signInFrom(attacker, ADMIN)).status).toBe(200);
    });

    it('parallel guesses from one address get no more than the lockout\'s attempts between them', async () => {
      const target = await createStaff('parallel-target@oree.test');
      const attacker = newAddress();
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => signInFrom(attacker, { email: target.email, password: `parallel-${i}` })));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(LOCKOUT_ATTEMPTS);
      expect(statuses.filter((s) => s === 429)).toHaveLength(16 - LOCKOUT_ATTEMPTS);
    });

    it('a good sign-in ends the run of failures of its address', async () => {
      const owner = await createStaff('typo@oree.test');
      const home = newAddress();
      for (let i = 0; i < LOCKOUT_ATTEMPTS - 1; i++) expect((await signInFrom(home, { email: owner.email, password: `typo-${i}` })).status).toBe(401);
      expect((await signInFrom(home, owner)).status).toBe(200);
      for (let i = 0; i < LOCKOUT_ATTEMPTS - 1; i++) expect((await signInFrom(home, { email: owner.email, password: `typo-${i}` })).status).toBe(401);
      expect((await signInFrom(home, owner)).status).toBe(200);
    });

    it('an address that sprays many accounts is locked for every account', async () => {
      const sprayer = newAddress();
      // STAFF_LOCKOUT_IP_ATTEMPTS, 20 by default.
      for (let i = 0; i < 20; i++) expect((await signInFrom(sprayer, { email: `nobody${i}@oree.test`, password: 'Password123!' })).status).toBe(401);
      const locked = await signInFrom(sprayer, ADMIN);
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('sign_in_locked');
      expect((await signInFrom(newAddress(), ADMIN)).status).toBe(200);
    });

    it('guesses from many addresses slow the account down with a growing delay, which spares the owner\'s addresses and never locks', async () => {
      const owner = await createStaff('botnet-target@oree.test');
      const home = newAddress();
      await signIn(owner, home);
      for (let i = 0; i < SLOWDOWN_AFTER; i++) expect((await signInFrom(newAddress(), { email: owner.email, password: `botnet-${i}` })).status).toBe(401);

      // A new address is told to wait, even with the right password: nothing is evaluated, nothing learnt.
      const slowed = await signInFrom(newAddress(), owner, 'en');
      expect(slowed.status).toBe(429);
      expect(slowed.body).toMatchObject({ code: 'sign_in_slowed', message: expect.stringMatching(/try again in \d+ s/) });
      // The owner at an address the account signed in from is not slowed.
      expect((await signInFrom(home, owner)).status).toBe(200);

      // The delay doubles with each further failure, up to STAFF_SLOWDOWN_MAX_SECONDS (60): a slowdown, never a lock.
      const delays: number[] = [];
      const repository = t.app.get(AccountsRepository);
      const [{ id }] = await t.db.query(`SELECT id FROM staff_accounts WHERE email = $1`, [owner.email]);
      for (let i = 0; i < 8; i++) {
        await repository.recordAccountFailure(id, SLOWDOWN_AFTER, 15 * 60_000, 60_000);
        const [{ delay }] = await t.db.query(`SELECT extract(epoch FROM slowed_until - failed_sign_in_at)::float8 AS delay FROM staff_accounts WHERE id = $1`, [id]);
        delays.push(Math.round(delay));
      }
      expect(delays).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);

      // When a delay ends, one attempt goes through, not one per address of a botnet firing at once.
      await t.db.query(`UPDATE staff_accounts SET slowed_until = now() - interval '1 millisecond' WHERE id = $1`, [id]);
      const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => signInFrom(newAddress(), { email: owner.email, password: `burst-${i}` })));
      expect(burst.map((a) => a.status).sort()).toEqual([401, 429, 429, 429, 429, 429, 429, 429]);

      // Once the delay is over, anyone may try again, the owner from a new place included.
      await t.db.query(`UPDATE staff_accounts SET slowed_until = now() - interval '1 millisecond' WHERE id = $1`, [id]);
      expect((await signInFrom(newAddress(), owner)).status).toBe(200);
    });
  });

  describe('canned responses belong to their author; shared ones are changed only by admins', () => {
    it('PUT and DELETE by every role on every author\'s response', async () => {
      const author = await signIn(await createStaff('author@oree.test'));
      const other = await signIn(await createStaff('other-agent@oree.test'));
      const secondAdmin = await signIn(await createStaff('second-admin@oree.test', 'admin'));
      const people = { admin, secondAdmin, author, other } as const;
      type Who = keyof typeof people;
      // [whose response, who writes, may they]
      const cases: [Who, Who, boolean][] = [
        ['admin', 'admin', true],
        ['admin', 'secondAdmin', true],
        ['admin', 'author', false],
        ['admin', 'other', false],
        ['author', 'author', true],
        ['author', 'other', false],
        ['author', 'admin', true],
      ];
      for (const [owner, writer, allowed] of cases) {
        for (const method of ['put', 'delete'] as const) {
          const created = await people[owner].http.post('/api/staff/canned-responses').set('X-CSRF-Token', people[owner].csrf).send({ title: `${owner}'s`, body: 'Текст' }).expect(201);
          const path = `/api/staff/canned-responses/${created.body.id}`;
          const call = people[writer].http[method](path).set('X-CSRF-Token', people[writer].csrf).set('Accept-Language', 'en');
          const answer = await (method === 'put' ? call.send({ title: 'changed', body: 'changed' }) : call);
          expect([owner, writer, method, answer.status]).toEqual([owner, writer, method, allowed ? (method === 'put' ? 200 : 204) : 403]);
          const [row] = await t.db.query(`SELECT title FROM canned_responses WHERE id = $1`, [created.body.id]);
          if (allowed) expect(method === 'put' ? row?.title : row).toEqual(method === 'put' ? 'changed' : undefined);
          else {
            expect(answer.body).toMatchObject({ code: 'canned_response_not_yours', message: 'Only its author or an admin may change or delete a canned response.' });
            expect(row.title).toBe(`${owner}'s`);
          }
        }
      }
    });
  });

  describe('every staff input is validated before it reaches PostgreSQL', () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const impossible = ['2020-02-30', '2021-02-29', '2020-04-31', '2020-13-01', '2020-01-01T24:00', '2020-W01', '2020-366', '+002020-01-01'];

    it('impossible dates, out-of-range numbers and cursors with wrong contents answer 400 in uk and en', async () => {
      const bad: string[] = [];
      for (const path of ['/api/staff/tickets', '/api/staff/tickets/counts']) {
        for (const field of ['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo']) for (const value of impossible) bad.push(`${path}?${field}=${encodeURIComponent(value)}`);
        for (const value of ['2147483648', '99999999999', '1e3', '0', '-1']) bad.push(`${path}?categoryId=${value}`);
      }
      for (const value of ['101', '99999999999', '0']) bad.push(`/api/staff/tickets?limit=${value}`, `/api/staff/mail/quarantine?limit=${value}`, `/api/staff/mail/failed?limit=${value}`);
      const cursors = [
        cursor(['abc', 1]),
        cursor(['2026-01-01 00:00:00+00', 1e20]),
        cursor(['2026-01-01 00:00:00+00', 2147483648]),
        cursor(['2026-01-01 00:00:00+00', '1']),
        cursor(['2026-01-01 00:00:00+00', 1.5]),
        cursor(['2020-02-30 00:00:00+00', 1]),
        cursor(['2026-01-01 00:00:00+00', 1, 2]),
        cursor([1, 2]),
        cursor({ key: 'x', number: 1 }),
        cursor('x'),
        cursor(null),
        'not base64 at all!',
      ];
      for (const value of cursors) bad.push(`/api/staff/tickets?cursor=${encodeURIComponent(value)}`);
      for (const value of [cursor(['99999999999', 1]), cursor(['abc', 1]), cursor(['2026-01-01 00:00:00+00', 1])]) {
        bad.push(`/api/staff/tickets?sort=number&cursor=${value}`, `/api/staff/tickets?sort=priority&cursor=${value}`);
      }
      for (const value of ['99999999999999999999', '-1', '1.5', 'abc']) bad.push(`/api/staff/mail/quarantine?cursor=${value}`, `/api/staff/mail/failed?cursor=${value}`);

      const answers: string[] = [];
      for (const path of bad) {
        const en = await admin.http.get(path).set('Accept-Language', 'en');
        const uk = await admin.http.get(path);
        if (en.status !== 400 || uk.status !== 400 || en.body.message === uk.body.message || !/[а-яіїє]/i.test(uk.body.message)) answers.push(`${path} → ${en.status} ${uk.status} ${en.body.message} / ${uk.body.message}`);
      }
      expect(answers).toEqual([]);
    });

    it('real dates and cursors the API gave still work', async () => {
      for (let i = 0; i < 3; i++) await t.http.post('/api/tickets').send(participant).expect(201);
      for (const value of ['2020-02-29', '2024-12-31T23:59:59Z', '2026-01-01T00:00:00+05:30']) {
        await admin.http.get(`/api/staff/tickets?createdFrom=${encodeURIComponent(value)}`).expect(200);
        await admin.http.get(`/api/staff/tickets/counts?updatedTo=${encodeURIComponent(value)}`).expect(200);
      }
      for (const sort of ['updated', 'created', 'number', 'priority']) {
        const first = await admin.http.get(`/api/staff/tickets?sort=${sort}&limit=1`).expect(200);
        expect(first.body.nextCursor).toEqual(expect.any(String));
        const second = await admin.http.get(`/api/staff/tickets?sort=${sort}&limit=1&cursor=${first.body.nextCursor}`).expect(200);
        expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      }
    });

    it('ids out of range in bodies and paths answer 400 or 404, never 500', async () => {
      const ticket = (await t.http.post('/api/tickets').send(participant).expect(201)).body;
      for (const categoryId of [2147483648, 1e12, 99999999999]) {
        const patch = await admin.http.patch(`/api/staff/tickets/${ticket.trackingId}`).set('X-CSRF-Token', admin.csrf).send({ categoryId });
        expect(patch.status).toBe(400);
        const account = await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ email: `range${categoryId}@oree.test`, name: 'R', role: 'agent', categoryIds: [categoryId] });
        expect(account.status).toBe(400);
        expect((await t.http.post('/api/tickets').send({ ...participant, categoryId })).status).toBe(400);
      }
      const dashes = '-'.repeat(36);
      await admin.http.get(`/api/staff/tickets/${ticket.trackingId}/attachments/${dashes}`).expect(404);
      await admin.http.put(`/api/staff/canned-responses/${dashes}`).set('X-CSRF-Token', admin.csrf).send({ title: 't', body: 'b' }).expect(404);
      await admin.http.delete(`/api/staff/canned-responses/${dashes}`).set('X-CSRF-Token', admin.csrf).expect(404);
    });
  });

  describe('every /api answer with personal data is Cache-Control: no-store', () => {
    /** A superagent parser that reads a response for 200 ms, then closes it (at run time it gets Node's IncomingMessage). */
    const firstMoments = (response: unknown, done: (error: Error | null, body: unknown) => void) => {
      const incoming = response as IncomingMessage;
      incoming.on('data', () => undefined);
      setTimeout(() => {
        incoming.destroy();
        done(null, {});
      }, 200);
    };
    /** Public, the same for everyone: explicitly cacheable (revalidated). Everything else must be no-store. */
    const PUBLIC = new Set(['/api/categories', '/api/kb/categories', '/api/kb/articles', '/api/kb/articles/{slug}', '/api/kb/suggest', '/api/attachments/limits']);

    it('walks every GET of the OpenAPI document, signed in and out', async () => {
      const ticket = (
        await t.http.post('/api/tickets').field({ ...participant, categoryId: String(KEYS_CATEGORY) }).attach('attachments', Buffer.from('hello'), 'instruction.txt').expect(201)
      ).body;
      const view = (await admin.http.get(`/api/staff/tickets/${ticket.trackingId}`).expect(200)).body;
      const attachmentId = view.messages[0].attachments[0].id as string;
      const canned = (await admin.http.post('/api/staff/canned-responses').set('X-CSRF-Token', admin.csrf).send({ title: 't', body: 'b' }).expect(201)).body;
      await t.app.get(MailInService).receive(Buffer.from('not an e-mail at all'), 'test');
      const quarantined: { id: string }[] = await t.db.query(`SELECT id FROM inbound_messages WHERE status = 'quarantined' LIMIT 1`);
      const values: Record<string, string> = {
        trackingId: ticket.trackingId,
        attachmentId,
        id: canned.id,
        email: participant.email,
        slug: 'no-such-article',
      };
      type Get = { parameters?: { name: string; in: string; required?: boolean }[]; responses: Record<string, { content?: Record<string, { schema: OpenApiSchema }> }> };
      const document = (await t.http.get('/api/docs-json').expect(200)).body as OpenApiComponents & { paths: Record<string, { get?: Get }> };
      const checked: string[] = [];
      const wrong: string[] = [];
      const misshapen: string[] = [];
      for (const [template, item] of Object.entries(document.paths)) {
        if (!item.get) continue;
        let path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(template.startsWith('/api/staff/mail/quarantine/') && quarantined[0] ? quarantined[0].id : values[name]));
        const query = (item.get.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(values[p.name])}`);
        if (query.length) path += `?${query.join('&')}`;
        // The workspace's live stream never ends: its headers, and what came in its first 200 ms.
        const stream = Boolean(item.get.responses['200']?.content?.['text/event-stream']);
        for (const who of [admin.http, t.http]) {
          const answer = stream ? await who.get(path).buffer(false).parse(firstMoments) : await who.get(path);
          const cacheControl = String(answer.headers['cache-control'] ?? '');
          checked.push(`${answer.status} ${path}`);
          // A public route's error answer (an unknown article) keeps the default: nothing is lost by not caching it.
          const ok = PUBLIC.has(template) ? answer.status !== 200 || /public/.test(cacheControl) : /\bno-store\b/.test(cacheControl);
          if (!ok) wrong.push(`${answer.status} ${path}: ${cacheControl}`);
          // Issue 14: an ETag only where a cache may keep the answer, and there it still revalidates.
          const etag = answer.headers['etag'] as string | undefined;
          if (/\bno-store\b/.test(cacheControl) && etag) wrong.push(`${answer.status} ${path}: no-store with an ETag`);
          if (PUBLIC.has(template) && answer.status === 200) {
            const again = etag ? await who.get(path).set('If-None-Match', etag) : null;
            if (again?.status !== 304) wrong.push(`${answer.status} ${path}: not revalidated (ETag ${etag}, then ${again?.status})`);
          }
          // Issue 13: a JSON answer has the shape its documented schema says (the response DTOs of libs/contracts' types).
          const schema = item.get.responses[String(answer.status)]?.content?.['application/json']?.schema;
          if (answer.status === 200 && /json/.test(String(answer.headers['content-type']))) {
            if (!schema) misshapen.push(`${path}: no documented schema`);
            else misshapen.push(...shapeProblems(document, schema, answer.body).map((problem) => `${path} ${problem}`));
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(misshapen).toEqual([]);
      // The ones that matter answered with their data, not an error.
      for (const path of [`/api/staff/tickets/${ticket.trackingId}`, '/api/staff/tickets', '/api/staff/accounts', '/api/staff/mail/quarantine', `/api/tickets/${ticket.trackingId}?email=`, `/api/tickets/${ticket.trackingId}/attachments/${attachmentId}`]) {
        expect(checked.some((line) => line.startsWith('200 ') && line.includes(path))).toBe(true);
      }
      expect(checked.length).toBeGreaterThanOrEqual(2 * 25);
    });
  });
});
