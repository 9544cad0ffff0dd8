import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { undoCrossParticipantMerges } from '../database/cross-participant-merges';
import { MailInService } from '../mail-in/mail-in.service';
import { MailIdentity } from '../notifications/mail-identity';
import { OutboxWorker } from '../notifications/outbox.worker';
import { fileSamples } from '../testing/file-samples';
import { createTestApp, TestApp } from '../testing/test-app';
import { TicketWriter } from './ticket-writer.service';
import { TicketsRepository } from './tickets.repository';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'agent@oree.test', password: 'agent-password-1', name: 'Агент Ключів' };
const KEYS_CATEGORY = 3;
const REGULAR_CATEGORY = 1;
/** Two competing companies of one market. */
const ALICE = { name: 'Аліса (ТОВ «А»)', email: 'alice@corp-a.example' };
const BOB = { name: 'Bob (corp B)', email: 'bob@corp-b.example' };

jest.setTimeout(90_000);

interface Session {
  http: TestAgent;
  csrf: string;
}

/** Issue 12, points 2 and 3, on the real AppModule and PostgreSQL. */
describe('issue 12: confidentiality between participants', () => {
  let t: TestApp;
  let admin: Session;

  async function signIn(credentials: { email: string; password: string }): Promise<Session> {
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(credentials).expect(200);
    return { http, csrf: body.csrfToken };
  }

  /** A request on the site, with a file when asked. */
  async function submit(who: { name: string; email: string }, message: string, options: { categoryId?: number; file?: string } = {}): Promise<{ trackingId: string }> {
    const form = t.http.post('/api/tickets').field('name', who.name).field('email', who.email).field('subject', `Запит ${who.email}`).field('message', message);
    if (options.categoryId) form.field('categoryId', String(options.categoryId));
    if (options.file) form.attach('attachments', fileSamples.pdf, options.file);
    const { body } = await form.expect(201);
    return body;
  }

  const view = (trackingId: string, email: string) => t.http.get(`/api/tickets/${trackingId}`).query({ email });
  const merge = (s: Session, from: string, into: string, language = 'uk') =>
    s.http.post(`/api/staff/tickets/${from}/merge`).set('X-CSRF-Token', s.csrf).set('Accept-Language', language).send({ intoTrackingId: into });
  const ticketRow = async (trackingId: string) => (await t.db.query(`SELECT id, owner_id, merged_into_id, status FROM tickets WHERE tracking_id = $1`, [trackingId]))[0];
  const messagesOf = async (trackingId: string) =>
    (await t.db.query(`SELECT m.body FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tracking_id = $1 ORDER BY m.id`, [trackingId])).map((r: { body: string }) => r.body);
  const receive = (raw: string) => t.app.get(MailInService).receive(Buffer.from(raw.replace(/\n/g, '\r\n')), 'test');
  const eml = (from: string, subject: string, body: string, extra: string[] = []) =>
    [`From: ${from}`, 'To: support@localhost', `Subject: ${subject}`, `Message-ID: <${Math.random().toString(36).slice(2)}@client.test>`, 'Date: Fri, 04 Dec 2026 10:00:00 +0000', ...extra, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\n');

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SCHEDULER_ENABLED: 'false', MAIL_IN_BURST_LIMIT: '1000' });
    admin = await signIn(ADMIN);
  });
  afterAll(() => t.close());

  describe('12.2 merging never shows one participant\'s words or files to another', () => {
    it('an admin merge of Alice\'s (corp A) request into Bob\'s (corp B) is refused with 409, in uk and in en, and nothing moves', async () => {
      const alice = await submit(ALICE, 'Таємниця компанії А', { file: 'alice-secret.pdf' });
      const bob = await submit(BOB, 'Bob\'s own question');

      const uk = await merge(admin, alice.trackingId, bob.trackingId).expect(409);
      expect(uk.body.code).toBe('merge_across_participants');
      expect(uk.body.message).toContain('Запити різних учасників не об\'єднуються');
      expect(uk.body.message).toContain(ALICE.email);
      const en = await merge(admin, bob.trackingId, alice.trackingId, 'en').expect(409);
      expect(en.body.message).toMatch(/^Requests of different participants are never merged/);
      // Bob in capitals is still Bob, and still not Alice.
      const bobUpper = await submit({ ...BOB, email: BOB.email.toUpperCase() }, 'Те саме, великими літерами');
      await merge(admin, bobUpper.trackingId, alice.trackingId).expect(409);

      expect(await ticketRow(alice.trackingId)).toMatchObject({ merged_into_id: null, status: 'new' });
      expect(await messagesOf(bob.trackingId)).toEqual(['Bob\'s own question']);
      const bobView = await view(bob.trackingId, BOB.email).expect(200);
      expect(JSON.stringify(bobView.body)).not.toContain('Таємниця');
    });

    it('within one participant (the address in any case) a merge works as before', async () => {
      const first = await submit(ALICE, 'Перше звернення Аліси');
      const second = await submit({ ...ALICE, email: ALICE.email.toUpperCase() }, 'Друге звернення Аліси');
      const { body } = await merge(admin, first.trackingId, second.trackingId).expect(201);
      expect(body.trackingId).toBe(second.trackingId);
      expect(body.messages.map((m: { body: string }) => m.body)).toEqual(['Перше звернення Аліси', 'Друге звернення Аліси']);
      const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'ticket.merged' AND ticket_id = $1`, [(await ticketRow(first.trackingId)).id]);
      expect(audit.details.messageIds).toHaveLength(1);
    });

    it('a web reply to a merged-away request lands in the request it was merged into, and the portal answers with that one', async () => {
      const old = await submit(ALICE, 'Старе звернення');
      const live = await submit(ALICE, 'Нове звернення');
      await merge(admin, old.trackingId, live.trackingId).expect(201);

      const { body: page } = await view(old.trackingId, ALICE.email).expect(200);
      expect(page.trackingId).toBe(live.trackingId);
      await t.http.post(`/api/tickets/${old.trackingId}/replies`).send({ email: ALICE.email, message: 'Відповідь через старе посилання' }).expect(201);
      expect(await messagesOf(old.trackingId)).toEqual([]);
      expect((await messagesOf(live.trackingId)).at(-1)).toBe('Відповідь через старе посилання');
      // Staff see it where they work, and it tells the owner or the category, not nobody.
      const staffView = await admin.http.get(`/api/staff/tickets/${live.trackingId}`).expect(200);
      expect(staffView.body.messages.at(-1).body).toBe('Відповідь через старе посилання');
      expect(staffView.body.status).not.toBe('resolved');
    });

    it('an e-mail reply to a merged-away request (by its [#ID] tag, or only answering our e-mail about it) lands in the target', async () => {
      const old = await submit(ALICE, 'Старе звернення для листа');
      const live = await submit(ALICE, 'Нове звернення для листа');
      const oldId = (await ticketRow(old.trackingId)).id;
      await merge(admin, old.trackingId, live.trackingId).expect(201);

      const tagged = await receive(eml(`Аліса <${ALICE.email}>`, `Re: [#${old.trackingId}] Запит`, 'Лист зі старим тегом'));
      expect(tagged.status).toBe('processed');
      expect(tagged.ticketId).toBe((await ticketRow(live.trackingId)).id);

      const ourMessageId = t.app.get(MailIdentity).messageIdFor('1', oldId);
      const untagged = await receive(eml(ALICE.email, 'Re: Ваш запит', 'Лист без тегу, відповідь на наш лист', [`In-Reply-To: <${ourMessageId}>`]));
      expect(untagged.status).toBe('processed');
      expect(untagged.ticketId).toBe((await ticketRow(live.trackingId)).id);
      expect(await messagesOf(old.trackingId)).toEqual([]);
      expect((await messagesOf(live.trackingId)).slice(-2)).toEqual(['Лист зі старим тегом', 'Лист без тегу, відповідь на наш лист']);
    });

    it('a reply resolved just before a merge commits is still written into the target, never into the merged-away request', async () => {
      const old = await submit(ALICE, 'Гонка: старе');
      const live = await submit(ALICE, 'Гонка: нове');
      const stale = (await t.app.get(TicketsRepository).findOwned(old.trackingId, ALICE.email))!;
      await merge(admin, old.trackingId, live.trackingId).expect(201);
      const written = await t.db.transaction((manager) => t.app.get(TicketWriter).appendReply(manager, stale, { body: 'Писала, поки об\'єднували', channel: 'web', files: [] }));
      expect(written.ticket.trackingId).toBe(live.trackingId);
      expect(await messagesOf(old.trackingId)).toEqual([]);
    });

    it('Bob can never see Alice\'s message or download her attachment through any endpoint, before or after a merge attempt', async () => {
      const alice = await submit(ALICE, 'Ціна заявки компанії А: 123', { file: 'alice-bid.pdf' });
      const bob = await submit(BOB, 'Bob asks');
      await merge(admin, alice.trackingId, bob.trackingId).expect(409);
      await merge(admin, bob.trackingId, alice.trackingId).expect(409);
      const aliceAttachment = (await view(alice.trackingId, ALICE.email).expect(200)).body.messages[0].attachments[0].id as string;

      const seenByBob: string[] = [];
      const asBob = async (path: string, query: Record<string, string> = {}) => {
        const response = await t.http.get(path).query(query);
        seenByBob.push(`${response.status} ${JSON.stringify(response.body)} ${response.text ?? ''}`);
        return response;
      };
      expect((await asBob(`/api/tickets/${bob.trackingId}`, { email: BOB.email })).status).toBe(200);
      expect((await asBob(`/api/tickets/${alice.trackingId}`, { email: BOB.email })).status).toBe(404);
      expect((await asBob(`/api/tickets/${bob.trackingId}/attachments/${aliceAttachment}`, { email: BOB.email })).status).toBe(404);
      expect((await asBob(`/api/tickets/${alice.trackingId}/attachments/${aliceAttachment}`, { email: BOB.email })).status).toBe(404);
      await t.http.post(`/api/tickets/${alice.trackingId}/replies`).send({ email: BOB.email, message: 'Bob tries to write in' }).expect(404);
      await t.http.post('/api/tickets/remind').send({ email: BOB.email }).expect(202);
      const reminders = await t.db.query(`SELECT payload FROM outbox WHERE template = 'tracking_reminder' AND lower(recipient) = $1`, [BOB.email]);
      seenByBob.push(JSON.stringify(reminders));
      for (const seen of seenByBob) {
        expect(seen).not.toContain('компанії А');
        expect(seen).not.toContain('alice-bid');
        expect(seen).not.toContain(alice.trackingId);
      }
      expect(await messagesOf(alice.trackingId)).toEqual(['Ціна заявки компанії А: 123']);
    });

    it('a merge across participants made before this release is undone by the migration: each gets their own words and files back', async () => {
      const alice = await submit(ALICE, 'Старе злиття: слова Аліси', { file: 'alice-old.pdf' });
      const bob = await submit(BOB, 'Old merge: Bob\'s words');
      const aliceId = (await ticketRow(alice.trackingId)).id;
      // A staff reply to Alice before the merge goes back with her messages.
      const { body: staffView } = await admin.http.get(`/api/staff/tickets/${alice.trackingId}`).expect(200);
      await admin.http.post(`/api/staff/tickets/${alice.trackingId}/messages`).set('X-CSRF-Token', admin.csrf).send({ body: 'Відповідь Алісі', lastSeenMessageId: staffView.messages[0].id }).expect(201);
      // The merge as the old code wrote it, past the trigger that now forbids it.
      await t.db.query(`ALTER TABLE tickets DISABLE TRIGGER tickets_merge_same_participant`);
      try {
        const bobId = (await ticketRow(bob.trackingId)).id;
        await t.db.query(`UPDATE messages SET ticket_id = $2 WHERE ticket_id = $1`, [aliceId, bobId]);
        await t.db.query(`UPDATE attachments SET ticket_id = $2 WHERE ticket_id = $1`, [aliceId, bobId]);
        await t.db.query(`UPDATE tickets SET merged_into_id = $2, status = 'resolved' WHERE id = $1`, [aliceId, bobId]);
      } finally {
        await t.db.query(`ALTER TABLE tickets ENABLE TRIGGER tickets_merge_same_participant`);
      }
      expect(JSON.stringify((await view(bob.trackingId, BOB.email).expect(200)).body)).toContain('слова Аліси');

      expect(await undoCrossParticipantMerges(t.db)).toEqual([alice.trackingId]);
      expect(await messagesOf(bob.trackingId)).toEqual(['Old merge: Bob\'s words']);
      expect(await messagesOf(alice.trackingId)).toEqual(['Старе злиття: слова Аліси', 'Відповідь Алісі']);
      const bobPage = JSON.stringify((await view(bob.trackingId, BOB.email).expect(200)).body);
      expect(bobPage).not.toContain('Аліс');
      expect(bobPage).not.toContain('alice-old');
      const alicePage = (await view(alice.trackingId, ALICE.email).expect(200)).body;
      expect(alicePage).toMatchObject({ trackingId: alice.trackingId, status: 'waiting_reply' });
      await t.http.get(`/api/tickets/${alice.trackingId}/attachments/${alicePage.messages[0].attachments[0].id}`).query({ email: ALICE.email }).expect(200);
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE action LIKE 'ticket.unmerged%' ORDER BY id`);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['ticket.unmerged', 'ticket.unmerged_from']);
      expect(await undoCrossParticipantMerges(t.db)).toEqual([]);
    });
  });

  describe('12.3 nothing reaches a person who may no longer see the request', () => {
    let agent: Session;
    let agentId: string;

    const deliver = async () => {
      while ((await t.app.get(OutboxWorker).deliverDue()) > 0);
    };
    const mailTo = (recipient: string, trackingId: string) =>
      t.db.query(
        `SELECT o.template, o.status, o.last_error FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.recipient = $1 AND t.tracking_id = $2 ORDER BY o.id`,
        [recipient, trackingId],
      );
    const unassignedAudit = async (trackingId: string) =>
      t.db.query(`SELECT actor_name, details FROM audit_log WHERE action = 'ticket.unassigned' AND ticket_id = $1`, [(await ticketRow(trackingId)).id]);

    async function ownedByAgent(): Promise<string> {
      const { trackingId } = await submit(ALICE, 'Ключ не читається', { categoryId: KEYS_CATEGORY });
      await admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ ownerId: agentId }).expect(200);
      await deliver();
      // The participant writes; the owner's notice is queued, not yet sent.
      await t.http.post(`/api/tickets/${trackingId}/replies`).send({ email: ALICE.email, message: 'Нові подробиці' }).expect(201);
      expect(await mailTo(AGENT.email, trackingId)).toEqual([
        expect.objectContaining({ template: 'staff_new_ticket', status: 'sent' }),
        expect.objectContaining({ template: 'staff_assigned', status: 'sent' }),
        expect.objectContaining({ template: 'staff_participant_reply', status: 'pending' }),
      ]);
      return trackingId;
    }

    beforeAll(async () => {
      const created = await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...AGENT, role: 'agent', categoryIds: [KEYS_CATEGORY] }).expect(201);
      agentId = created.body.account.id;
      agent = await signIn({ email: AGENT.email, password: AGENT.password });
      await deliver();
    });
    beforeEach(async () => {
      await admin.http.patch(`/api/staff/accounts/${agentId}`).set('X-CSRF-Token', admin.csrf).send({ active: true, categoryIds: [KEYS_CATEGORY] }).expect(200);
    });

    it('an owner moved out of the category is unassigned with an audit entry and gets no further notice', async () => {
      const trackingId = await ownedByAgent();
      await admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ categoryId: REGULAR_CATEGORY }).expect(200);
      expect((await ticketRow(trackingId)).owner_id).toBeNull();
      expect(await unassignedAudit(trackingId)).toEqual([expect.objectContaining({ details: expect.objectContaining({ from: agentId, reason: 'category_changed', to: null }) })]);

      await deliver();
      await t.http.post(`/api/tickets/${trackingId}/replies`).send({ email: ALICE.email, message: 'Ще подробиці' }).expect(201);
      await deliver();
      const toAgent = await mailTo(AGENT.email, trackingId);
      expect(toAgent.at(-1)).toMatchObject({ template: 'staff_participant_reply', status: 'skipped', last_error: expect.stringContaining('no access') });
      expect(toAgent.filter((row: { status: string }) => row.status !== 'sent')).toHaveLength(1);
      // The reply after the move went to those who work the new category instead.
      expect(await mailTo(ADMIN.email, trackingId)).toEqual(expect.arrayContaining([expect.objectContaining({ template: 'staff_participant_reply', status: 'sent' })]));
      await agent.http.get(`/api/staff/tickets/${trackingId}`).expect(404);
    });

    it('a removed grant: the owner is unassigned with an audit entry, and the notice already queued is skipped, not sent', async () => {
      const trackingId = await ownedByAgent();
      await admin.http.patch(`/api/staff/accounts/${agentId}`).set('X-CSRF-Token', admin.csrf).send({ categoryIds: [] }).expect(200);
      expect((await ticketRow(trackingId)).owner_id).toBeNull();
      expect(await unassignedAudit(trackingId)).toEqual([expect.objectContaining({ details: expect.objectContaining({ from: agentId, reason: 'access_changed' }) })]);
      await deliver();
      expect((await mailTo(AGENT.email, trackingId)).at(-1)).toMatchObject({ status: 'skipped', last_error: expect.stringContaining('no access') });
    });

    it('a deactivated account likewise; the skipped e-mails are listed for admins with the reason and cannot be retried', async () => {
      const trackingId = await ownedByAgent();
      await admin.http.patch(`/api/staff/accounts/${agentId}`).set('X-CSRF-Token', admin.csrf).send({ active: false }).expect(200);
      expect((await ticketRow(trackingId)).owner_id).toBeNull();
      expect(await unassignedAudit(trackingId)).toHaveLength(1);
      await deliver();
      expect((await mailTo(AGENT.email, trackingId)).at(-1)).toMatchObject({ status: 'skipped', last_error: 'the staff account is deactivated' });

      const { body: page } = await admin.http.get('/api/staff/mail/failed').expect(200);
      const listed = page.items.find((item: { ticket: { trackingId: string } | null; status: string }) => item.ticket?.trackingId === trackingId && item.status === 'skipped');
      expect(listed).toMatchObject({ recipient: AGENT.email, template: 'staff_participant_reply', error: 'the staff account is deactivated' });
      await admin.http.post(`/api/staff/mail/failed/${listed.id}/retry`).set('X-CSRF-Token', admin.csrf).expect(404);
      const [{ status }] = await t.db.query(`SELECT status FROM outbox WHERE id = $1`, [listed.id]);
      expect(status).toBe('skipped');
    });

    it('an owner left without access by a race (assigned while the grant was removed) is passed over: the reply is told to those who can read it', async () => {
      const { trackingId } = await submit(ALICE, 'Гонка призначення', { categoryId: KEYS_CATEGORY });
      await admin.http.patch(`/api/staff/accounts/${agentId}`).set('X-CSRF-Token', admin.csrf).send({ categoryIds: [] }).expect(200);
      // What a concurrent assignment that checked the grant a moment earlier leaves behind.
      await t.db.query(`UPDATE tickets SET owner_id = $1 WHERE tracking_id = $2`, [agentId, trackingId]);
      await t.http.post(`/api/tickets/${trackingId}/replies`).send({ email: ALICE.email, message: 'Хто це прочитає?' }).expect(201);
      const told = await t.db.query(`SELECT o.recipient FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.tracking_id = $1 AND o.template = 'staff_participant_reply'`, [trackingId]);
      expect(told).toEqual([{ recipient: ADMIN.email }]);
    });

    it('an assignment racing the removal of the grant never leaves an owner who cannot see the request', async () => {
      for (let round = 0; round < 8; round++) {
        await admin.http.patch(`/api/staff/accounts/${agentId}`).set('X-CSRF-Token', admin.csrf).send({ categoryIds: [KEYS_CATEGORY] }).expect(200);
        const { trackingId } = await submit(ALICE, `Гонка ${round}`, { categoryId: KEYS_CATEGORY });
        const [assigned] = await Promise.all([
          admin.http.patch(`/api/staff/tickets/${trackingId}`).set('X-CSRF-Token', admin.csrf).send({ ownerId: agentId }),
          admin.http.patch(`/api/staff/accounts/${agentId}`).set('X-CSRF-Token', admin.csrf).send({ categoryIds: [] }).expect(200),
        ]);
        // Either the assignment came first (and was undone) or it saw the grant gone (400); never a 500.
        expect([200, 400]).toContain(assigned.status);
        expect((await ticketRow(trackingId)).owner_id).toBeNull();
      }
    });

    it('every kind of e-mail is checked when it is sent, whatever queued it: each staff notice, and a participant e-mail to anyone but the request\'s participant', async () => {
      const { trackingId } = await submit(ALICE, 'Перевірка кожного виду листа', { categoryId: KEYS_CATEGORY });
      const ticketId = (await ticketRow(trackingId)).id;
      const payload = { trackingId, number: 1, subject: 's', requesterName: 'r', requesterEmail: ALICE.email, message: 'm', category: 'c', assignedBy: 'a', name: 'n', staffName: 's', messageId: '1', closedBy: 'staff' };
      await t.db.query(`UPDATE outbox SET status = 'sent' WHERE status = 'pending'`);
      for (const template of ['staff_new_ticket', 'staff_participant_reply', 'staff_assigned']) {
        await t.db.query(`INSERT INTO outbox (template, recipient, locale, ticket_id, payload) VALUES ($1, $2, 'uk', $3, $4)`, [template, AGENT.email, ticketId, payload]);
        await t.db.query(`INSERT INTO outbox (template, recipient, locale, ticket_id, payload) VALUES ($1, 'stranger@corp-b.example', 'uk', $2, $3)`, [template, ticketId, payload]);
      }
      for (const template of ['staff_reply', 'ticket_closed', 'ticket_created']) {
        await t.db.query(`INSERT INTO outbox (template, recipient, locale, ticket_id, payload) VALUES ($1, $2, 'uk', $3, $4)`, [template, BOB.email, ticketId, payload]);
        await t.db.query(`INSERT INTO outbox (template, recipient, locale, ticket_id, payload) VALUES ($1, $2, 'uk', $3, $4)`, [template, ALICE.email.toUpperCase(), ticketId, payload]);
      }
      await admin.http.patch(`/api/staff/accounts/${agentId}`).set('X-CSRF-Token', admin.csrf).send({ categoryIds: [] }).expect(200);
      await deliver();
      const rows: { template: string; recipient: string; status: string }[] = await t.db.query(`SELECT template, recipient, status FROM outbox WHERE ticket_id = $1 AND payload->>'message' = 'm' ORDER BY id`, [ticketId]);
      expect(rows).toHaveLength(12);
      for (const row of rows) expect({ ...row, status: row.status }).toEqual({ ...row, status: row.recipient === ALICE.email.toUpperCase() ? 'sent' : 'skipped' });
    });
  });
});
