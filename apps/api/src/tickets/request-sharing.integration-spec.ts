import request from 'supertest';
import { fileSamples } from '../testing/file-samples';
import { ParticipantTestSession, signInParticipant } from '../testing/participant-session';
import { patch, post, signInStaff, StaffTestSession } from '../testing/staff-session';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
/** Contacts of Corp A: the author, a colleague, and one removed later. */
const AUTHOR = { name: 'Олена Авторка', email: 'olena@corp-a.test' };
const COLLEAGUE = { name: 'Петро Колега', email: 'petro@corp-a.test' };
const LEAVER = { name: 'Іван Звільнений', email: 'ivan@corp-a.test' };
/** A contact of Corp B, a competitor. */
const RIVAL = { name: 'Rival B', email: 'rival@corp-b.test' };
/** Writes from Corp A's domain but is no contact of it. */
const OUTSIDER = { name: 'Not a contact', email: 'stranger@corp-a.test' };

interface MineItem {
  trackingId: string;
  mine: boolean;
  authorName: string | null;
}

/**
 * Issue 18, "Sharing, per request" and "Privacy, proven": a request shared with
 * the organisation is seen by its other active contacts, signed in, and by no
 * one else; a private one by its author alone; access is decided from current
 * membership at each call; every change is audited.
 */
