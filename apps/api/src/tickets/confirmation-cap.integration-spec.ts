import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

/**
 * Issue 12.7: anyone may type anyone's address into the form, and the confirmation comes from the
 * official sender; so only CONFIRMATION_EMAILS_PER_HOUR of them an hour repeat what was written.
 */
describe('12.7 the portal is not a relay: confirmations to one address are capped per hour', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ CONFIRMATION_EMAILS_PER_HOUR: '2' });
  });
  afterAll(() => t.close());

  const phishing = { subject: 'Ваш обліковий запис заблоковано', message: 'Увійдіть тут: https://oree-support.com/login' };
  const confirmations = async (email: string) =>
    t.db.query<{ template: string; payload: Record<string, unknown> }[]>(
      `SELECT template, payload FROM outbox WHERE lower(recipient) = lower($1) AND template LIKE 'ticket_created%' ORDER BY id`,
      [email],
    );

  it('registers every request, and past the cap the confirmation holds nothing the sender wrote', async () => {
    const victim = 'victim@oree.com.ua';
    const trackingIds: string[] = [];
    for (const email of [victim, 'VICTIM@oree.com.ua', victim, victim]) {
      const { body } = await t.http.post('/api/tickets').send({ ...participant, ...phishing, email }).expect(201);
      trackingIds.push(body.trackingId);
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM tickets WHERE lower(requester_email) = $1`, [victim]);
    expect(n).toBe(4);

    const sent = await confirmations(victim);
    expect(sent.map((m) => m.template)).toEqual(['ticket_created', 'ticket_created', 'ticket_created_brief', 'ticket_created_brief']);
    for (const [i, brief] of sent.slice(2).entries()) {
      expect(brief.payload).toEqual({ trackingId: trackingIds[i + 2], number: expect.any(Number) });
      expect(JSON.stringify(brief.payload)).not.toMatch(/oree-support|заблоковано|Тестовий/);
    }
    // Another address has its own count.
    await t.http.post('/api/tickets').send({ ...participant, email: 'other@oree.com.ua' }).expect(201);
    expect((await confirmations('other@oree.com.ua')).map((m) => m.template)).toEqual(['ticket_created']);
  });

  it('counts only the last hour', async () => {
    const email = 'hourly@oree.com.ua';
    for (let i = 0; i < 2; i++) await t.http.post('/api/tickets').send({ ...participant, email }).expect(201);
    await t.db.query(`UPDATE outbox SET created_at = now() - interval '61 minutes' WHERE lower(recipient) = $1`, [email]);
    await t.http.post('/api/tickets').send({ ...participant, email }).expect(201);
    expect((await confirmations(email)).map((m) => m.template)).toEqual(['ticket_created', 'ticket_created', 'ticket_created']);
  });

  it('holds under parallel requests: never more full confirmations than the cap', async () => {
    const email = 'parallel@oree.com.ua';
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.http.post('/api/tickets').send({ ...participant, ...phishing, email })));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    const templates = (await confirmations(email)).map((m) => m.template);
    expect(templates.filter((name) => name === 'ticket_created')).toHaveLength(2);
    expect(templates.filter((name) => name === 'ticket_created_brief')).toHaveLength(6);
  });

  it('the brief confirmation is delivered as an e-mail with only the request\'s link and a neutral text', async () => {
    const { MailRenderer } = await import('../notifications/mail-renderer');
    const [brief] = (await confirmations('victim@oree.com.ua')).filter((m) => m.template === 'ticket_created_brief');
    const mail = t.app.get(MailRenderer).render('ticket_created_brief', 'uk', 'victim@oree.com.ua', brief.payload as never);
    expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toMatch(/oree-support|заблоковано|Увійдіть|Тестовий/);
    expect(mail.text).toContain(`/ticket?track=${brief.payload.trackingId}&e=victim%40oree.com.ua`);
  });
});
