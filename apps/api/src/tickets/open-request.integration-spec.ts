import request from 'supertest';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const KEYS_CATEGORY = 3;

// argon2 is slow on purpose: creating two staff accounts on a busy machine needs more than jest's 5 s.
jest.setTimeout(60_000);

/**
 * Issue 14: a portal request is opened by one statement (TicketsRepository.open). It must write
 * exactly what the `opened` transition always wrote (R-MAIL-1, R-STAFF-2): every field of every
 * row, in the rule's order, is spelled out here.
 */
describe('opening a request in one statement (issue 14)', () => {
  const rowsOf = async (t: TestApp, trackingId: string) => {
    const [ticket] = await t.db.query('SELECT id, number, category_id FROM tickets WHERE tracking_id = $1', [trackingId]);
    const outbox = await t.db.query('SELECT template, recipient, locale, status, payload, cap_key, cap_per_hour, cap_counted_at FROM outbox WHERE ticket_id = $1 ORDER BY id', [ticket.id]);
    const audit = await t.db.query('SELECT actor_type, actor_name, action, details FROM audit_log WHERE ticket_id = $1 ORDER BY id', [ticket.id]);
    const [category] = await t.db.query('SELECT name_uk, name_en FROM categories WHERE id = $1', [ticket.category_id]);
    return { ticket, outbox, audit, category };
  };

  describe('with the category\'s staff', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
      const http = request.agent(t.app.getHttpServer());
      const { body } = await http.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
      for (const [email, locale] of [['zenon@oree.test', 'uk'], ['anna@oree.test', 'en']]) {
        await http
          .post('/api/staff/accounts')
          .set('X-CSRF-Token', body.csrfToken)
          .send({ email, name: email, password: 'agent-password-1', role: 'agent', locale, categoryIds: [KEYS_CATEGORY] })
          .expect(201);
      }
    });
    afterAll(() => t.close());

    it('R-MAIL-1, R-STAFF-2: the confirmation, then a notice to each agent by address in their language, and the audit entry', async () => {
      const { body } = await t.http.post('/api/tickets').set('Accept-Language', 'en').send({ ...participant, categoryId: KEYS_CATEGORY }).expect(201);
      const { ticket, outbox, audit, category } = await rowsOf(t, body.trackingId);
      expect(body.number).toBe(ticket.number);
      const notice = { trackingId: body.trackingId, number: ticket.number, subject: participant.subject, requesterName: participant.name, requesterEmail: participant.email, message: participant.message };
      const uncapped = { status: 'pending', cap_key: null, cap_per_hour: null, cap_counted_at: null };
      expect(outbox).toEqual([
        {
          template: 'ticket_created',
          recipient: participant.email,
          locale: 'en',
          status: 'pending',
          payload: { trackingId: body.trackingId, number: ticket.number, name: participant.name, subject: participant.subject, message: participant.message },
          cap_key: `auto:${participant.email.toLowerCase()}`,
          cap_per_hour: 10,
          cap_counted_at: null,
        },
        { template: 'staff_new_ticket', recipient: 'anna@oree.test', locale: 'en', payload: { ...notice, category: category.name_en }, ...uncapped },
        { template: 'staff_new_ticket', recipient: 'zenon@oree.test', locale: 'uk', payload: { ...notice, category: category.name_uk }, ...uncapped },
      ]);
      expect(audit).toEqual([{ actor_type: 'participant', actor_name: participant.name, action: 'ticket.created', details: { channel: 'web', attachments: 0 } }]);
    });

    it('R-STAFF-2: a category nobody is granted tells the admins; the default category is filled in when none is chosen', async () => {
      const { body } = await t.http.post('/api/tickets').send(participant).expect(201);
      const { ticket, outbox } = await rowsOf(t, body.trackingId);
      const [defaultCategory] = await t.db.query('SELECT id FROM categories WHERE is_default');
      expect(ticket.category_id).toBe(defaultCategory.id);
      expect(outbox.map((row: { template: string; recipient: string }) => [row.template, row.recipient])).toEqual([
        ['ticket_created', participant.email],
        ['staff_new_ticket', ADMIN.email],
      ]);
    });

    it('R-SUB-2: an unknown category writes nothing at all', async () => {
      const before = await t.db.query('SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM audit_log) AS audit');
      const response = await t.http.post('/api/tickets').send({ ...participant, categoryId: 999 }).expect(400);
      expect(response.body.code).toBe('category_not_found');
      expect(await t.db.query('SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM audit_log) AS audit')).toEqual(before);
    });
  });

  describe('with STAFF_NOTIFY_EMAIL', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ STAFF_NOTIFY_EMAIL: 'duty@oree.test', SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
    });
    afterAll(() => t.close());

    it('R-STAFF-2: the one notice goes to that address, in Ukrainian', async () => {
      const { body } = await t.http.post('/api/tickets').set('Accept-Language', 'en').send({ ...participant, categoryId: KEYS_CATEGORY }).expect(201);
      const { ticket, outbox, category } = await rowsOf(t, body.trackingId);
      expect(outbox.map((row: { template: string; recipient: string; locale: string }) => [row.template, row.recipient, row.locale])).toEqual([
        ['ticket_created', participant.email, 'en'],
        ['staff_new_ticket', 'duty@oree.test', 'uk'],
      ]);
      expect(outbox[1].payload).toEqual({
        trackingId: body.trackingId,
        number: ticket.number,
        subject: participant.subject,
        requesterName: participant.name,
        requesterEmail: participant.email,
        message: participant.message,
        category: category.name_uk,
      });
    });
  });
});
