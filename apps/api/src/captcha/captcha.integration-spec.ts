import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

describe('the image captcha (R-SUB-3)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ CAPTCHA_PROVIDER: 'image' });
  });
  afterAll(() => t.close());

  async function challenge() {
    const { body } = await t.http.get('/api/captcha').expect(200);
    const [row] = await t.db.query('SELECT answer FROM captcha_challenges WHERE id = $1', [body.id]);
    return { id: body.id as string, svg: body.svg as string, answer: row.answer as string };
  }
  const submit = (captchaId?: string, captchaAnswer?: string) => t.http.post('/api/tickets').send({ ...participant, captchaId, captchaAnswer });

  it('draws a five-digit number as an SVG picture, without the digits as text', async () => {
    const { body, headers } = await t.http.get('/api/captcha').expect(200);
    expect(body).toEqual({ provider: 'image', id: expect.any(String), svg: expect.stringMatching(/^<svg[\s\S]*<\/svg>$/), expiresAt: expect.any(String) });
    expect(headers['cache-control']).toBe('no-store');
    const [row] = await t.db.query('SELECT answer FROM captcha_challenges WHERE id = $1', [body.id]);
    expect(row.answer).toMatch(/^\d{5}$/);
    expect(body.svg).not.toContain(row.answer);
    expect(body.svg).not.toContain('<text');
  });

  it('accepts the right number once', async () => {
    const { id, answer } = await challenge();
    await submit(id, ` ${answer} `).expect(201);
    const again = await submit(id, answer).expect(400);
    expect(again.body.code).toBe('captcha_invalid');
  });

  it('refuses a wrong number, and the challenge is spent by the try', async () => {
    const { id, answer } = await challenge();
    const wrong = String((Number(answer) + 1) % 100000).padStart(5, '0');
    const response = await submit(id, wrong).expect(400);
    expect(response.body.message).toBe('Число на зображенні введено неправильно або його термін дії минув. Спробуйте ще раз з новим зображенням.');
    await submit(id, answer).expect(400);
  });

  it('refuses an expired challenge', async () => {
    const { id, answer } = await challenge();
    await t.db.query(`UPDATE captcha_challenges SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    await submit(id, answer).expect(400);
  });

  it('asks for the number when it is missing, and refuses made-up ids', async () => {
    expect((await submit().expect(400)).body.code).toBe('captcha_required');
    expect((await submit('not-a-uuid', '12345').expect(400)).body.code).toBe('captcha_invalid');
    expect((await submit('00000000-0000-4000-8000-000000000000', '12345').expect(400)).body.code).toBe('captcha_invalid');
  });

  it('writes nothing for a refused request', async () => {
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM tickets');
    await submit(undefined, undefined).expect(400);
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM tickets');
    expect(after).toBe(n);
  });
});

describe('the captcha can be switched off (R-SUB-3)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ CAPTCHA_PROVIDER: 'none' });
  });
  afterAll(() => t.close());

  it('says so, and takes requests without an answer', async () => {
    await t.http.get('/api/captcha').expect(200, { provider: 'none' });
    await t.http.post('/api/tickets').send(participant).expect(201);
  });
});
