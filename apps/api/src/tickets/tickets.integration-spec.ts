import { TRACKING_ID_PATTERN } from '@pidtrymka/contracts';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

describe('participants\' tickets API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown> = {}) => t.http.post('/api/tickets').send({ ...participant, ...body });

  describe('submitting a request', () => {
    it('R-SUB-4, R-SUB-5: answers with a tracking ID like AZA-DMP-AJ8S and a sequential number', async () => {
      const first = await create().expect(201);
      const second = await create().expect(201);
      expect(first.body).toMatchObject({ status: 'new', subject: participant.subject });
      expect(first.body.trackingId).toMatch(TRACKING_ID_PATTERN);
      expect(second.body.trackingId).not.toBe(first.body.trackingId);
      expect(second.body.number).toBe(first.body.number + 1);
    });

    it('R-SUB-2: files the request under "Звичайне звернення" unless a category is chosen', async () => {
      const categories = await t.http.get('/api/categories').expect(200);
      expect(categories.body[0]).toEqual({ id: expect.any(Number), name: 'Звичайне звернення', isDefault: true });
      const english = await t.http.get('/api/categories').set('Accept-Language', 'en').expect(200);
      expect(english.body[0].name).toBe('Regular request');
      const xmtrade = categories.body.find((c: { name: string }) => c.name.includes('XMtrade'));

      const plain = await create().expect(201);
      const chosen = await create({ categoryId: xmtrade.id }).expect(201);
      const viewPlain = await t.http.get(`/api/tickets/${plain.body.trackingId}`).query({ email: participant.email }).expect(200);
      const viewChosen = await t.http.get(`/api/tickets/${chosen.body.trackingId}`).query({ email: participant.email }).expect(200);
      expect(viewPlain.body.category.name).toBe('Звичайне звернення');
      expect(viewChosen.body.category).toEqual({ id: xmtrade.id, name: xmtrade.name });
    });

    it('R-SUB-2: refuses an unknown category with a message, not a 500', async () => {
      const response = await create({ categoryId: 99999 }).expect(400);
      expect(response.body).toMatchObject({ code: 'category_not_found', message: 'Обраної категорії не існує.' });
    });

    it('writes the first message, the confirmation e-mail to send and an audit entry with the request', async () => {
      const { body } = await create().expect(201);
      const [ticket] = await t.db.query('SELECT id, locale FROM tickets WHERE tracking_id = $1', [body.trackingId]);
      const messages = await t.db.query('SELECT author_type, body FROM messages WHERE ticket_id = $1', [ticket.id]);
      const outbox = await t.db.query('SELECT template, recipient, status, payload FROM outbox WHERE ticket_id = $1', [ticket.id]);
      const audit = await t.db.query('SELECT action, actor_type FROM audit_log WHERE ticket_id = $1', [ticket.id]);
      expect(messages).toEqual([{ author_type: 'participant', body: participant.message }]);
      expect(outbox).toEqual([
        {
          template: 'ticket_created',
          recipient: participant.email,
          status: 'pending',
          payload: expect.objectContaining({ trackingId: body.trackingId, subject: participant.subject, name: participant.name }),
        },
      ]);
      expect(audit).toEqual([{ action: 'ticket.created', actor_type: 'participant' }]);
      expect(ticket.locale).toBe('uk');
    });

    it('keeps the line breaks of a browser\'s multipart form as LF, not the CRLF the form encoding sends', async () => {
      const fields = { ...participant, message: 'Доброго дня, назва компанії: ПП "ХВИЛЯ"\r\nНомер телефону: 0999999999\rКінець' };
      const form = t.http.post('/api/tickets');
      for (const [key, value] of Object.entries(fields)) form.field(key, value);
      const created = await form.expect(201);
      const view = await t.http.get(`/api/tickets/${created.body.trackingId}`).query({ email: participant.email }).expect(200);
      expect(view.body.messages[0].body).toBe('Доброго дня, назва компанії: ПП "ХВИЛЯ"\nНомер телефону: 0999999999\nКінець');
      const reply = await t.http.post(`/api/tickets/${created.body.trackingId}/replies`).field('email', participant.email).field('message', 'Рядок 1\r\nРядок 2').expect(201);
      expect(reply.body.message.body).toBe('Рядок 1\nРядок 2');
    });

    it('remembers the participant\'s language for the e-mails', async () => {
      const { body } = await create().set('Accept-Language', 'en-GB,en;q=0.9').expect(201);
      const [row] = await t.db.query('SELECT locale FROM tickets WHERE tracking_id = $1', [body.trackingId]);
      expect(row.locale).toBe('en');
    });
  });

  describe('bad input gets a clear 4xx in the caller\'s language', () => {
    it('names each missing field, in Ukrainian by default', async () => {
      const response = await t.http.post('/api/tickets').send({}).expect(400);
      expect(response.body.code).toBe('validation_failed');
      const fields = response.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'email', 'subject', 'message']));
      expect(response.body.details.find((d: { field: string }) => d.field === 'name').message).toBe('Поле «Ім\'я» обов\'язкове.');
    });

    it('and in English with Accept-Language: en', async () => {
      const response = await t.http.post('/api/tickets').set('Accept-Language', 'en').send({ ...participant, email: 'not-an-address' }).expect(400);
      expect(response.body.message).toBe('"E-mail" must be a valid e-mail address.');
    });

    it.each([
      ['name', 51, 50],
      ['subject', 201, 200],
      ['message', 50_001, 50_000],
    ])('refuses a %s longer than its limit, naming the limit', async (field, length, limit) => {
      const response = await create({ [field]: 'ж'.repeat(length) }).expect(400);
      expect(response.body.message).toContain(String(limit));
    });

    it('accepts a message of exactly 50,000 Cyrillic characters (over 100 kB of UTF-8)', async () => {
      await create({ message: 'ж'.repeat(50_000) }).expect(201);
    });

    it('refuses an address with a quoted local part, to which no confirmation could be sent', async () => {
      const response = await create({ email: '"partner x"@client.test' }).expect(400);
      expect(response.body.details[0]).toMatchObject({ field: 'email', message: 'Поле «Ел. адреса» має містити коректну електронну адресу.' });
    });

    it('refuses an e-mail address longer than 254 characters', async () => {
      await create({ email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.ua` }).expect(400);
    });

    it.each(['name', 'subject'])('refuses CR or LF in the %s, which could become an e-mail header', async (field) => {
      const response = await create({ [field]: 'Тема\r\nBcc: victim@example.com' }).expect(400);
      expect(response.body.details[0]).toMatchObject({ field, message: expect.stringContaining('переведення рядка') });
    });

    it('refuses a NUL character (PostgreSQL cannot store it) instead of failing', async () => {
      await create({ message: 'a\u0000b' }).expect(400);
    });

    it('refuses fields that are not in the contract', async () => {
      const response = await create({ isAdmin: true }).expect(400);
      expect(response.body.details[0].field).toBe('isAdmin');
    });

    it('refuses wrong types', async () => {
      await create({ name: 42 }).expect(400);
      await create({ message: ['a'] }).expect(400);
      await create({ categoryId: 'x' }).expect(400);
      await create({ categoryId: -1 }).expect(400);
    });

    it('answers malformed JSON with 400', async () => {
      const response = await t.http.post('/api/tickets').set('Content-Type', 'application/json').send('{"name": "a",').expect(400);
      expect(response.body).toMatchObject({ code: 'malformed_json', message: 'Тіло запиту не є коректним JSON.' });
    });

    it('answers a body over 1 MB with 413', async () => {
      await t.http.post('/api/tickets').set('Content-Type', 'application/json').send(JSON.stringify({ ...participant, message: 'x'.repeat(1_100_000) })).expect(413);
    });

    it('answers other content types with 4xx, never 500', async () => {
      const response = await t.http.post('/api/tickets').set('Content-Type', 'text/plain').send('hello');
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });

    it('refuses a filled honeypot without saying why (R-SUB-3)', async () => {
      const response = await create({ website: 'http://spam.example' }).expect(400);
      expect(response.body).toMatchObject({ code: 'submission_refused', message: 'Запит не прийнято.' });
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM tickets WHERE subject = 'honeypot'`);
      expect(count).toBe(0);
    });

    it('answers an unknown route with a localised 404', async () => {
      const response = await t.http.get('/api/nothing-here').set('Accept-Language', 'en').expect(404);
      expect(response.body.message).toBe('There is no such API address.');
    });
  });

  describe('viewing a request', () => {
    it('R-VIEW-1: shows the conversation and every field of the details panel', async () => {
      const { body: created } = await create().expect(201);
      const { body } = await t.http.get(`/api/tickets/${created.trackingId}`).query({ email: participant.email }).expect(200);
      expect(body).toEqual({
        trackingId: created.trackingId,
        number: created.number,
        subject: participant.subject,
        status: 'new',
        priority: 'medium',
        category: { id: expect.any(Number), name: 'Звичайне звернення' },
        requester: { name: participant.name, email: participant.email },
        createdAt: created.createdAt,
        updatedAt: expect.any(String),
        lastReplyBy: participant.name,
        replyCount: 0,
        messages: [
          {
            id: expect.any(String),
            authorType: 'participant',
            authorName: participant.name,
            authorEmail: participant.email,
            body: participant.message,
            // Issue 15: the whole e-mailed text; a message written on the site has none.
            fullBody: null,
            createdAt: expect.any(String),
            attachments: [],
            // Issue 19: only staff replies are rated; the participant's own message never is.
            rating: null,
          },
        ],
        // Issue 19: an open request asks for no satisfaction answer.
        satisfaction: null,
      });
    });

    it('R-VIEW-3: finds the request whatever the case of the e-mail and the tracking ID', async () => {
      const { body } = await create().expect(201);
      await t.http.get(`/api/tickets/${body.trackingId.toLowerCase()}`).query({ email: participant.email.toUpperCase() }).expect(200);
      await t.http.get(`/api/tickets/${body.trackingId.replace(/-/g, '')}`).query({ email: ` ${participant.email} ` }).expect(200);
    });

    it('R-VIEW-3: a wrong e-mail and an unknown ID answer exactly the same', async () => {
      const { body } = await create().expect(201);
      const wrongEmail = await t.http.get(`/api/tickets/${body.trackingId}`).query({ email: 'someone@else.ua' }).expect(404);
      const unknownId = await t.http.get('/api/tickets/AAA-BBB-CCCC').query({ email: participant.email }).expect(404);
      const garbage = await t.http.get('/api/tickets/%27%20OR%201%3D1').query({ email: participant.email }).expect(404);
      expect(wrongEmail.body).toEqual(unknownId.body);
      expect(garbage.body).toEqual(unknownId.body);
      expect(unknownId.body.message).toBe('Запит не знайдено. Перевірте ідентифікатор запиту та електронну адресу.');
    });

    it('requires the e-mail', async () => {
      const { body } = await create().expect(201);
      await t.http.get(`/api/tickets/${body.trackingId}`).expect(400);
    });

    it('never shows staff notes to the participant', async () => {
      const { body } = await create().expect(201);
      const [ticket] = await t.db.query('SELECT id FROM tickets WHERE tracking_id = $1', [body.trackingId]);
      await t.db.query(`INSERT INTO messages (ticket_id, author_type, author_name, body, is_internal) VALUES ($1, 'staff', 'Агент', 'секретна нотатка', true)`, [ticket.id]);
      const view = await t.http.get(`/api/tickets/${body.trackingId}`).query({ email: participant.email }).expect(200);
      expect(JSON.stringify(view.body)).not.toContain('секретна нотатка');
      expect(view.body.replyCount).toBe(0);
    });
    it('leads an old tracking ID to the request it was merged into, when that is the same participant\'s', async () => {
      const { body: older } = await create({ subject: 'Перше звернення' }).expect(201);
      const { body: newer } = await create({ subject: 'Друге звернення' }).expect(201);
      const { body: stranger } = await create({ email: 'someone@else.ua' }).expect(201);
      const merge = (from: string, into: string) =>
        t.db.query(`UPDATE tickets SET merged_into_id = (SELECT id FROM tickets WHERE tracking_id = $2), status = 'resolved' WHERE tracking_id = $1`, [from, into]);

      await merge(older.trackingId, newer.trackingId);
      const view = await t.http.get(`/api/tickets/${older.trackingId}`).query({ email: participant.email }).expect(200);
      expect(view.body).toMatchObject({ trackingId: newer.trackingId, subject: 'Друге звернення' });
      await t.http.post(`/api/tickets/${older.trackingId}/replies`).send({ email: participant.email, message: 'Через старий ідентифікатор' }).expect(201);
      const merged = await t.http.get(`/api/tickets/${newer.trackingId}`).query({ email: participant.email }).expect(200);
      expect(merged.body.messages.at(-1).body).toBe('Через старий ідентифікатор');

      // Issue 12.2: a merge across participants is refused, by the database itself too.
      await expect(merge(newer.trackingId, stranger.trackingId)).rejects.toThrow(/another participant/);
      const notFollowed = await t.http.get(`/api/tickets/${newer.trackingId}`).query({ email: participant.email }).expect(200);
      expect(notFollowed.body.trackingId).toBe(newer.trackingId);
    });
  });

  describe('replying (R-VIEW-5)', () => {
    async function ticketWithStatus(status: string) {
      const { body } = await create().expect(201);
      await t.db.query('UPDATE tickets SET status = $1 WHERE tracking_id = $2', [status, body.trackingId]);
      return body.trackingId as string;
    }
    const reply = (trackingId: string, message = 'Направляю вам підписаний файл у вкладенні.') =>
      t.http.post(`/api/tickets/${trackingId}/replies`).send({ email: participant.email, message });

    it('adds the reply to the conversation and the details panel', async () => {
      const trackingId = await ticketWithStatus('new');
      const response = await reply(trackingId).expect(201);
      expect(response.body).toMatchObject({ status: 'new', message: { authorType: 'participant', authorName: participant.name, body: 'Направляю вам підписаний файл у вкладенні.' } });
      const view = await t.http.get(`/api/tickets/${trackingId}`).query({ email: participant.email }).expect(200);
      expect(view.body.messages).toHaveLength(2);
      expect(view.body.replyCount).toBe(1);
    });

    it.each([
      ['new', 'new'],
      ['replied', 'waiting_reply'],
      ['in_progress', 'waiting_reply'],
      ['on_hold', 'waiting_reply'],
      ['waiting_reply', 'waiting_reply'],
    ])('turns %s into %s', async (before, after) => {
      const trackingId = await ticketWithStatus(before);
      const response = await reply(trackingId).expect(201);
      expect(response.body.status).toBe(after);
      const [row] = await t.db.query('SELECT status FROM tickets WHERE tracking_id = $1', [trackingId]);
      expect(row.status).toBe(after);
    });

    it('reopens a resolved request and writes it to the audit log', async () => {
      const trackingId = await ticketWithStatus('resolved');
      await reply(trackingId).expect(201);
      const audit = await t.db.query(
        'SELECT action, details FROM audit_log a JOIN tickets t ON t.id = a.ticket_id WHERE t.tracking_id = $1 ORDER BY a.id',
        [trackingId],
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['ticket.created', 'ticket.replied', 'ticket.reopened']);
      expect(audit[2].details).toEqual({ from: 'resolved', to: 'waiting_reply' });
    });

    it('refuses a reply with the wrong e-mail as if the request did not exist', async () => {
      const trackingId = await ticketWithStatus('new');
      const response = await t.http.post(`/api/tickets/${trackingId}/replies`).send({ email: 'intruder@example.com', message: 'hi' }).expect(404);
      expect(response.body.code).toBe('ticket_not_found');
    });

    it('refuses an empty reply', async () => {
      const trackingId = await ticketWithStatus('new');
      await reply(trackingId, '   ').expect(400);
    });
  });

  describe('"forgot tracking ID" (R-VIEW-4)', () => {
    it('always answers 202, and queues the list only for an address that has requests', async () => {
      const email = 'reminder@oree.com.ua';
      await create({ email }).expect(201);
      await create({ email, subject: 'Друге звернення' }).expect(201);
      await t.http.post('/api/tickets/remind').send({ email: email.toUpperCase() }).expect(202);
      await t.http.post('/api/tickets/remind').send({ email: 'nobody@oree.com.ua' }).expect(202);
      const rows = await t.db.query(`SELECT recipient, payload FROM outbox WHERE template = 'tracking_reminder'`);
      expect(rows).toHaveLength(1);
      expect(rows[0].recipient).toBe(email);
      expect(rows[0].payload.tickets.map((x: { subject: string }) => x.subject)).toEqual(['Друге звернення', participant.subject]);
    });
  });
});
