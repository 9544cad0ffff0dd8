import { createHash, randomBytes } from 'node:crypto';
import { fileSamples } from '../../apps/api/src/testing/file-samples';
import { startApiProcess, StartedApi } from '../support/api-process';
import { multipart, Operation, operationsOf } from './support/openapi-fuzz';
import { CallOptions, callRaw, closeRawAgent, jsonOf, RawResponse } from './support/raw-http';

/**
 * Issue 18, "Privacy, proven", as an attacker tries it. Olena (Corp A) writes
 * a private request and a shared one; Petro, her colleague at Corp A, and Rex,
 * of Corp B, are signed in. Each walks every participant-facing endpoint of
 * the API's own OpenAPI document (so a route added later is walked too), with
 * his session and CSRF token, his own address wherever one is asked for, and
 * every identifier he could know or guess. Nothing of Olena's private request
 * reaches Petro, nothing of Corp A reaches Rex — not its words, file name,
 * file bytes, tracking ID, nor a count that moves — and nothing they send
 * changes her requests.
 */
const ADMIN = { email: 'admin@pidtrymka.test', password: `admin-${randomBytes(9).toString('base64url')}` };
const OLENA = { name: 'Олена Корпорація-А', email: 'olena@corp-a.example' };
const PETRO = { name: 'Петро Корпорація-А', email: 'petro@corp-a.example' };
const REX = { name: 'Rex Company-B', email: 'rex@corp-b.example' };
const PRIVATE_WORDS = 'ОЛЕНА-ОСОБИСТЕ-5150';
const PRIVATE_FILE = 'olena-private-5150.pdf';
const PRIVATE_BYTES = Buffer.concat([fileSamples.pdf, Buffer.from(`%${PRIVATE_WORDS}-bytes\n`)]);
const SHARED_WORDS = 'КОРП-А-СПІЛЬНЕ-6262';
const SHARED_FILE = 'corp-a-shared-6262.pdf';
const SHARED_BYTES = Buffer.concat([fileSamples.pdf, Buffer.from(`%${SHARED_WORDS}-bytes\n`)]);

jest.setTimeout(180_000);

