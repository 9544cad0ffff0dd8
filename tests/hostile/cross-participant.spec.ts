import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { fileSamples } from '../../apps/api/src/testing/file-samples';
import { ApiProcess, startApiProcess, StartedApi } from '../support/api-process';
import { eventually } from '../support/smtp-capture';
import { multipart, Operation, operationsOf } from './support/openapi-fuzz';
import { CallOptions, callRaw, closeRawAgent, jsonOf, RawResponse } from './support/raw-http';

/**
 * Issue 12.2 and 12.3 as an attacker tries them: Alice (corp A) and Bob
 * (corp B) are competitors. After every merge an admin may attempt between
 * them, Bob walks every participant-facing endpoint of the API's own OpenAPI
 * document (so one added later is walked too) with every identifier he could
 * know or guess, and nothing of Alice's — words, file name, file bytes,
 * address, tracking ID — is in any answer, nor in any e-mail sent to him.
 * And an agent who lost access to Alice's request while a notice about it
 * was queued gets nothing: the notice is skipped when it is due.
 */
const ADMIN = { email: 'admin@pidtrymka.test', password: `admin-${randomBytes(9).toString('base64url')}` };
const AGENT = { email: 'agent@pidtrymka.test', password: `agent-${randomBytes(9).toString('base64url')}`, name: 'Агент Ключів' };
const KEYS_CATEGORY = 3;
const ALICE = { name: 'Аліса Компанія-А', email: 'alice@corp-a.example' };
const BOB = { name: 'Bob Company-B', email: 'bob@corp-b.example' };
/** Markers of what only Alice and staff may read. */
const ALICE_WORDS = 'АЛІСА-ТАЄМНИЦЯ-7731';
const ALICE_LATER = 'АЛІСА-ПІСЛЯ-ЗМІНИ-ДОСТУПУ-4409';
const ALICE_FILE = 'alice-bid-price-7731.pdf';
/** Bytes only Alice's file has. */
const ALICE_BYTES = Buffer.concat([fileSamples.pdf, Buffer.from(`%${ALICE_WORDS}-bytes\n`)]);

jest.setTimeout(180_000);

