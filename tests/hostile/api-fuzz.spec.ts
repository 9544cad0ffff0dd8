import fc from 'fast-check';
import { startApiProcess, StartedApi } from '../support/api-process';
import { describeCase, FuzzCase, fuzzCase, KnownValues, notRealValues, Operation, operationsOf } from './support/openapi-fuzz';
import { closeRawAgent, rawRequest, RawResponse } from './support/raw-http';

/**
 * Property-based fuzzing of every endpoint of the API's own OpenAPI document
 * (so a new endpoint is fuzzed without touching this file), against the built
 * API in a child process: 10,000 generated requests — fields of the wrong
 * type, huge and empty values, any code point, broken JSON and multipart,
 * wrong content types and encodings — must get no 5xx, a localised error
 * body for every 4xx, and leave the process alive.
 *
 * Reproduce a failure with the seed it prints: HOSTILE_FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.HOSTILE_FUZZ_SEED ?? 20_261_127);
const SCALE = Number(process.env.HOSTILE_FUZZ_SCALE ?? 1);
const RUNS = { participants: 5_000 * SCALE, staffSignedOut: 2_000 * SCALE, staffSignedIn: 3_000 * SCALE };
const ADMIN = { email: 'fuzz-admin@pidtrymka.test', password: 'fuzz-admin-password-1' };

jest.setTimeout(6 * 60_000);

describe('fuzzing every endpoint of /api/docs-json (issue 7)', () => {
  let api: StartedApi;
  let ops: Operation[];
  let known: KnownValues;
  let session: { cookie: string; csrf: string };
  const statuses = new Map<number, number>();
  let sent = 0;

  beforeAll(async () => {
    api = await startApiProcess({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // Fuzzed sign-ins must not lock the admin out of the signed-in part.
      STAFF_LOCKOUT_ATTEMPTS: '1000000',
      STAFF_LOCKOUT_IP_ATTEMPTS: '1000000',
      STAFF_SLOWDOWN_AFTER: '1000000',
      LOG_LEVEL: 'warn',
    });
    const document = await (await fetch(`${api.url}/api/docs-json`)).json();
    ops = operationsOf(document);

    // Real records, so that part of the requests gets past "not found" into the handlers.
    const tickets: string[] = [];
    const emails = ['fuzz-one@client.test', 'fuzz-two@client.test'];
    for (const email of emails) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ name: 'Фаззер', email, subject: 'Тема', message: 'Текст' })) form.append(k, v);
      form.append('attachments', new Blob(['hello']), 'a.txt');
      const created = await fetch(`${api.url}/api/tickets`, { method: 'POST', body: form });
      expect(created.status).toBe(201);
      tickets.push((await created.json()).trackingId);
    }
    const signIn = await fetch(`${api.url}/api/staff/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    session = { cookie, csrf: (await signIn.json()).csrfToken };
    const staffHeaders = { cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' };
    const canned = await fetch(`${api.url}/api/staff/canned-responses`, { method: 'POST', headers: staffHeaders, body: JSON.stringify({ title: 'Шаблон', body: 'Вітаю, {{name}}' }) });
    expect(canned.status).toBe(201);
    const agent = await fetch(`${api.url}/api/staff/accounts`, { method: 'POST', headers: staffHeaders, body: JSON.stringify({ email: 'agent@pidtrymka.test', name: 'Агент', role: 'agent' }) });
    expect(agent.status).toBe(201);
    const attachments = await api.query<{ id: string }>('SELECT id FROM attachments');
    const messages = await api.query<{ id: string }>('SELECT id FROM messages');
    known = {
      trackingIds: tickets,
      emails,
      // Not the admin's own id: a fuzzed PATCH must not deactivate the session the signed-in part uses.
      uuids: [...attachments.map((a) => a.id), (await agent.json()).account.id],
      ids: [String((await canned.json()).id), ...messages.map((m) => String(m.id)), '1'],
    };
  }, 120_000);

  afterAll(async () => {
    closeRawAgent();
    console.log(`fuzz: ${sent} requests (seed ${SEED}), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    await api?.stop();
  });

  async function send(c: FuzzCase): Promise<RawResponse> {
    sent++;
    let response: RawResponse;
    try {
      response = await rawRequest(api.url, c.request);
    } catch (error) {
      throw new Error(`No answer (${(error as Error).message}); process running: ${api.running}\n${describeCase(c)}\n${api.lines.slice(-20).join('\n')}`, { cause: error });
    }
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (response.status >= 500) throw new Error(`${response.status} ${response.body.toString().slice(0, 500)}\n${describeCase(c)}\n${api.lines.slice(-20).join('\n')}`);
    // Node's own 431 (headers too large) comes before the app and has no body.
    if (response.status >= 400 && response.status !== 431) {
      const body = parseJson(response.body);
      if (typeof body?.message !== 'string' || !body.message || typeof body.code !== 'string') {
        throw new Error(`${response.status} without a localised error body: ${response.body.toString().slice(0, 300)}\n${describeCase(c)}`);
      }
    }
    return response;
  }

  async function expectAlive(): Promise<void> {
    expect(api.running).toBe(true);
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
  }

  it('finds the endpoints in the OpenAPI document, the staff ones included', () => {
    const routes = ops.map((op) => `${op.method} ${op.path}`);
    expect(routes).toEqual(expect.arrayContaining(['POST /api/tickets', 'GET /api/tickets/{trackingId}', 'POST /api/staff/auth/sign-in', 'PATCH /api/staff/tickets/{trackingId}']));
    expect(ops.filter((op) => op.staff).length).toBeGreaterThanOrEqual(15);
  });

  it(`${RUNS.participants} requests to the participants' and public endpoints: no 5xx, every error localised`, async () => {
    const publicOps = ops.filter((op) => !op.staff);
    await fc.assert(
      fc.asyncProperty(fuzzCase(publicOps, known), async (c) => {
        await send(c);
      }),
      { seed: SEED, numRuns: RUNS.participants, endOnFailure: true },
    );
    await expectAlive();
  });

  it(`${RUNS.staffSignedOut} requests to the staff endpoints without a session: 401, never 5xx`, async () => {
    const staffOps = ops.filter((op) => op.staff);
    await fc.assert(
      fc.asyncProperty(fuzzCase(staffOps, known), async (c) => {
        const response = await send(c);
        const code = parseJson(response.body)?.code;
        // Only the body parsers and the router answer before the guard: a body they cannot read, a path they cannot decode.
        const beforeTheGuard = ['malformed_json', 'json_too_deep', 'body_encoding_invalid', 'payload_too_large', 'unsupported_media_type', 'bad_request'].includes(String(code));
        if (response.status !== 401 && !(response.status === 431 || ((response.status === 400 || response.status === 413 || response.status === 415) && beforeTheGuard))) {
          throw new Error(`Signed out, got ${response.status} ${response.body.toString().slice(0, 200)}\n${describeCase(c)}`);
        }
      }),
      { seed: SEED + 1, numRuns: RUNS.staffSignedOut, endOnFailure: true },
    );
    await expectAlive();
  });

  it(`${RUNS.staffSignedIn} requests to the staff endpoints with an admin's session: no 5xx, state changes without the CSRF token refused`, async () => {
    // Signing out would end the session the rest of the run uses.
    const staffOps = ops.filter((op) => op.staff && op.path !== '/api/staff/auth/sign-out');
    await fc.assert(
      fc.asyncProperty(fuzzCase(staffOps, known, session), async (c) => {
        const response = await send(c);
        if (c.op.method !== 'GET' && !c.request.headers?.['x-csrf-token'] && response.status < 400) {
          throw new Error(`A state change without the CSRF token was accepted: ${response.status}\n${describeCase(c)}`);
        }
      }),
      { seed: SEED + 2, numRuns: RUNS.staffSignedIn, endOnFailure: true },
    );
    await expectAlive();
    // The session outlived the run: the signed-in part really was signed in throughout.
    expect((await fetch(`${api.url}/api/staff/auth/session`, { headers: { cookie: session.cookie } })).status).toBe(200);
    expect(sent).toBeGreaterThanOrEqual(RUNS.participants + RUNS.staffSignedOut + RUNS.staffSignedIn);
  });

  it('12.5 values that pass a format check but are not real: 400 with a uk and an en message on every staff endpoint that takes them', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const op of ops.filter((o) => o.staff && o.method === 'GET')) {
      const sorts = (op.query.find((q) => q.name === 'sort')?.schema.enum as string[] | undefined) ?? [undefined];
      for (const { name, schema } of op.query) {
        for (const value of notRealValues(name, schema)) {
          // A cursor means something only in its order: try it in each.
          for (const sort of /cursor/i.test(name) ? sorts : [undefined]) {
            const path = op.path.replace(/\{(\w+)\}/g, (_, param: string) => (/tracking/i.test(param) ? known.trackingIds[0] : known.ids[0]));
            const target = `${path}?${sort ? `sort=${sort}&` : ''}${name}=${encodeURIComponent(value)}`;
            const [uk, en] = await Promise.all(['uk', 'en'].map((language) => fetch(`${api.url}${target}`, { headers: { cookie: session.cookie, 'accept-language': language } })));
            const [ukBody, enBody] = await Promise.all([uk.json(), en.json()]);
            checked++;
            if (uk.status !== 400 || en.status !== 400 || !/[а-яіїєґ]/i.test(String(ukBody.message)) || ukBody.message === enBody.message) {
              failures.push(`${target} → ${uk.status} ${ukBody.message} / ${en.status} ${enBody.message}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // The queue, its counts and both mail lists, with dates, numbers and cursors.
    expect(checked).toBeGreaterThanOrEqual(150);
    await expectAlive();
  });
});

function parseJson(body: Buffer): Record<string, unknown> | null {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}