describe('issue 18: a contact never sees a colleague\'s private request nor another organisation\'s (hostile)', () => {
  let api: StartedApi;
  let nextIp = 1;
  const ip = () => `203.0.113.${nextIp++}`;

  beforeAll(async () => {
    api = await startApiProcess({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ATTACHMENT_STORE: 'filesystem' });
  }, 120_000);
  afterAll(async () => {
    closeRawAgent();
    await api?.stop();
  });

  const call = (method: string, path: string, options: CallOptions = {}): Promise<RawResponse> =>
    callRaw(api.url, method, path, { ...options, headers: { 'x-forwarded-for': ip(), ...options.headers } });

  async function staffSignIn(): Promise<Record<string, string>> {
    const response = await call('POST', '/api/staff/auth/sign-in', { json: ADMIN });
    expect(response.status).toBe(200);
    return { cookie: (response.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': jsonOf(response).csrfToken };
  }

  /**
   * A participant session as the one-time link leaves it, written straight
   * into its table: the sign-in is participant-space's to prove; this spec
   * proves what a session may reach.
   */
  async function participantSession(email: string): Promise<Record<string, string>> {
    const token = randomBytes(32).toString('base64url');
    await api.query(`INSERT INTO participant_sessions (token_hash, email, ip, expires_at) VALUES ($1, $2, '127.0.0.1', now() + interval '1 day')`, [
      createHash('sha256').update(token).digest('hex'),
      email,
    ]);
    return { cookie: `pidtrymka_participant=${token}`, 'x-csrf-token': createHash('sha256').update(`csrf:${token}`).digest('base64url') };
  }

  async function submit(who: { name: string; email: string }, subject: string, message: string, visibility: string, file: { name: string; content: Buffer }): Promise<string> {
    const boundary = `----x${randomBytes(6).toString('hex')}`;
    const body = multipart({ name: who.name, email: who.email, subject, message, visibility }, [{ field: 'attachments', name: file.name, content: file.content, type: 'application/pdf' }], boundary);
    const response = await call('POST', '/api/tickets', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(response.status).toBe(201);
    return jsonOf(response).trackingId;
  }

  it('every participant-facing endpoint, walked with a session, answers a colleague and a rival without a trace of what is not theirs', async () => {
    const admin = await staffSignIn();
    for (const org of [
      { nameUk: 'Корпорація А', emailDomains: ['corp-a.example'], contacts: [OLENA, PETRO], defaultVisibility: 'organisation' },
      { nameUk: 'Company B', emailDomains: ['corp-b.example'], contacts: [REX] },
    ]) {
      expect((await call('POST', '/api/staff/organisations', { headers: admin, json: org })).status).toBe(201);
    }
    const privateOne = await submit(OLENA, 'Особисте питання Олени', `Ціна: ${PRIVATE_WORDS}`, 'private', { name: PRIVATE_FILE, content: PRIVATE_BYTES });
    const sharedOne = await submit(OLENA, 'Спільне питання Корпорації А', `Для колег: ${SHARED_WORDS}`, 'organisation', { name: SHARED_FILE, content: SHARED_BYTES });
    const rexOwn = await submit(REX, 'Rex asks', 'Rex\'s own question', 'organisation', { name: 'rex.pdf', content: fileSamples.pdf });

    const olena = await participantSession(OLENA.email);
    const petro = await participantSession(PETRO.email);
    const rex = await participantSession(REX.email);
    const viewOf = async (session: Record<string, string>, trackingId: string) => {
      const response = await call('GET', `/api/participant/requests/${trackingId}`, { headers: session });
      expect(response.status).toBe(200);
      return jsonOf(response);
    };
    const privateView = await viewOf(olena, privateOne);
    const sharedView = await viewOf(olena, sharedOne);
    // The colleague does see the shared one: the walk below is not vacuous.
    expect((await viewOf(petro, sharedOne)).messages[0].body).toContain(SHARED_WORDS);

    // Staff answer both, so that messages of each exist to be named.
    const staffReply = async (trackingId: string, body: string) => {
      const seen = jsonOf(await call('GET', `/api/staff/tickets/${trackingId}`, { headers: admin })).messages.at(-1).id as string;
      const written = await call('POST', `/api/staff/tickets/${trackingId}/messages`, { headers: admin, json: { body, internal: false, lastSeenMessageId: seen } });
      expect(written.status).toBe(201);
      return jsonOf(written).message.id as string;
    };
    const privateReply = await staffReply(privateOne, `Відповідь Олені: ${PRIVATE_WORDS}`);
    const sharedReply = await staffReply(sharedOne, `Відповідь Корпорації А: ${SHARED_WORDS}`);

    const privateMarkers = [PRIVATE_WORDS, PRIVATE_FILE, privateOne, 'Особисте питання Олени'];
    const corpAMarkers = [...privateMarkers, SHARED_WORDS, SHARED_FILE, sharedOne, OLENA.email, OLENA.name, PETRO.email];
    const probers = [
      { who: 'Petro (colleague)', self: PETRO, session: petro, markers: privateMarkers },
      { who: 'Rex (Corp B)', self: REX, session: rex, markers: corpAMarkers },
    ];
    const values: Record<string, string[]> = {
      trackingId: [privateOne, privateOne.toLowerCase(), privateOne.replace(/-/g, ''), sharedOne, rexOwn],
      attachmentId: [privateView.messages[0].attachments[0].id, sharedView.messages[0].attachments[0].id],
      messageId: [privateView.messages[0].id, privateReply, sharedReply],
      slug: ['probe'],
    };
    const document = jsonOf(await call('GET', '/api/docs-json'));
    // Every operation but staff's and the sign-outs (which would end the prober's own session mid-walk, and read nothing).
    const ops = operationsOf(document).filter((op: Operation) => op.path.startsWith('/api/') && !op.path.startsWith('/api/staff') && !op.path.includes('/sign-out'));
    const walked = new Set<string>();
    const answers: { request: string; status: number; body: string }[] = [];
    const counts: Record<string, number[]> = {};

    for (const prober of probers) {
      for (const op of ops) {
        const unknown = op.pathParams.filter((name) => !values[name]);
        // A new kind of identifier in a participant path must be taught to this walk, not skipped.
        expect({ path: op.path, unknownParams: unknown }).toEqual({ path: op.path, unknownParams: [] });
        const combinations = op.pathParams.reduce<Record<string, string>[]>((all, name) => all.flatMap((partial) => values[name].map((value) => ({ ...partial, [name]: value }))), [{}]);
        for (const params of combinations) {
          const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
          const query = op.query.some((q) => q.name === 'email') ? `?email=${encodeURIComponent(prober.self.email)}` : '';
          const fields: Record<string, unknown> = {};
          for (const name of Object.keys(op.body?.properties ?? {})) {
            fields[name] = { email: prober.self.email, name: prober.self.name, message: 'probe', subject: 'probe', rating: 'not_helpful', visibility: 'organisation', q: PRIVATE_WORDS, emails: [prober.self.email] }[name];
          }
          const body = op.method === 'GET' ? undefined : Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
          const response = await call(op.method, `${path}${query}`, { headers: prober.session, ...(body ? { json: body } : {}) });
          walked.add(`${op.method} ${op.path}`);
          answers.push({ request: `${prober.who}: ${op.method} ${path}${query}`, status: response.status, body: response.body.toString('latin1') + response.body.toString('utf8') });
        }
      }
      // "My requests" and its totals, whatever the search: only what is theirs (or shared with them).
      for (const q of ['Особисте', 'Олени', privateOne, privateOne.slice(0, 7), 'Корпорації А', sharedOne]) {
        const response = await call('GET', `/api/participant/requests?pageSize=50&q=${encodeURIComponent(q)}`, { headers: prober.session });
        expect(response.status).toBe(200);
        (counts[prober.who] ??= []).push(jsonOf(response).total);
        answers.push({ request: `${prober.who}: my requests q=${q}`, status: response.status, body: response.body.toString('utf8') });
      }
      const all = jsonOf(await call('GET', '/api/participant/requests?pageSize=50', { headers: prober.session }));
      expect(all.total).toBe(all.items.length);
      answers.push({ request: `${prober.who}: my requests`, status: 200, body: JSON.stringify(all) });
    }

    expect([...walked]).toEqual(
      expect.arrayContaining([
        'GET /api/participant/requests', 'GET /api/participant/requests/{trackingId}', 'POST /api/participant/requests/{trackingId}/replies',
        'GET /api/participant/requests/{trackingId}/attachments/{attachmentId}', 'PUT /api/participant/requests/{trackingId}/visibility',
        'GET /api/participant/requests/{trackingId}/attachments/{attachmentId}/preview',
        'GET /api/participant/requests/{trackingId}/copies', 'PUT /api/participant/requests/{trackingId}/copies',
        'GET /api/tickets/{trackingId}', 'GET /api/tickets/{trackingId}/attachments/{attachmentId}', 'GET /api/kb/suggest',
        'GET /api/tickets/{trackingId}/attachments/{attachmentId}/preview',
      ]),
    );
    for (const answer of answers) {
      const prober = probers.find((p) => answer.request.startsWith(p.who))!;
      const leaked = prober.markers.filter((marker) => answer.body.toLowerCase().includes(marker.toLowerCase()));
      expect({ request: answer.request, serverError: answer.status >= 500, leaked }).toEqual({ request: answer.request, serverError: false, leaked: [] });
    }
    // Petro finds the shared request only, Rex nothing of Corp A: no total moves with Olena's private one.
    expect(counts['Petro (colleague)']).toEqual([0, 0, 0, 0, 1, 1]);
    expect(counts['Rex (Corp B)']).toEqual([0, 0, 0, 0, 0, 0]);

    // Nothing they sent changed Olena's private request; on the shared one the only trace is Petro's own reply, under his own name.
    const messagesOf = (trackingId: string) =>
      api.query<{ author_email: string; rating: string | null }>(`SELECT m.author_email, m.rating FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tracking_id = $1 ORDER BY m.id`, [trackingId]);
    expect((await messagesOf(privateOne)).map((m) => m.author_email)).toEqual([OLENA.email, ADMIN.email]);
    const shared = await messagesOf(sharedOne);
    expect(shared.map((m) => m.author_email)).toEqual([OLENA.email, ADMIN.email, PETRO.email]);
    expect([...(await messagesOf(privateOne)), ...shared].filter((m) => m.rating !== null)).toEqual([]);
    const visibility = await api.query<{ visibility: string; status: string }>(`SELECT visibility, status FROM tickets WHERE tracking_id = $1`, [privateOne]);
    expect(visibility).toEqual([{ visibility: 'private', status: 'replied' }]);
    const audits = await api.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = ANY($1) AND a.action IN ('ticket.visibility_changed', 'ticket.closed', 'ticket.reopened', 'message.rated', 'ticket.copy_added', 'ticket.copy_removed')`,
      [[privateOne, sharedOne]],
    );
    expect(audits[0].n).toBe(0);
    // Issue 18: nobody but the author puts anyone in copy, themselves included.
    expect(await api.query(`SELECT 1 FROM ticket_copies c JOIN tickets t ON t.id = c.ticket_id WHERE t.tracking_id = ANY($1)`, [[privateOne, sharedOne]])).toEqual([]);
  });
});