describe('12.2 / 12.3: no merge and no notice shows one participant\'s words or files to another (hostile)', () => {
  let api: StartedApi;
  /** The same database and data folder, restarted with the outbox worker on. */
  let sender: ApiProcess | undefined;
  let url = '';
  let nextIp = 1;
  const ip = () => `203.0.113.${nextIp++}`;

  const env = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ATTACHMENT_STORE: 'filesystem' };

  beforeAll(async () => {
    api = await startApiProcess(env);
    url = api.url;
  }, 120_000);
  afterAll(async () => {
    closeRawAgent();
    await sender?.stop();
    await api?.stop();
  });

  const call = (method: string, path: string, options: CallOptions = {}): Promise<RawResponse> =>
    callRaw(url, method, path, { ...options, headers: { 'x-forwarded-for': ip(), ...options.headers } });
  const json = jsonOf;

  async function signIn(who: { email: string; password: string }): Promise<Record<string, string>> {
    const response = await call('POST', '/api/staff/auth/sign-in', { json: who });
    expect(response.status).toBe(200);
    const cookie = (response.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    return { cookie, 'x-csrf-token': json(response).csrfToken };
  }

  async function submit(who: { name: string; email: string }, message: string, file?: { name: string; content: Buffer }): Promise<string> {
    const boundary = `----x${randomBytes(6).toString('hex')}`;
    const body = multipart(
      { name: who.name, email: who.email, subject: `Запит від ${who.name}`, message, categoryId: KEYS_CATEGORY },
      file ? [{ field: 'attachments', name: file.name, content: file.content, type: 'application/pdf' }] : [],
      boundary,
    );
    const response = await call('POST', '/api/tickets', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(response.status).toBe(201);
    return json(response).trackingId;
  }

  /** Whether any of Alice's things is in a text. */
  const aliceIn = (text: string, aliceTrackingId: string) =>
    [ALICE_WORDS, ALICE_LATER, ALICE_FILE, ALICE.email, aliceTrackingId, `${ALICE_WORDS}-bytes`].filter((marker) => text.toLowerCase().includes(marker.toLowerCase()));

  it('after merge attempts both ways, every participant endpoint answers Bob without a trace of Alice; the agent who lost access gets no notice', async () => {
    const admin = await signIn(ADMIN);
    const created = await call('POST', '/api/staff/accounts', { headers: admin, json: { email: AGENT.email, name: AGENT.name, role: 'agent', password: AGENT.password, categoryIds: [KEYS_CATEGORY] } });
    expect(created.status).toBe(201);
    const agentId = json(created).account.id as string;

    const alice = await submit(ALICE, `Ціна нашої заявки: ${ALICE_WORDS}`, { name: ALICE_FILE, content: ALICE_BYTES });
    const bob = await submit(BOB, 'Bob\'s own question about keys');
    expect((await call('PATCH', `/api/staff/tickets/${alice}`, { headers: admin, json: { ownerId: agentId } })).status).toBe(200);

    // Every way an admin might try to merge them: both directions, the address's case, the ID's spelling.
    for (const [from, into] of [
      [alice, bob],
      [bob, alice],
      [alice.toLowerCase(), bob.replace(/-/g, '')],
    ]) {
      for (const language of ['uk', 'en']) {
        const refused = await call('POST', `/api/staff/tickets/${from}/merge`, { headers: { ...admin, 'accept-language': language }, json: { intoTrackingId: into } });
        expect({ status: refused.status, code: json(refused).code }).toEqual({ status: 409, code: 'merge_across_participants' });
      }
    }

    // A notice to the owner is queued; then the owner loses the grant before it is due.
    expect((await call('POST', `/api/tickets/${alice}/replies`, { json: { email: ALICE.email, message: `Доповнення: ${ALICE_WORDS}` } })).status).toBe(201);
    expect((await call('PATCH', `/api/staff/accounts/${agentId}`, { headers: admin, json: { categoryIds: [] } })).status).toBe(200);
    expect((await call('POST', `/api/tickets/${alice}/replies`, { json: { email: ALICE.email, message: ALICE_LATER } })).status).toBe(201);

    // The outbox is sent now, by a process started with its worker on, on the same data.
    await api.process.stop();
    sender = new ApiProcess({ ...env, OUTBOX_WORKER_ENABLED: 'true', OUTBOX_POLL_MS: '100', MAIL_IN_ENABLED: 'false', SCHEDULER_ENABLED: 'false', DATA_DIR: api.dataDir, DATABASE_URL: api.databaseUrl });
    await sender.start();
    url = sender.url;
    await eventually('the outbox drained', async () => (await api.query(`SELECT 1 FROM outbox WHERE status IN ('pending', 'sending')`)).length === 0, 30_000);

    const aliceFirstMessage = json(await call('GET', `/api/tickets/${alice}?email=${encodeURIComponent(ALICE.email)}`)).messages[0];
    const aliceAttachment = aliceFirstMessage.attachments[0].id as string;
    const bobAttachmentTicket = await submit(BOB, 'Bob with a file', { name: 'bob.pdf', content: fileSamples.pdf });
    const bobAttachment = json(await call('GET', `/api/tickets/${bobAttachmentTicket}?email=${encodeURIComponent(BOB.email)}`)).messages[0].attachments[0].id as string;

    // Issue 19: a staff reply on each request, for Bob to try to rate (and a note on Alice's, which must stay unseen).
    const staffWrites = async (trackingId: string, body: string, internal = false) => {
      const seen = json(await call('GET', `/api/staff/tickets/${trackingId}`, { headers: admin })).messages.at(-1).id as string;
      const written = await call('POST', `/api/staff/tickets/${trackingId}/messages`, { headers: admin, json: { body, internal, lastSeenMessageId: seen } });
      expect(written.status).toBe(201);
      return json(written).message.id as string;
    };
    const aliceReply = await staffWrites(alice, `Відповідь Алісі: ${ALICE_WORDS}`);
    const aliceNote = await staffWrites(alice, `Нотатка про Алісу: ${ALICE_WORDS}`, true);
    const bobReply = await staffWrites(bob, 'Answer to Bob');
    const aliceFirst = aliceFirstMessage.id as string;

    // What Bob knows or could guess.
    const values: Record<string, string[]> = {
      trackingId: [bob, alice, alice.toLowerCase(), alice.replace(/-/g, ''), bobAttachmentTicket],
      attachmentId: [aliceAttachment, bobAttachment],
      messageId: [aliceReply, aliceNote, aliceFirst, bobReply],
      // The knowledge base's articles are public; walked so that every path of the document is.
      slug: ['probe'],
    };
    const emails = [BOB.email, BOB.email.toUpperCase(), ` ${BOB.email} `];
    const document = json(await call('GET', '/api/docs-json'));
    const participantOps = operationsOf(document).filter((op: Operation) => !op.path.startsWith('/api/staff') && op.path.startsWith('/api/'));
    const walked = new Set<string>();
    const answers: { request: string; status: number; body: string }[] = [];
    for (const op of participantOps) {
      const unknown = op.pathParams.filter((name) => !values[name]);
      // A new kind of identifier in a participant path must be taught to this walk, not skipped.
      expect({ path: op.path, unknownParams: unknown }).toEqual({ path: op.path, unknownParams: [] });
      const combinations = op.pathParams.reduce<Record<string, string>[]>((all, name) => all.flatMap((partial) => values[name].map((value) => ({ ...partial, [name]: value }))), [{}]);
      for (const params of combinations) {
        const asksForEmail = op.query.some((q) => q.name === 'email') || op.method !== 'GET';
        for (const email of asksForEmail ? emails : [BOB.email]) {
          const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
          const query = op.query.some((q) => q.name === 'email') ? `?email=${encodeURIComponent(email)}` : '';
          const body =
            op.method === 'GET'
              ? undefined
              : op.path.endsWith('/rating')
                ? { email, rating: 'not_helpful' }
                : op.path.endsWith('/satisfaction')
                  ? { email, stars: 1, comment: 'Bob probes' }
                  : { email, message: 'Bob probes', name: BOB.name, subject: 'Bob probes', categoryId: KEYS_CATEGORY };
          const response = await call(op.method, `${path}${query}`, body ? { json: body } : {});
          walked.add(`${op.method} ${op.path}`);
          answers.push({ request: `${op.method} ${path}${query} as ${email}`, status: response.status, body: response.body.toString('latin1') + response.body.toString('utf8') });
        }
      }
    }
    // The walk reached the endpoints that matter, read and write.
    expect([...walked]).toEqual(
      expect.arrayContaining([
        'GET /api/tickets/{trackingId}', 'POST /api/tickets/{trackingId}/replies', 'GET /api/tickets/{trackingId}/attachments/{attachmentId}', 'POST /api/tickets/remind',
        'GET /api/tickets/{trackingId}/attachments/{attachmentId}/preview',
        'POST /api/tickets/{trackingId}/messages/{messageId}/rating', 'POST /api/tickets/{trackingId}/close', 'POST /api/tickets/{trackingId}/reopen',
        'POST /api/tickets/{trackingId}/satisfaction',
      ]),
    );
    for (const answer of answers) {
      expect({ request: answer.request, status: answer.status < 500, leaked: aliceIn(answer.body, alice) }).toEqual({ request: answer.request, status: true, leaked: [] });
    }
    // Bob's probes went nowhere near Alice's request.
    const aliceMessages = await api.query<{ body: string }>(`SELECT m.body FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tracking_id = $1 ORDER BY m.id`, [alice]);
    expect(aliceMessages.map((m) => m.body)).toEqual([`Ціна нашої заявки: ${ALICE_WORDS}`, `Доповнення: ${ALICE_WORDS}`, ALICE_LATER, `Відповідь Алісі: ${ALICE_WORDS}`, `Нотатка про Алісу: ${ALICE_WORDS}`]);
    // Issue 19: nor rated, closed, reopened or answered its satisfaction; Bob could rate his own reply, once.
    const aliceRatings = await api.query<{ rating: string | null }>(`SELECT m.rating FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tracking_id = $1`, [alice]);
    expect(aliceRatings.filter((m) => m.rating !== null)).toEqual([]);
    expect((await api.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = $1 AND a.action IN ('ticket.closed', 'ticket.reopened', 'message.rated', 'ticket.satisfaction_answered')`, [alice]))[0].n).toBe(0);
    expect((await api.query<{ n: number }>(`SELECT count(*)::int AS n FROM satisfaction_answers s JOIN tickets t ON t.id = s.ticket_id WHERE t.tracking_id = $1`, [alice]))[0].n).toBe(0);
    expect((await api.query<{ rating: string | null }>(`SELECT rating FROM messages WHERE id = $1`, [bobReply]))[0].rating).toBe('not_helpful');

    // Every e-mail: none to Bob holds anything of Alice's; none about Alice's request reached the agent after the grant was gone.
    await eventually('the outbox drained again', async () => (await api.query(`SELECT 1 FROM outbox WHERE status IN ('pending', 'sending')`)).length === 0, 30_000);
    const dir = join(api.dataDir, 'mail', 'sent');
    const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.eml')) : [];
    const mails = await Promise.all(files.map(async (file) => simpleParser(await readFile(join(dir, file)))));
    const to = (mail: (typeof mails)[number]) => [mail.to].flat().flatMap((a) => a?.value ?? []).map((v) => (v.address ?? '').toLowerCase());
    const toBob = mails.filter((mail) => to(mail).includes(BOB.email));
    expect(toBob.length).toBeGreaterThan(0);
    for (const mail of toBob) expect(aliceIn(`${mail.subject}\n${mail.text}\n${mail.html}`, alice)).toEqual([]);
    const toAgent = mails.filter((mail) => to(mail).includes(AGENT.email));
    for (const mail of toAgent) expect(`${mail.text}`).not.toContain(ALICE_WORDS);
    const agentRows = await api.query<{ template: string; status: string; last_error: string | null }>(
      `SELECT o.template, o.status, o.last_error FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.tracking_id = $1 AND o.recipient = $2 ORDER BY o.id`,
      [alice, AGENT.email],
    );
    expect(agentRows).toEqual([
      { template: 'staff_new_ticket', status: 'skipped', last_error: expect.stringContaining('no access') },
      { template: 'staff_assigned', status: 'skipped', last_error: expect.stringContaining('no access') },
      { template: 'staff_participant_reply', status: 'skipped', last_error: expect.stringContaining('no access') },
    ]);
    const [{ owner_id }] = await api.query<{ owner_id: string | null }>(`SELECT owner_id FROM tickets WHERE tracking_id = $1`, [alice]);
    expect(owner_id).toBeNull();
  });
});
