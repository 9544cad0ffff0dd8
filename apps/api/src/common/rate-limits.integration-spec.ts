import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

describe('rate limits per IP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_SUBMISSIONS: '3', RATE_LIMIT_FAILED_LOOKUPS: '4', RATE_LIMIT_REQUESTS: '1000' });
  });
  afterAll(() => t.close());

  it('limit ticket creation, with a localised 429', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http.post('/api/tickets').send(participant)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await t.http.post('/api/tickets').set('Accept-Language', 'en').send(participant).expect(429);
    expect(refused.body.message).toBe('Too many requests. Please try again a little later.');
    expect(refused.headers['retry-after-submissions']).toBeDefined();
  });

  it('R-VIEW-3: a burst of failed look-ups blocks the IP, for real IDs too, so IDs cannot be enumerated', async () => {
    const [ticket] = await t.db.query('SELECT tracking_id FROM tickets LIMIT 1');
    const lookup = (id: string, email = participant.email) => t.http.get(`/api/tickets/${id}`).query({ email });
    await lookup(ticket.tracking_id).expect(200);

    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await lookup(`AAA-AAA-AAA${'BCDEF'[i]}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 429]);

    const blocked = await lookup(ticket.tracking_id).expect(429);
    expect(blocked.body).toMatchObject({ code: 'too_many_lookups' });
    await t.http.post(`/api/tickets/${ticket.tracking_id}/replies`).send({ email: participant.email, message: 'x' }).expect(429);
  });

  it('do not apply to the health check', async () => {
    for (let i = 0; i < 5; i++) await t.http.get('/api/health').expect(200);
  });
});