describe('issue 18: sharing a request with colleagues of the organisation', () => {
  let t: TestApp;
  let nextIp = 1;
  const ip = () => `198.51.100.${nextIp++}`;
  const http = () => request(t.app.getHttpServer());
  let staff: StaffTestSession;
  let corpA: number;
  let corpB: number;
  const sessions: Record<string, ParticipantTestSession> = {};

  const signIn = (email: string) => signInParticipant(t, email, ip);

  async function submit(who: { name: string; email: string }, subject: string, extra: Record<string, string> = {}): Promise<string> {
    const { body } = await http()
      .post('/api/tickets')
      .set('X-Forwarded-For', ip())
      .field({ name: who.name, email: who.email, subject, message: `${subject}: текст`, ...extra })
      .attach('attachments', fileSamples.pdf, `${subject}.pdf`)
      .expect(201);
    return body.trackingId;
  }

  const as = (who: string) => sessions[who];
  const open = (who: string, trackingId: string) => http().get(`/api/participant/requests/${trackingId}`).set('X-Forwarded-For', ip()).set('Cookie', as(who).cookie);
  const mine = async (who: string, query: Record<string, string | number> = {}) =>
    (await http().get('/api/participant/requests').set('Cookie', as(who).cookie).query(query).expect(200)).body as { items: MineItem[]; total: number };
  const setVisibility = (who: string, trackingId: string, visibility: string) =>
    http().put(`/api/participant/requests/${trackingId}/visibility`).set('X-Forwarded-For', ip()).set('Cookie', as(who).cookie).set('X-CSRF-Token', as(who).csrf).send({ visibility });
  const editOrganisation = (id: number, changes: Record<string, unknown>) =>
    patch(staff, `/api/staff/organisations/${id}`, changes).expect(200);

  let shared: string;
  let privateOne: string;
  let byDefault: string;
  let rivalTicket: string;
  let outsiderShared: string;

  beforeAll(async () => {
    t = await createTestApp({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SCHEDULER_ENABLED: 'false',
      TRUST_PROXY: 'true',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_REQUESTS: '100000',
      RATE_LIMIT_SUBMISSIONS: '1000',
    });
    staff = await signInStaff(t, ADMIN);
    const create = (body: Record<string, unknown>) => post(staff, '/api/staff/organisations', body).expect(201).then((r) => r.body.id as number);
    corpA = await create({ nameUk: 'Корпорація А', nameEn: 'Corp A', emailDomains: ['corp-a.test'], contacts: [AUTHOR, COLLEAGUE, LEAVER], defaultVisibility: 'organisation' });
    corpB = await create({ nameUk: 'Корпорація Б', contacts: [RIVAL] });

    shared = await submit(AUTHOR, 'Спільний запит', { visibility: 'organisation' });
    privateOne = await submit(AUTHOR, 'Особистий запит', { visibility: 'private' });
    byDefault = await submit(AUTHOR, 'Запит без вибору');
    rivalTicket = await submit(RIVAL, 'Запит конкурента', { visibility: 'organisation' });
    outsiderShared = await submit(OUTSIDER, 'Запит не контакту', { visibility: 'organisation' });
    for (const [who, email] of [['author', AUTHOR.email], ['colleague', COLLEAGUE.email], ['leaver', LEAVER.email], ['rival', RIVAL.email], ['outsider', OUTSIDER.email]]) {
      sessions[who] = await signIn(email);
    }
  });
  afterAll(() => t?.close());

  it('stores the choice, and the organisation\'s default when none is made; Corp B\'s default stays private', async () => {
    const rows: { tracking_id: string; visibility: string }[] = await t.db.query(`SELECT tracking_id, visibility FROM tickets WHERE tracking_id = ANY($1)`, [[shared, privateOne, byDefault, rivalTicket]]);
    expect(Object.fromEntries(rows.map((r) => [r.tracking_id, r.visibility]))).toEqual({ [shared]: 'organisation', [privateOne]: 'private', [byDefault]: 'organisation', [rivalTicket]: 'organisation' });
    const b = await staff.http.get(`/api/staff/organisations/${corpB}`).expect(200);
    expect(b.body.defaultVisibility).toBe('private');
  });

  it('lists a shared request in a colleague\'s "My requests", marked with its author, and never a private one (nor in the total)', async () => {
    const page = await mine('colleague');
    expect(page.items.map((i) => i.trackingId).sort()).toEqual([shared, byDefault].sort());
    expect(page.total).toBe(2);
    expect(page.items.every((i) => !i.mine && i.authorName === AUTHOR.name)).toBe(true);
    // Searching for the private one's subject or ID finds nothing, and counts nothing.
    expect(await mine('colleague', { q: 'Особистий' })).toMatchObject({ items: [], total: 0 });
    expect(await mine('colleague', { q: privateOne })).toMatchObject({ items: [], total: 0 });
    expect((await mine('colleague', { page: 5 })).total).toBe(2);
    // The author's own list marks them as theirs.
    const own = await mine('author');
    expect(own.items.map((i) => i.trackingId).sort()).toEqual([shared, privateOne, byDefault].sort());
    expect(own.items.every((i) => i.mine && i.authorName === null)).toBe(true);
  });

  it('lets a colleague open a shared request and its attachments through the session, and reply under their own name', async () => {
    const view = await open('colleague', shared).expect(200);
    expect(view.body).toMatchObject({ trackingId: shared, mine: false, visibility: 'organisation', organisation: { id: corpA, name: 'Корпорація А' } });
    const attachment = view.body.messages[0].attachments[0].id as string;
    const file = await http().get(`/api/participant/requests/${shared}/attachments/${attachment}`).set('Cookie', as('colleague').cookie).expect(200);
    expect(file.headers['content-disposition']).toMatch(/attachment/);

    const reply = await http()
      .post(`/api/participant/requests/${shared}/replies`)
      .set('X-Forwarded-For', ip())
      .set('Cookie', as('colleague').cookie)
      .set('X-CSRF-Token', as('colleague').csrf)
      .send({ message: 'Відповідь колеги' })
      .expect(201);
    expect(reply.body.message).toMatchObject({ authorType: 'participant', authorName: COLLEAGUE.name, authorEmail: COLLEAGUE.email });
    const again = await open('author', shared).expect(200);
    expect(again.body.messages.at(-1)).toMatchObject({ body: 'Відповідь колеги', authorName: COLLEAGUE.name, authorEmail: COLLEAGUE.email });
    const [audit] = await t.db.query(`SELECT a.actor_name, a.details FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = $1 AND a.action = 'ticket.replied' ORDER BY a.id DESC LIMIT 1`, [shared]);
    expect(audit).toMatchObject({ actor_name: COLLEAGUE.name, details: { colleague: COLLEAGUE.email } });
    // Without CSRF, no reply.
    await http().post(`/api/participant/requests/${shared}/replies`).set('Cookie', as('colleague').cookie).send({ message: 'x' }).expect(403);
  });

  it('never opens a shared request by tracking ID and a colleague\'s address (an address is no secret)', async () => {
    await http().get(`/api/tickets/${shared}`).query({ email: COLLEAGUE.email }).set('X-Forwarded-For', ip()).expect(404);
    await http().post(`/api/tickets/${shared}/replies`).set('X-Forwarded-For', ip()).send({ email: COLLEAGUE.email, message: 'x' }).expect(404);
    // Without a session, the session's routes answer 401.
    await http().get(`/api/participant/requests/${shared}`).expect(401);
  });

  it('shows a colleague nothing private, a rival nothing of Corp A, and an outsider\'s "shared" request to no one: the same 404 as an unknown ID', async () => {
    const unknown = await open('colleague', 'ZZZ-ZZZ-ZZZZ').expect(404);
    for (const [who, trackingId] of [['colleague', privateOne], ['rival', shared], ['rival', privateOne], ['colleague', rivalTicket], ['colleague', outsiderShared], ['outsider', shared]]) {
      const answer = await open(who, trackingId).expect(404);
      expect(answer.body).toEqual(unknown.body);
    }
    const privateView = await open('author', privateOne).expect(200);
    const attachment = privateView.body.messages[0].attachments[0].id as string;
    await http().get(`/api/participant/requests/${privateOne}/attachments/${attachment}`).set('Cookie', as('colleague').cookie).expect(404);
    // The attachment of a private request through a shared one's ID: no.
    await http().get(`/api/participant/requests/${shared}/attachments/${attachment}`).set('Cookie', as('colleague').cookie).expect(404);
    expect((await mine('rival')).items.map((i) => i.trackingId)).toEqual([rivalTicket]);
    expect((await mine('outsider')).items.map((i) => i.trackingId)).toEqual([outsiderShared]);
    // A request whose author is no contact is not shared, whatever was chosen: the view says so.
    expect((await open('outsider', outsiderShared).expect(200)).body.organisation).toBeNull();
  });

  it('lets the author alone change the visibility, signed in; a colleague loses access at once; each change is audited', async () => {
    await setVisibility('colleague', shared, 'private').expect(404);
    await http().put(`/api/participant/requests/${shared}/visibility`).set('Cookie', as('author').cookie).send({ visibility: 'private' }).expect(403);
    const bad = await setVisibility('author', shared, 'everyone').set('Accept-Language', 'en').expect(400);
    expect(bad.body.message).toMatch(/Who sees the request/);

    expect((await setVisibility('author', shared, 'private').expect(200)).body).toEqual({ visibility: 'private' });
    await open('colleague', shared).expect(404);
    expect((await mine('colleague')).items.map((i) => i.trackingId)).toEqual([byDefault]);
    await setVisibility('author', shared, 'organisation').expect(200);
    await open('colleague', shared).expect(200);
    const audits = await t.db.query(`SELECT a.actor_name, a.details FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = $1 AND a.action = 'ticket.visibility_changed' ORDER BY a.id`, [shared]);
    expect(audits).toEqual([
      { actor_name: AUTHOR.name, details: { from: 'organisation', to: 'private', organisationId: corpA } },
      { actor_name: AUTHOR.name, details: { from: 'private', to: 'organisation', organisationId: corpA } },
    ]);
  });

  it('ends a removed contact\'s access at once, and everyone\'s when the organisation is deactivated; audits the removal', async () => {
    await open('leaver', shared).expect(200);
    await editOrganisation(corpA, { contacts: [AUTHOR, COLLEAGUE] });
    await open('leaver', shared).expect(404);
    expect(await mine('leaver')).toMatchObject({ items: [], total: 0 });
    const [removal] = await t.db.query(`SELECT actor_name, details FROM audit_log WHERE action = 'organisation.contact_removed' ORDER BY id DESC LIMIT 1`);
    expect(removal.details).toEqual({ organisationId: corpA, email: LEAVER.email });

    await editOrganisation(corpA, { active: false });
    await open('colleague', shared).expect(404);
    expect((await mine('colleague')).total).toBe(0);
    // The author keeps their own.
    await open('author', shared).expect(200);
    await editOrganisation(corpA, { active: true, contacts: [AUTHOR, COLLEAGUE, LEAVER] });
    await open('leaver', shared).expect(200);
    const [grant] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'organisation.contact_added' ORDER BY id DESC LIMIT 1`);
    expect(grant.details).toEqual({ organisationId: corpA, email: LEAVER.email });
  });

  it('tells a signed-in contact their organisations and defaults, and no one else anything', async () => {
    const own = await http().get('/api/participant/organisations').set('Cookie', as('colleague').cookie).set('Accept-Language', 'en').expect(200);
    expect(own.body).toEqual([{ id: corpA, name: 'Corp A', defaultVisibility: 'organisation' }]);
    expect((await http().get('/api/participant/organisations').set('Cookie', as('outsider').cookie).expect(200)).body).toEqual([]);
    await http().get('/api/participant/organisations').expect(401);
  });

  it('the organisation\'s default is the admin\'s to set, and audited', async () => {
    await editOrganisation(corpB, { defaultVisibility: 'organisation' });
    const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'organisation.updated' ORDER BY id DESC LIMIT 1`);
    expect(audit.details).toMatchObject({ organisationId: corpB, defaultVisibility: 'organisation' });
    const bad = await patch(staff, `/api/staff/organisations/${corpB}`, { defaultVisibility: 'all' }).expect(400);
    expect(bad.body.code).toBeDefined();
  });

  it('walks every participant-session route of the OpenAPI document: a colleague gets nothing of a private request, a rival nothing of Corp A', async () => {
    const privateView = await open('author', privateOne).expect(200);
    const privateAttachment = privateView.body.messages[0].attachments[0].id as string;
    const sharedView = await open('author', shared).expect(200);
    const sharedAttachment = sharedView.body.messages[0].attachments[0].id as string;
    const { body: doc } = await http().get('/api/docs-json').expect(200);
    const routes = Object.entries(doc.paths as Record<string, Record<string, { security?: Record<string, string[]>[] }>>)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
      .filter(({ op }) => (op.security ?? []).some((s) => 'participantSession' in s))
      // Signing out would end the prober's session mid-walk; it reads nothing.
      .filter(({ path, method }) => path.includes('{trackingId}') || method === 'get');
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['get /api/participant/requests', 'get /api/participant/requests/{trackingId}', 'post /api/participant/requests/{trackingId}/replies',
        'get /api/participant/requests/{trackingId}/attachments/{attachmentId}', 'get /api/participant/requests/{trackingId}/attachments/{attachmentId}/preview', 'put /api/participant/requests/{trackingId}/visibility',
        'get /api/participant/requests/{trackingId}/copies', 'put /api/participant/requests/{trackingId}/copies']),
    );
    /** Who probes which request: [prober, the request they must not see, its attachment]. */
    const probes: [string, string, string][] = [
      ['colleague', privateOne, privateAttachment],
      ['rival', shared, sharedAttachment],
      ['rival', privateOne, privateAttachment],
    ];
    const secrets = ['Особистий запит', AUTHOR.email, privateOne];
    let walked = 0;
    for (const [who, trackingId, attachmentId] of probes) {
      for (const { path, method } of routes) {
        const url = path.replace('{trackingId}', trackingId).replace('{attachmentId}', attachmentId);
        const call = (http() as unknown as Record<string, (p: string) => request.Test>)[method](url)
          .set('X-Forwarded-For', ip())
          .set('Cookie', as(who).cookie)
          .set('X-CSRF-Token', as(who).csrf)
          // A valid body for each write, so that only access can refuse it.
          .send(method === 'get' ? undefined : path.endsWith('/visibility') ? { visibility: 'organisation' } : path.endsWith('/copies') ? { emails: [] } : { message: 'probe' });
        const answer = await call;
        walked++;
        const text = JSON.stringify(answer.body) + (answer.text ?? '');
        if (path.includes('{trackingId}')) expect([who, method, path, answer.status]).toEqual([who, method, path, 404]);
        else expect(answer.status).toBeLessThan(300);
        // The rival probing the shared request must see none of Corp A's; the colleague none of the private one's.
        const leaked = (who === 'rival' ? [...secrets, 'Спільний запит', AUTHOR.name] : secrets).filter((s) => text.includes(s));
        expect([who, method, path, leaked]).toEqual([who, method, path, []]);
      }
    }
    expect(walked).toBe(probes.length * routes.length);
    // The probes changed nothing: no reply written, the private one still private.
    const [row] = await t.db.query(`SELECT visibility, (SELECT count(*)::int FROM messages m WHERE m.ticket_id = t.id) AS messages FROM tickets t WHERE tracking_id = $1`, [privateOne]);
    expect(row).toEqual({ visibility: 'private', messages: 1 });
  });

  it('R-VIEW-3 stays as it was for those who never sign in: the author opens by tracking ID and address', async () => {
    await http().get(`/api/tickets/${privateOne}`).query({ email: AUTHOR.email }).set('X-Forwarded-For', ip()).expect(200);
  });
});
