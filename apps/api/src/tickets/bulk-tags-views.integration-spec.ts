import { BULK_MAX_TICKETS } from '@pidtrymka/contracts';
import { createTestApp, TestApp } from '../testing/test-app';
import { signInStaff, StaffTestSession, post, patch, del } from '../testing/staff-session';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'bulk-agent@oree.test', password: 'bulk-agent-password-1', name: 'Агент Масових Дій' };
const OTHER = { email: 'bulk-other@oree.test', password: 'bulk-other-password-1', name: 'Агентка Інших Категорій' };
const REGULAR_CATEGORY = 1;
const KEYS_CATEGORY = 3;

jest.setTimeout(60_000);

/** Issue 17, "working many requests at once": bulk changes, staff-only tags, saved views. */
describe('bulk actions, tags and saved views (issue 17)', () => {
  let t: TestApp;
  let admin: StaffTestSession;
  let agent: StaffTestSession;
  let other: StaffTestSession;

  const signIn = (credentials: { email: string; password: string }) => signInStaff(t, credentials);
  const submit = async (email: string, categoryId: number): Promise<string> => {
    const { body } = await t.http.post('/api/tickets').send({ name: 'Учасник', email, subject: 'Питання щодо рахунку', message: 'Доброго дня, маю питання.', categoryId }).expect(201);
    return body.trackingId;
  };
  const statusOf = async (trackingId: string) => (await t.db.query(`SELECT status FROM tickets WHERE tracking_id = $1`, [trackingId]))[0].status;
  const auditOf = (trackingId: string, action: string) =>
    t.db.query(`SELECT a.actor_name, a.details FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = $1 AND a.action = $2 ORDER BY a.id`, [trackingId, action]);
  const eventsOf = (trackingId: string, type: string) =>
    t.db.query(`SELECT e.payload FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE t.tracking_id = $1 AND e.type = $2 ORDER BY e.id`, [trackingId, type]);
  const outbox = (template: string, trackingId: string) =>
    t.db.query(`SELECT o.recipient FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.template = $1 AND t.tracking_id = $2`, [template, trackingId]);

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
    admin = await signIn(ADMIN);
    await post(admin, '/api/staff/accounts', { ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
    await post(admin, '/api/staff/accounts', { ...OTHER, role: 'agent', categoryIds: [REGULAR_CATEGORY] }).expect(201);
    agent = await signIn(AGENT);
    other = await signIn(OTHER);
  });
  afterAll(() => t.close());

  describe('bulk changes', () => {
    it('closes each visible request as a single close does (audit, event, e-mail each); one outside the categories reads as not found', async () => {
      const mine = [await submit('bulk-1@participant.test', KEYS_CATEGORY), await submit('bulk-2@participant.test', KEYS_CATEGORY)];
      const hidden = await submit('bulk-3@participant.test', REGULAR_CATEGORY);
      const { body } = await post(agent, '/api/staff/tickets/bulk', { trackingIds: [...mine, hidden, 'ZZZ-ZZZ-ZZZZ', mine[0]], action: { status: 'resolved' } }).expect(200);

      expect(body.succeeded).toBe(2);
      expect(body.failed).toBe(2);
      expect(body.results.slice(0, 2)).toEqual(mine.map((trackingId) => ({ trackingId, ok: true })));
      const [refusedHidden, refusedMissing] = body.results.slice(2);
      // Never leaked: the hidden request is refused exactly as one that does not exist.
      expect(refusedHidden).toEqual({ trackingId: hidden, ok: false, status: 404, code: 'ticket_not_found', message: refusedMissing.message });
      expect(refusedMissing).toMatchObject({ ok: false, status: 404, code: 'ticket_not_found' });
      expect(await statusOf(hidden)).toBe('new');

      for (const trackingId of mine) {
        expect(await statusOf(trackingId)).toBe('resolved');
        expect(await auditOf(trackingId, 'ticket.closed')).toEqual([expect.objectContaining({ actor_name: AGENT.name })]);
        expect(await eventsOf(trackingId, 'ticket.closed')).toHaveLength(1);
        expect(await outbox('ticket_closed', trackingId)).toHaveLength(1); // R-CLOSE-1
      }
    });

    it('changes priority, category and owner through the single path: an owner who cannot work the category is refused for that request only', async () => {
      const a = await submit('bulk-4@participant.test', REGULAR_CATEGORY);
      const b = await submit('bulk-5@participant.test', KEYS_CATEGORY);
      const { body } = await post(admin, '/api/staff/tickets/bulk', { trackingIds: [a, b], action: { ownerId: other.id, priority: 'high' } }).expect(200);
      expect(body.results).toEqual([
        { trackingId: a, ok: true },
        { trackingId: b, ok: false, status: 400, code: 'owner_cannot_see_ticket', message: expect.any(String) },
      ]);
      // One transaction per request: b's refused owner takes its priority change back, a keeps both.
      expect(await t.db.query(`SELECT tracking_id, priority, owner_id FROM tickets WHERE tracking_id = ANY($1) ORDER BY tracking_id = $2 DESC`, [[a, b], a])).toEqual([
        { tracking_id: a, priority: 'high', owner_id: other.id },
        { tracking_id: b, priority: 'medium', owner_id: null },
      ]);
      expect(await auditOf(a, 'ticket.assigned')).toHaveLength(1);
      expect(await auditOf(a, 'ticket.priority_changed')).toHaveLength(1);
      expect(await auditOf(b, 'ticket.priority_changed')).toHaveLength(0);
      expect(await outbox('staff_assigned', a)).toEqual([{ recipient: OTHER.email }]);

      const moved = await post(admin, '/api/staff/tickets/bulk', { trackingIds: [a], action: { categoryId: KEYS_CATEGORY } }).expect(200);
      expect(moved.body.succeeded).toBe(1);
      // Issue 12.3 as for a single change: the owner who does not work the new category stops being the owner.
      expect(await t.db.query(`SELECT category_id, owner_id FROM tickets WHERE tracking_id = $1`, [a])).toEqual([{ category_id: KEYS_CATEGORY, owner_id: null }]);
      expect((await eventsOf(a, 'ticket.updated')).map((e: { payload: { changes: { field: string }[] } }) => e.payload.changes.map((c) => c.field))).toEqual([['priority', 'owner'], ['category'], ['owner']]);
    });

    it(`refuses more than ${BULK_MAX_TICKETS} requests, and an empty change, with 400 in Ukrainian and English`, async () => {
      const many = Array.from({ length: BULK_MAX_TICKETS + 1 }, (_, i) => `AAA-AAA-${String(i).padStart(4, 'A')}`);
      const uk = await post(agent, '/api/staff/tickets/bulk', { trackingIds: many, action: { status: 'resolved' } }).set('Accept-Language', 'uk').expect(400);
      expect(uk.body.message).toContain(`не більше ${BULK_MAX_TICKETS} запитів`);
      const en = await post(agent, '/api/staff/tickets/bulk', { trackingIds: many, action: { status: 'resolved' } }).set('Accept-Language', 'en').expect(400);
      expect(en.body.message).toContain(`At most ${BULK_MAX_TICKETS} requests`);
      await post(agent, '/api/staff/tickets/bulk', { trackingIds: ['AAA-AAA-AAAA'], action: {} }).expect(400);
      await post(agent, '/api/staff/tickets/bulk', { trackingIds: [], action: { status: 'resolved' } }).expect(400);
      await post(agent, '/api/staff/tickets/bulk', { trackingIds: ['AAA-AAA-AAAA'], action: { organisationId: 1 } }).expect(400);
    });
  });

  describe('tags', () => {
    it('only admins curate the list; names are normalised and checked', async () => {
      await post(agent, '/api/staff/tags', { name: 'Терміново', color: '#E53935' }).expect(403);
      const { body: urgent } = await post(admin, '/api/staff/tags', { name: ' Терміново ', color: '#E53935' }).expect(201);
      expect(urgent).toEqual({ id: expect.any(Number), name: 'терміново', color: '#e53935', curated: true });
      await post(admin, '/api/staff/tags', { name: 'ТЕРМІНОВО' }).expect(409);
      const bad = await post(admin, '/api/staff/tags', { name: '<script>' }).set('Accept-Language', 'en').expect(400);
      expect(bad.body.message).toContain('Invalid tag');
      await patch(agent, `/api/staff/tags/${urgent.id}`, { color: null }).expect(403);
      await patch(admin, '/api/staff/tags/99999999999', { color: null }).expect(404);
      expect((await agent.http.get('/api/staff/tags').expect(200)).body).toContainEqual(urgent);
    });

    it('are put on and taken off a request and in bulk, audited per request, filter the queue within the agent\'s categories, and never reach the participant', async () => {
      const a = await submit('tags-1@participant.test', KEYS_CATEGORY);
      const b = await submit('tags-2@participant.test', KEYS_CATEGORY);
      const hidden = await submit('tags-3@participant.test', REGULAR_CATEGORY);
      const { body: viewA } = await post(agent, `/api/staff/tickets/${a}/tags`, { name: 'Договір' }).expect(201);
      expect(viewA.tags).toEqual([{ id: expect.any(Number), name: 'договір', color: null }]);
      const tagId = viewA.tags[0].id;
      const { body: bulk } = await post(admin, '/api/staff/tickets/bulk', { trackingIds: [a, b, hidden], action: { addTags: ['договір', 'Ключі'] } }).expect(200);
      expect(bulk.succeeded).toBe(3);
      expect(await auditOf(a, 'ticket.tag_added')).toEqual([
        { actor_name: AGENT.name, details: { tag: 'договір' } },
        expect.objectContaining({ details: { tag: 'ключі' } }),
      ]);
      expect(await auditOf(b, 'ticket.tag_added')).toHaveLength(2);

      const queue = async (s: StaffTestSession, query: string) => (await s.http.get(`/api/staff/tickets?${query}`).expect(200)).body.items.map((i: { trackingId: string }) => i.trackingId);
      expect(await queue(agent, `tag=${tagId}`)).toEqual(expect.arrayContaining([a, b]));
      expect(await queue(agent, `tag=${tagId}`)).not.toContain(hidden);
      expect(await queue(admin, `tag=${tagId}`)).toEqual(expect.arrayContaining([a, b, hidden]));
      expect((await agent.http.get(`/api/staff/tickets/counts?tag=${tagId}`).expect(200)).body.new).toBe(2);
      const { body: page } = await agent.http.get(`/api/staff/tickets?tag=${tagId}`).expect(200);
      expect(page.items.find((i: { trackingId: string }) => i.trackingId === b).tags.map((g: { name: string }) => g.name)).toEqual(['договір', 'ключі']);
      await agent.http.get('/api/staff/tickets?tag=abc').expect(400);

      const { body: afterRemove } = await del(agent, `/api/staff/tickets/${b}/tags/${encodeURIComponent('Договір')}`).expect(200);
      expect(afterRemove.tags.map((g: { name: string }) => g.name)).toEqual(['ключі']);
      expect(await auditOf(b, 'ticket.tag_removed')).toEqual([{ actor_name: AGENT.name, details: { tag: 'договір' } }]);
      expect(await queue(agent, `tag=${tagId}`)).not.toContain(b);
      await post(agent, `/api/staff/tickets/${hidden}/tags`, { name: 'договір' }).expect(404);

      // Staff-only: the participant's page, and every e-mail to the participant, know nothing of tags.
      const { body: participantView } = await t.http.get(`/api/tickets/${a}`).query({ email: 'tags-1@participant.test' }).expect(200);
      expect(JSON.stringify(participantView)).not.toMatch(/договір|ключі|"tags"/);
      await post(agent, '/api/staff/tickets/bulk', { trackingIds: [a], action: { status: 'resolved' } }).expect(200);
      const mails: { payload: unknown }[] = await t.db.query(`SELECT o.payload FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.tracking_id = $1 AND o.recipient = $2`, [a, 'tags-1@participant.test']);
      expect(mails.length).toBeGreaterThan(0);
      expect(JSON.stringify(mails)).not.toMatch(/договір|ключі/);
    });

    it('an admin renames a tag in place: requests keep it under the new name, a taken name is 409 in the reader\'s language, audited', async () => {
      const ticket = await submit('tags-rename@participant.test', KEYS_CATEGORY);
      const { body: tagged } = await post(agent, `/api/staff/tickets/${ticket}/tags`, { name: 'Стара назва' }).expect(201);
      const tagId = tagged.tags[0].id;
      await post(admin, '/api/staff/tags', { name: 'зайнята назва' }).expect(201);

      await patch(agent, `/api/staff/tags/${tagId}`, { name: 'Нова назва' }).expect(403);
      const taken = await patch(admin, `/api/staff/tags/${tagId}`, { name: ' Зайнята  назва ' }).set('Accept-Language', 'en').expect(409);
      expect(taken.body).toEqual(expect.objectContaining({ code: 'tag_name_taken', message: 'A tag with this name already exists.' }));
      const takenUk = await patch(admin, `/api/staff/tags/${tagId}`, { name: 'зайнята назва' }).set('Accept-Language', 'uk').expect(409);
      expect(takenUk.body.message).toBe('Мітка з такою назвою вже є.');

      const { body: renamed } = await patch(admin, `/api/staff/tags/${tagId}`, { name: 'Нова назва', color: '#43A047' }).expect(200);
      expect(renamed).toEqual({ id: tagId, name: 'нова назва', color: '#43a047', curated: true });
      const { body: view } = await agent.http.get(`/api/staff/tickets/${ticket}`).expect(200);
      expect(view.tags).toEqual([{ id: tagId, name: 'нова назва', color: '#43a047' }]);
      const { body: queue } = await agent.http.get(`/api/staff/tickets?tag=${tagId}`).expect(200);
      expect(queue.items.map((i: { trackingId: string; tags: { name: string }[] }) => [i.trackingId, i.tags.map((g) => g.name)])).toEqual([[ticket, ['нова назва']]]);
      // Typing the old name makes a new free tag; the renamed one is not revived under it.
      const { body: retyped } = await post(agent, `/api/staff/tickets/${ticket}/tags`, { name: 'стара назва' }).expect(201);
      expect(retyped.tags.find((g: { name: string }) => g.name === 'стара назва').id).not.toBe(tagId);

      const audited = await t.db.query(`SELECT actor_name, details FROM audit_log WHERE action = 'tag.updated' AND (details->>'tagId')::int = $1 ORDER BY id`, [tagId]);
      expect(audited).toEqual([{ actor_name: expect.any(String), details: expect.objectContaining({ tagId, name: 'нова назва', fromName: 'стара назва', color: '#43a047', fromColor: null }) }]);
      await patch(admin, '/api/staff/tags/99999999', { name: 'будь-яка' }).expect(404);
    });
  });

  describe('saved views', () => {
    it('are one\'s own unless an admin shares one; each counts what its reader may see', async () => {
      const keys = await submit('views-1@participant.test', KEYS_CATEGORY);
      const regular = await submit('views-2@participant.test', REGULAR_CATEGORY);
      await post(admin, '/api/staff/tickets/bulk', { trackingIds: [keys, regular], action: { addTags: ['на перевірці'] } }).expect(200);
      const tagId = (await admin.http.get('/api/staff/tags').expect(200)).body.find((g: { name: string }) => g.name === 'на перевірці').id;

      await post(agent, '/api/staff/views', { name: 'Моє', query: `tag=${tagId}&sort=due`, shared: true }).expect(403);
      await post(agent, '/api/staff/views', { name: 'Погане', query: 'status=nonsense' }).expect(400);
      await post(agent, '/api/staff/views', { name: 'Погане', query: 'drop=table' }).expect(400);
      const { body: own } = await post(agent, '/api/staff/views', { name: 'Моє', query: `?tag=${tagId}&sort=due&cursor=abc` }).expect(201);
      expect(own).toEqual({ id: expect.any(Number), name: 'Моє', query: `tag=${tagId}&sort=due`, shared: false, mine: true, count: 1 });

      const { body: shared } = await post(admin, '/api/staff/views', { name: 'На перевірці', query: `tag=${tagId}`, shared: true }).expect(201);
      expect(shared.count).toBe(2);

      const names = async (s: StaffTestSession) => (await s.http.get('/api/staff/views').expect(200)).body.map((v: { name: string; count: number; mine: boolean }) => [v.name, v.count, v.mine]);
      expect(await names(agent)).toEqual([['На перевірці', 1, false], ['Моє', 1, true]]);
      expect(await names(other)).toEqual([['На перевірці', 1, false]]);

      await patch(other, `/api/staff/views/${own.id}`, { name: 'Чуже' }).expect(404);
      await del(other, `/api/staff/views/${own.id}`).expect(404);
      await patch(agent, `/api/staff/views/${shared.id}`, { name: 'Моє тепер' }).expect(403);
      await patch(agent, `/api/staff/views/${own.id}`, { shared: true }).expect(403);
      expect((await patch(agent, `/api/staff/views/${own.id}`, { name: 'Перейменоване' }).expect(200)).body.name).toBe('Перейменоване');
      await patch(admin, `/api/staff/views/${shared.id}`, { shared: false }).expect(200);
      expect(await names(other)).toEqual([]);
      await del(agent, `/api/staff/views/${own.id}`).expect(204);
      expect(await names(agent)).toEqual([]);
    });
  });
});
