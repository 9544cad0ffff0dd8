import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { Client } from 'pg';
import request from 'supertest';
import { OutboxWorker } from '../notifications/outbox.worker';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

/**
 * Issue 12.7: anyone may type anyone's address into the form, and the confirmation comes from the
 * official sender; so only CONFIRMATION_EMAILS_PER_HOUR of them an hour repeat what was written.
 * Decided by the outbox worker when the confirmation is sent, not when the request is made (issue 14:
 * no per-address lock on the request's path), so every test here runs the worker.
 */
const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1', name: 'Адміністратор' };

describe('12.7 the portal is not a relay: confirmations to one address are capped per hour', () => {
  let t: TestApp;
  let worker: OutboxWorker;

  beforeAll(async () => {
    // Batches of one, so that two workers running at once really take turns on one address's e-mails.
    t = await createTestApp({
      CONFIRMATION_EMAILS_PER_HOUR: '2',
      OUTBOX_AUTOMATIC_PER_ADDRESS_PER_HOUR: '5',
      OUTBOX_BATCH_SIZE: '1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_NAME: ADMIN.name,
      SCHEDULER_ENABLED: 'false',
    });
    worker = t.app.get(OutboxWorker);
  });
  afterAll(() => t.close());

  /** `workers` workers deliver at once, each until nothing is due. */
  const deliver = async (workers = 1) => {
    await Promise.all(Array.from({ length: workers }, async () => {
      while ((await worker.deliverDue()) > 0);
    }));
  };
  const phishing = { subject: 'Ваш обліковий запис заблоковано', message: 'Увійдіть тут: https://oree-support.com/login' };
  const confirmations = async (email: string) =>
    t.db.query<{ template: string; status: string; payload: Record<string, unknown> }[]>(
      `SELECT template, status, payload FROM outbox WHERE lower(recipient) = lower($1) AND template LIKE 'ticket_created%' ORDER BY id`,
      [email],
    );
  const sentTo = async (email: string) => {
    const dir = join(t.dataDir, 'mail', 'sent');
    const files = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.eml'));
    const mails = await Promise.all(files.map(async (name) => simpleParser(await readFile(join(dir, name)))));
    return mails.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.value[0].address?.toLowerCase() === email.toLowerCase());
  };

  it('registers every request, and past the cap the confirmation sent holds nothing the sender wrote', async () => {
    const victim = 'victim@oree.com.ua';
    const trackingIds: string[] = [];
    for (const email of [victim, 'VICTIM@oree.com.ua', victim, victim]) {
      const { body } = await t.http.post('/api/tickets').send({ ...participant, ...phishing, email }).expect(201);
      trackingIds.push(body.trackingId);
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM tickets WHERE lower(requester_email) = $1`, [victim]);
    expect(n).toBe(4);

    await deliver();
    const sent = await confirmations(victim);
    expect(sent.map((m) => [m.template, m.status])).toEqual([
      ['ticket_created', 'sent'],
      ['ticket_created', 'sent'],
      ['ticket_created_brief', 'sent'],
      ['ticket_created_brief', 'sent'],
    ]);
    // The row says which e-mail went, and keeps nothing the sender wrote for it.
    for (const [i, brief] of sent.slice(2).entries()) {
      expect(brief.payload).toEqual({ trackingId: trackingIds[i + 2], number: expect.any(Number) });
      expect(JSON.stringify(brief.payload)).not.toMatch(/oree-support|заблоковано|Тестовий/);
    }
    const delivered = await sentTo(victim);
    expect(delivered).toHaveLength(4);
    expect(delivered.filter((mail) => /oree-support/.test(`${mail.text}`))).toHaveLength(2);
    // Another address has its own count.
    await t.http.post('/api/tickets').send({ ...participant, email: 'other@oree.com.ua' }).expect(201);
    await deliver();
    expect((await confirmations('other@oree.com.ua')).map((m) => m.template)).toEqual(['ticket_created']);
  });

  it('counts only the last hour', async () => {
    const email = 'hourly@oree.com.ua';
    for (let i = 0; i < 2; i++) await t.http.post('/api/tickets').send({ ...participant, email }).expect(201);
    await deliver();
    await t.db.query(`UPDATE outbox SET cap_counted_at = cap_counted_at - interval '61 minutes' WHERE lower(recipient) = $1`, [email]);
    await t.http.post('/api/tickets').send({ ...participant, email }).expect(201);
    await deliver();
    expect((await confirmations(email)).map((m) => m.template)).toEqual(['ticket_created', 'ticket_created', 'ticket_created']);
  });

  it('holds under parallel requests delivered by two workers at once: never more full confirmations than the cap', async () => {
    const email = 'parallel@oree.com.ua';
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.http.post('/api/tickets').send({ ...participant, ...phishing, email })));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    await deliver(2);
    const rows = await confirmations(email);
    expect(rows.filter((m) => m.template === 'ticket_created')).toHaveLength(2);
    expect(rows.filter((m) => m.template === 'ticket_created_brief')).toHaveLength(6);
    // And exactly the automatic cap (5) went out; the rest wait, held.
    expect(rows.filter((m) => m.status === 'sent')).toHaveLength(5);
    expect(rows.filter((m) => m.status === 'held')).toHaveLength(3);
    const delivered = await sentTo(email);
    expect(delivered).toHaveLength(5);
    expect(delivered.filter((mail) => /oree-support/.test(`${mail.text}`))).toHaveLength(2);
  });

  it('the brief confirmations count against the automatic cap: past it they are held, not sent without limit', async () => {
    const email = 'flooded@oree.com.ua';
    for (let i = 0; i < 12; i++) await t.http.post('/api/tickets').send({ ...participant, ...phishing, email }).expect(201);
    await deliver();
    const rows = await confirmations(email);
    expect(rows.map((m) => [m.template, m.status])).toEqual([
      ['ticket_created', 'sent'],
      ['ticket_created', 'sent'],
      ...Array(3).fill(['ticket_created_brief', 'sent']),
      ...Array(7).fill(['ticket_created_brief', 'held']),
    ]);
    expect(await sentTo(email)).toHaveLength(5);
    // The admins' list shows them as the brief e-mails they are, and releasing them all sends brief ones: the hold cannot be used to get around 12.7.
    const admin = request.agent(t.app.getHttpServer());
    const { body: session } = await admin.post('/api/staff/auth/sign-in').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
    const { body: held } = await admin.get('/api/staff/mail/outgoing-held').query({ limit: 100 }).expect(200);
    const mine = held.items.filter((item: { recipient: string }) => item.recipient === email);
    expect(mine).toHaveLength(7);
    expect(mine.every((item: { template: string }) => item.template === 'ticket_created_brief')).toBe(true);
    expect(JSON.stringify(mine)).not.toMatch(/oree-support|заблоковано/);
    await admin.post('/api/staff/mail/outgoing-held/release-all').set('X-CSRF-Token', session.csrfToken).expect(200);
    await deliver();
    const delivered = await sentTo(email);
    expect(delivered).toHaveLength(12);
    expect(delivered.filter((mail) => /oree-support/.test(`${mail.text}`))).toHaveLength(2);
  });

  it('14: making a request takes no per-address lock and reads nothing of the outbox (the caps are decided when sending)', async () => {
    const statements: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called through with the spied client as `this`.
    const query = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const sql = args[0];
      statements.push(typeof sql === 'string' ? sql : (sql as { text: string }).text);
      return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      await t.http.post('/api/tickets').send({ ...participant, email: 'victim@oree.com.ua' }).expect(201);
    } finally {
      spy.mockRestore();
    }
    // Issue 14: the outbox row is written by the very statement that inserts the request.
    expect(statements.some((sql) => /INSERT INTO tickets/.test(sql) && /INSERT INTO outbox/.test(sql))).toBe(true);
    expect(statements.filter((sql) => /pg_advisory|FROM outbox/i.test(sql))).toEqual([]);
  });

  it('the brief confirmation is delivered as an e-mail with only the request\'s link and a neutral text', async () => {
    const [brief] = (await confirmations('victim@oree.com.ua')).filter((m) => m.template === 'ticket_created_brief');
    const mail = (await sentTo('victim@oree.com.ua')).find((m) => `${m.text}`.includes(`track=${String(brief.payload.trackingId)}`));
    expect(mail).toBeDefined();
    expect(`${mail!.subject}\n${mail!.text}\n${mail!.html}`).not.toMatch(/oree-support|заблоковано|Увійдіть|Тестовий/);
    expect(mail!.text).toContain(`/ticket?track=${String(brief.payload.trackingId)}&e=victim%40oree.com.ua`);
  });
});
