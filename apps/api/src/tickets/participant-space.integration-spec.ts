import { createHash } from 'node:crypto';
import request from 'supertest';
import { MY_REQUESTS_COUNT_CAP } from '@pidtrymka/contracts';
import { ParticipantAuthService } from '../auth/participant-auth.service';
import { lastSignInLinkToken, ParticipantTestSession, signInLinkToken, SignInMailRow, signInParticipant } from '../testing/participant-session';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const ALICE = 'alice@corp-a.test';
const BOB = 'bob@corp-b.test';
const LINKS_PER_ADDRESS = 3;
const LINKS_PER_IP = 6;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Issue 18: the participant's own space. Sign-in by a one-time e-mailed link
 * (15 minutes, once, stored hashed, rate-limited, the same answer for every
 * address), a session of its own kind (cookie flags, CSRF, no crossing with
 * staff sessions), and "My requests": only the signed-in address's requests.
 */
describe('issue 18: the participant\'s own space', () => {
  let t: TestApp;
  let nextAddress = 1;
  /** A source address of its own for each use: the link limits are per IP too (TRUST_PROXY is on). */
  const newIp = () => `198.51.100.${nextAddress++}`;
  const http = () => request(t.app.getHttpServer());
  let nextParticipant = 1;
  /** An address of its own for each test that signs in again and again: links are limited per address. */
  const freshAddress = () => `participant-${nextParticipant++}@corp-a.test`;

  const askLink = (email: string, ip = newIp(), locale = 'uk') => http().post('/api/participant/auth/link').set('X-Forwarded-For', ip).set('Accept-Language', locale).send({ email });

  /** The token of the newest link e-mailed to the address, read off the e-mail as the outbox renders it (the row holds it sealed). */
  const lastLinkToken = (email: string) => lastSignInLinkToken(t, email);
  const linkTokenOf = (row: SignInMailRow) => signInLinkToken(t, row);

  const redeem = (token: string) => http().post('/api/participant/auth/redeem').set('X-Forwarded-For', newIp()).send({ token });

  const signIn = (email: string) => signInParticipant(t, email, newIp);

  const myRequests = (s: ParticipantTestSession, query: Record<string, string | number> = {}, locale = 'uk') =>
    http().get('/api/participant/requests').set('Cookie', s.cookie).set('Accept-Language', locale).query(query);

  async function createTicket(email: string, subject: string): Promise<string> {
    const { body } = await http().post('/api/tickets').set('X-Forwarded-For', newIp()).send({ name: 'Учасник', email, subject, message: 'Текст запиту' }).expect(201);
    return body.trackingId;
  }

  async function staffSignIn(): Promise<{ cookie: string; token: string; csrf: string }> {
    const answer = await http().post('/api/staff/auth/sign-in').set('X-Forwarded-For', newIp()).send(ADMIN).expect(200);
    const cookie = (answer.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('pidtrymka_staff='))!;
    const token = decodeURIComponent(cookie.split(';')[0].split('=')[1]);
    return { cookie: `pidtrymka_staff=${token}`, token, csrf: answer.body.csrfToken };
  }

  beforeAll(async () => {
    t = await createTestApp({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SCHEDULER_ENABLED: 'false',
      TRUST_PROXY: 'true',
      // https, as behind a TLS proxy: the cookies are then Secure (sent here by hand, supertest's agent keeps them to https).
      PUBLIC_URL: 'https://support.test',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_REQUESTS: '100000',
      RATE_LIMIT_SUBMISSIONS: '1000',
      RATE_LIMIT_SIGN_IN_LINKS: String(LINKS_PER_ADDRESS),
      RATE_LIMIT_SIGN_IN_LINKS_PER_IP: String(LINKS_PER_IP),
    });
  });
  afterAll(() => t?.close());

  describe('the sign-in link', () => {
    it('answers the same for an address with requests and one without, and e-mails both a link to the portal', async () => {
      await createTicket('known@corp-a.test', 'Запит відомої адреси');
      const known = await askLink('Known@Corp-A.test');
      const unknown = await askLink('nobody@corp-z.test');
      expect([known.status, unknown.status]).toEqual([202, 202]);
      expect(known.text).toBe(unknown.text);
      expect(Object.keys(known.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
      const mails: SignInMailRow[] = await t.db.query(
        `SELECT recipient, locale, payload FROM outbox WHERE template = 'participant_sign_in' AND recipient IN ('known@corp-a.test', 'nobody@corp-z.test') ORDER BY id`,
      );
      expect(mails.map((m) => m.recipient)).toEqual(['known@corp-a.test', 'nobody@corp-z.test']);
      expect(mails.every((m) => /^[A-Za-z0-9_-]{43}$/.test(linkTokenOf(m)) && m.payload.minutes === 15)).toBe(true);
    });

    it('waits in the outbox sealed, bound to its address: a dump of the outbox signs nobody in', async () => {
      const address = freshAddress();
      await askLink(address).expect(202);
      const [row]: (SignInMailRow & { whole: string })[] = await t.db.query(
        `SELECT recipient, locale, payload, row_to_json(o)::text AS whole FROM outbox o WHERE template = 'participant_sign_in' AND recipient = $1 ORDER BY id DESC LIMIT 1`,
        [address],
      );
      const token = linkTokenOf(row);
      expect(row.payload.token).toMatch(/^v1:/);
      expect(row.whole).not.toContain(token);
      await redeem(row.payload.token).expect(400);
      // Copied onto another address's e-mail, it does not open.
      expect(() => linkTokenOf({ ...row, recipient: BOB })).toThrow();
      await redeem(token).expect(200);
    });

    it('issue 18: is refused (403, uk/en) when redeemed from another site\'s page, by Origin or else Referer, and stays usable; from our own site it signs in', async () => {
      const address = freshAddress();
      await askLink(address).expect(202);
      const token = await lastLinkToken(address);
      const from = (headers: Record<string, string>, locale = 'uk', linkToken = token) => {
        const call = http().post('/api/participant/auth/redeem').set('X-Forwarded-For', newIp()).set('Accept-Language', locale);
        for (const [name, value] of Object.entries(headers)) call.set(name, value);
        return call.send({ token: linkToken });
      };
      const uk = await from({ Origin: 'https://rival.example' }).expect(403);
      expect(uk.body).toMatchObject({ code: 'origin_not_allowed', message: expect.stringContaining('інша сторінка') });
      expect(uk.headers['set-cookie']).toBeUndefined();
      const en = await from({ Referer: 'https://support.test.rival.example/my-requests/sign-in' }, 'en').expect(403);
      expect(en.body.message).toContain('another page');
      // Origin decides when both are there; a sandboxed page's "null" is no origin of ours.
      await from({ Origin: 'http://evil.test', Referer: 'https://support.test/my-requests' }).expect(403);
      await from({ Origin: 'null' }).expect(403);
      // Our host over plain http is another origin than PUBLIC_URL's https one.
      await from({ Origin: 'http://support.test' }).expect(403);
      // None of that used the link up: from our own page it signs in (any case of the host).
      const answer = await from({ Origin: 'https://Support.test', Referer: 'https://rival.example/' }).expect(200);
      expect((answer.headers['set-cookie'] as unknown as string[]).some((c) => c.startsWith('pidtrymka_participant='))).toBe(true);
      // A Referer alone, of our own site, is enough too.
      await askLink(address).expect(202);
      await from({ Referer: 'https://support.test/my-requests/sign-in' }, 'uk', await lastLinkToken(address)).expect(200);
    });

    it('is stored as the SHA-256 of its token only, valid for 15 minutes', async () => {
      await askLink(ALICE).expect(202);
      const token = await lastLinkToken(ALICE);
      const rows: { token_hash: string; email: string; minutes: number; whole: string }[] = await t.db.query(
        `SELECT token_hash, email, extract(epoch FROM expires_at - created_at) / 60 AS minutes, row_to_json(l)::text AS whole FROM participant_sign_in_links l WHERE token_hash = $1`,
        [sha256(token)],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].email).toBe(ALICE);
      expect(Number(rows[0].minutes)).toBeCloseTo(15, 3);
      expect(rows[0].whole).not.toContain(token);
    });

    it('works once: a second use, or eight at once, sign in exactly once', async () => {
      await askLink(ALICE).expect(202);
      const token = await lastLinkToken(ALICE);
      await redeem(token).expect(200);
      const again = await redeem(token).set('Accept-Language', 'en').expect(400);
      expect(again.body.code).toBe('sign_in_link_invalid');
      expect(again.body.message).toMatch(/not valid/);

      await askLink(ALICE).expect(202);
      const raced = await lastLinkToken(ALICE);
      const answers = await Promise.all(Array.from({ length: 8 }, () => redeem(raced)));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400, 400, 400, 400, 400]);
    });

    it('stops working after its 15 minutes', async () => {
      await askLink(BOB).expect(202);
      const token = await lastLinkToken(BOB);
      await t.db.query(`UPDATE participant_sign_in_links SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(token)]);
      const answer = await redeem(token).expect(400);
      expect(answer.body.code).toBe('sign_in_link_invalid');
      expect(answer.body.message).toMatch(/недійсне/);
    });

    it('refuses an invented or malformed token alike, in the caller\'s language', async () => {
      expect((await redeem('A'.repeat(43)).expect(400)).body.code).toBe('sign_in_link_invalid');
      const malformed = await redeem('<script>').set('Accept-Language', 'en').expect(400);
      expect(malformed.body.message).toMatch(/Link/);
    });

    it(`is limited to ${LINKS_PER_ADDRESS} an hour per address, whoever asks, and ${LINKS_PER_IP} per IP, whatever the addresses (429 in the caller's language)`, async () => {
      for (let i = 0; i < LINKS_PER_ADDRESS; i++) await askLink('flooded@corp-c.test').expect(202);
      const refused = await askLink('FLOODED@corp-c.test', newIp(), 'en').expect(429);
      expect(refused.body.code).toBe('too_many_sign_in_links');
      expect(refused.body.message).toMatch(/Too many sign-in links/);
      const sent = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE template = 'participant_sign_in' AND recipient = 'flooded@corp-c.test'`);
      expect(sent[0].n).toBe(LINKS_PER_ADDRESS);

      const ip = newIp();
      for (let i = 0; i < LINKS_PER_IP; i++) await askLink(`sprayed-${i}@corp-c.test`, ip).expect(202);
      const fromIp = await askLink('sprayed-last@corp-c.test', ip).expect(429);
      expect(fromIp.body.message).toMatch(/Забагато запитів посилання/);
    });

    it('refuses a malformed address with 400 in the caller\'s language', async () => {
      const answer = await askLink('not an address', newIp(), 'en').expect(400);
      expect(answer.body.message).toMatch(/E-mail/);
    });
  });

  describe('the session', () => {
    it('is an httpOnly, Secure (behind https), SameSite=Strict cookie, stored as its SHA-256 only', async () => {
      const ALICE = freshAddress();
      await askLink(ALICE).expect(202);
      const answer = await redeem(await lastLinkToken(ALICE)).expect(200);
      const cookie = (answer.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('pidtrymka_participant='))!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).toMatch(/; Path=\/api/);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.body).toEqual({ email: ALICE, csrfToken: expect.any(String), expiresAt: expect.any(String) });
      const token = decodeURIComponent(cookie.split(';')[0].split('=')[1]);
      const rows = await t.db.query(`SELECT row_to_json(s)::text AS whole FROM participant_sessions s WHERE token_hash = $1`, [sha256(token)]);
      expect(rows).toHaveLength(1);
      expect(rows[0].whole).not.toContain(token);
    });

    it('says who is signed in, with the CSRF token, after a reload', async () => {
      const ALICE = freshAddress();
      const s = await signIn(ALICE);
      const { body } = await http().get('/api/participant/auth/session').set('Cookie', s.cookie).expect(200);
      expect(body).toEqual({ email: ALICE, csrfToken: s.csrf, expiresAt: expect.any(String) });
      const none = await http().get('/api/participant/auth/session').set('Accept-Language', 'en').expect(401);
      expect(none.body.code).toBe('participant_unauthenticated');
      expect(none.body.message).toMatch(/Sign in to see your requests/);
    });

    it('signs out only with the CSRF token (403 without or with a wrong one), and then is gone', async () => {
      const ALICE = freshAddress();
      const s = await signIn(ALICE);
      const without = await http().post('/api/participant/auth/sign-out').set('Cookie', s.cookie).set('Accept-Language', 'en').expect(403);
      expect(without.body.code).toBe('csrf_invalid');
      await http().post('/api/participant/auth/sign-out').set('Cookie', s.cookie).set('X-CSRF-Token', `${s.csrf.slice(0, -1)}x`).expect(403);
      const other = await signIn(ALICE);
      await http().post('/api/participant/auth/sign-out').set('Cookie', s.cookie).set('X-CSRF-Token', other.csrf).expect(403);
      const out = await http().post('/api/participant/auth/sign-out').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).expect(204);
      expect(String(out.headers['set-cookie'])).toMatch(/pidtrymka_participant=;/);
      await myRequests(s).expect(401);
      await myRequests(other).expect(200);
    });

    it('"sign out everywhere" ends every session of the address, and no other address\'s', async () => {
      const ALICE = freshAddress();
      const [here, there, bob] = [await signIn(ALICE), await signIn(ALICE.toUpperCase()), await signIn(BOB)];
      await myRequests(there).expect(200);
      await http().post('/api/participant/auth/sign-out-everywhere').set('Cookie', here.cookie).expect(403);
      await http().post('/api/participant/auth/sign-out-everywhere').set('Cookie', here.cookie).set('X-CSRF-Token', here.csrf).expect(204);
      await myRequests(here).expect(401);
      await myRequests(there).expect(401);
      await myRequests(bob).expect(200);
    });

    it('ends when idle past PARTICIPANT_SESSION_IDLE_DAYS or past its end', async () => {
      const ALICE = freshAddress();
      const idle = await signIn(ALICE);
      await t.db.query(`UPDATE participant_sessions SET last_seen_at = now() - interval '8 days' WHERE token_hash = $1`, [sha256(idle.token)]);
      await myRequests(idle).expect(401);
      const old = await signIn(ALICE);
      await t.db.query(`UPDATE participant_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(old.token)]);
      await myRequests(old).expect(401);
    });
  });

  it('the scheduler\'s sweep forgets spent sessions and links past their 15 minutes, and keeps live ones', async () => {
    const live = await signIn(freshAddress());
    const gone = await signIn(freshAddress());
    await askLink(freshAddress()).expect(202);
    await t.db.query(`UPDATE participant_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(gone.token)]);
    await t.db.query(`UPDATE participant_sign_in_links SET expires_at = now() - interval '1 second'`);
    expect(await t.app.get(ParticipantAuthService).deleteExpired()).toBeGreaterThan(1);
    expect(await t.db.query(`SELECT 1 FROM participant_sign_in_links`)).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM participant_sessions WHERE token_hash = $1`, [sha256(gone.token)])).toEqual([]);
    await myRequests(live).expect(200);
  });

  describe('participant and staff sessions never cross', () => {
    it('a participant session calls no staff endpoint (401 on every one, by the OpenAPI document)', async () => {
      const ALICE = freshAddress();
      const s = await signIn(ALICE);
      const { body: doc } = await http().get('/api/docs-json').expect(200);
      const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
        .filter(([path]) => path.startsWith('/api/staff/') && path !== '/api/staff/auth/sign-in')
        .flatMap(([path, methods]) => Object.keys(methods).map((method) => [method, path.replace(/\{[^}]+\}/g, '1')] as const));
      expect(routes.length).toBeGreaterThan(30);
      for (const [method, path] of routes) {
        const call = (http() as unknown as Record<string, (p: string) => request.Test>)[method](path)
          .set('X-Forwarded-For', newIp())
          .set('Cookie', `${s.cookie}; pidtrymka_staff=${s.token}`)
          .set('X-CSRF-Token', s.csrf);
        const answer = await call;
        expect([method, path, answer.status]).toEqual([method, path, 401]);
      }
    });

    it('a staff session is no participant session, in either cookie', async () => {
      const staff = await staffSignIn();
      await http().get('/api/participant/requests').set('Cookie', staff.cookie).expect(401);
      await http().get('/api/participant/requests').set('Cookie', `pidtrymka_participant=${staff.token}`).expect(401);
      await http().post('/api/participant/auth/sign-out-everywhere').set('Cookie', `pidtrymka_participant=${staff.token}`).set('X-CSRF-Token', staff.csrf).expect(401);
      // And the staff session still works as one.
      await http().get('/api/staff/auth/session').set('Cookie', staff.cookie).expect(200);
    });
  });

  describe('"My requests"', () => {
    let alice: ParticipantTestSession;
    const aliceTickets: string[] = [];
    let bobTicket: string;

    beforeAll(async () => {
      aliceTickets.push(await createTicket('mine@corp-a.test', 'Підпис не працює'));
      aliceTickets.push(await createTicket('Mine@Corp-A.test', 'Рахунок за березень'));
      aliceTickets.push(await createTicket('MINE@corp-a.test', 'Ключ <b>КЕП</b> 100%_done'));
      bobTicket = await createTicket('other@corp-b.test', 'Підпис не працює у Боба');
      alice = await signIn('mine@corp-a.test');
    });

    it('lists the address\'s requests in any case, newest update first, and never another address\'s', async () => {
      const { body } = await myRequests(alice).expect(200);
      expect(body.total).toBe(3);
      expect(body.items.map((i: { trackingId: string }) => i.trackingId).sort()).toEqual([...aliceTickets].sort());
      expect(body.items[0]).toEqual({ trackingId: aliceTickets[2], number: expect.any(Number), subject: 'Ключ <b>КЕП</b> 100%_done', status: 'new', createdAt: expect.any(String), updatedAt: expect.any(String), mine: true, authorName: null });
      expect(body.page).toBe(1);
      expect(body.pageSize).toBe(20);
    });

    it('searches the subject and tracking ID of the participant\'s own requests only', async () => {
      const bySubject = await myRequests(alice, { q: 'підпис' }).expect(200);
      expect(bySubject.body.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([aliceTickets[0]]);
      const byId = await myRequests(alice, { q: aliceTickets[1].slice(0, 7).toLowerCase() }).expect(200);
      expect(byId.body.items.map((i: { trackingId: string }) => i.trackingId)).toContain(aliceTickets[1]);
      expect((await myRequests(alice, { q: bobTicket }).expect(200)).body).toMatchObject({ items: [], total: 0 });
      expect((await myRequests(alice, { q: 'Боба' }).expect(200)).body).toMatchObject({ items: [], total: 0 });
      // LIKE's wildcards match themselves.
      expect((await myRequests(alice, { q: '%' }).expect(200)).body.total).toBe(1);
      expect((await myRequests(alice, { q: '_' }).expect(200)).body.total).toBe(1);
    });

    it('filters by status, sorts by creation, and pages within bounds', async () => {
      expect((await myRequests(alice, { status: 'resolved' }).expect(200)).body.total).toBe(0);
      const created = await myRequests(alice, { sort: 'created', pageSize: 2 }).expect(200);
      expect(created.body.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([aliceTickets[2], aliceTickets[1]]);
      expect(created.body.total).toBe(3);
      const second = await myRequests(alice, { sort: 'created', pageSize: 2, page: 2 }).expect(200);
      expect(second.body.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([aliceTickets[0]]);
      expect((await myRequests(alice, { page: 9 }).expect(200)).body).toMatchObject({ items: [], total: 3, page: 9 });
    });

    it(`counts at most ${MY_REQUESTS_COUNT_CAP} matches and says there are more; a narrower filter counts exactly`, async () => {
      const many = 'many@corp-a.test';
      // As many requests as a large organisation's contact sees, written at once (the API's path is covered above).
      await t.db.query(
        `INSERT INTO tickets (id, number, tracking_id, subject, requester_name, requester_email, locale, status, priority, category_id, channel)
         SELECT gen_random_uuid(), nextval('ticket_number_seq'), 'CAP-' || lpad(g::text, 7, '0'), CASE WHEN g <= 3 THEN 'Рідкісна тема' ELSE 'Звичайна тема' END, 'Учасник', $1, 'uk', 'new', 'medium', 1, 'web'
         FROM generate_series(1, $2::int) g`,
        [many, MY_REQUESTS_COUNT_CAP + 2],
      );
      const session = await signIn(many);
      expect((await myRequests(session, { pageSize: 5 }).expect(200)).body).toMatchObject({ total: MY_REQUESTS_COUNT_CAP, totalCapped: true });
      expect((await myRequests(session, { q: 'Рідкісна' }).expect(200)).body).toMatchObject({ total: 3, totalCapped: false });
      expect((await myRequests(alice).expect(200)).body).toMatchObject({ total: 3, totalCapped: false });
    });

    it.each([
      [{ pageSize: 51 }, 'en', /"Page size" must be at most 50/],
      [{ pageSize: 0 }, 'uk', /«Розмір сторінки» має бути не менше 1/],
      [{ page: 0 }, 'en', /"Page" must be at least 1/],
      [{ page: 1001 }, 'uk', /«Сторінка» має бути не більше 1000/],
      [{ page: 'x' }, 'en', /"Page" must be a whole number/],
      [{ sort: 'subject' }, 'en', /"Sort" must be one of: updated, created/],
      [{ status: 'open' }, 'uk', /«Статус» має містити одне зі значень/],
      [{ q: 'x'.repeat(101) }, 'en', /"Search" may be at most 100 characters/],
      [{ owner: 'me' }, 'en', /Unknown field "owner"/],
    ])('refuses %j with 400 in the caller\'s language (%s)', async (query, locale, message) => {
      const answer = await myRequests(alice, query, locale).expect(400);
      expect(answer.body.message).toMatch(message);
    });

    it('shows a merged-away request as the one it was merged into', async () => {
      const first = await createTicket('merged@corp-a.test', 'Перший');
      const second = await createTicket('merged@corp-a.test', 'Другий');
      const staff = await staffSignIn();
      await http().post(`/api/staff/tickets/${first}/merge`).set('Cookie', staff.cookie).set('X-CSRF-Token', staff.csrf).send({ intoTrackingId: second }).expect(201);
      const s = await signIn('merged@corp-a.test');
      const { body } = await myRequests(s).expect(200);
      expect(body.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([second]);
      // And the old tracking ID still opens the request, with the e-mail, as R-VIEW-3 says.
      const view = await http().get(`/api/tickets/${first}`).query({ email: 'merged@corp-a.test' }).expect(200);
      expect(view.body.trackingId).toBe(second);
    });

    it('R-VIEW-3 stays as it was: tracking ID and e-mail open a request without any session', async () => {
      await http().get(`/api/tickets/${aliceTickets[0]}`).query({ email: 'MINE@corp-a.test' }).expect(200);
      await http().get(`/api/tickets/${aliceTickets[0]}`).query({ email: 'other@corp-b.test' }).expect(404);
    });
  });
});
