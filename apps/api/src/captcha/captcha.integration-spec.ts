import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { create as createSvgCaptcha } from 'svg-captcha';
import { manualParticipant as participant } from '../testing/fixtures';
import { createSecondInstance, createTestApp, TestApp } from '../testing/test-app';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The picture of a challenge, decoded from its data URL. */
function pictureOf(body: { image?: string }): Buffer {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/]+=*)$/.exec(body.image ?? '');
  if (!match) throw new Error(`not a PNG data URL: ${String(body.image).slice(0, 40)}`);
  return Buffer.from(match[1], 'base64');
}

/**
 * The attack of issue 12.7, as it was run: svg-captcha draws each digit as one `<path fill=…>` whose
 * number of path commands is the same for every drawing of that digit, so a script learns the
 * count of each digit once, then reads any number by sorting the glyphs left to right.
 */
class PathCountingSolver {
  private readonly digitOfCount = new Map<number, string>();

  private static glyphs(markup: string): { x: number; commands: number }[] {
    return [...markup.matchAll(/<path fill="[^"]*" d="([^"]+)"/g)].map(([, d]) => ({
      x: Number(/^M\s*(-?[\d.]+)/.exec(d)?.[1] ?? 0),
      commands: (d.match(/[MLQCZ]/gi) ?? []).length,
    }));
  }

  learn(markup: string, text: string): void {
    const glyphs = PathCountingSolver.glyphs(markup).sort((a, b) => a.x - b.x);
    glyphs.forEach((glyph, i) => this.digitOfCount.set(glyph.commands, text[i]));
  }

  solve(markup: string): string {
    return PathCountingSolver.glyphs(markup)
      .sort((a, b) => a.x - b.x)
      .map((glyph) => this.digitOfCount.get(glyph.commands) ?? '?')
      .join('');
  }
}

/** The old provider's picture: svg-captcha with the options it was called with. */
const oldPicture = () => createSvgCaptcha({ size: 5, charPreset: '0123456789', noise: 2, color: false, width: 150, height: 50 });

describe('the image captcha (R-SUB-3)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ CAPTCHA_PROVIDER: 'image' });
  });
  afterAll(() => t.close());

  async function challenge() {
    const { body } = await t.http.get('/api/captcha').expect(200);
    const [row] = await t.db.query('SELECT answer FROM captcha_challenges WHERE id = $1', [body.id]);
    return { id: body.id as string, answer: row.answer as string };
  }
  const submit = (captchaId?: string, captchaAnswer?: string) => t.http.post('/api/tickets').send({ ...participant, captchaId, captchaAnswer });

  it('12.7 draws a five-digit number as a PNG picture: pixels, no vector glyph paths and no digits as text', async () => {
    const { body, headers } = await t.http.get('/api/captcha').expect(200);
    expect(body).toEqual({ provider: 'image', id: expect.any(String), image: expect.stringMatching(/^data:image\/png;base64,/), expiresAt: expect.any(String) });
    expect(headers['cache-control']).toBe('no-store');
    const [row] = await t.db.query('SELECT answer FROM captcha_challenges WHERE id = $1', [body.id]);
    expect(row.answer).toMatch(/^\d{5}$/);
    const png = pictureOf(body);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // IHDR: drawn at twice the 150×50 the portal shows, for sharp screens.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([300, 100]);
    for (const markup of [JSON.stringify(body), png.toString('latin1')]) {
      expect(markup).not.toMatch(/<svg|<path|<text|\bd="M/i);
      expect(markup).not.toContain(row.answer);
    }
  });

  it('12.7 the path-counting solver that read the old SVG pictures solves none of 100 pictures now', async () => {
    const solver = new PathCountingSolver();
    for (let i = 0; i < 30; i++) {
      const { data, text } = oldPicture();
      solver.learn(data, text);
    }
    // The solver is real: on the pictures the API sent before, it reads nearly every number.
    let oldSolved = 0;
    for (let i = 0; i < 100; i++) {
      const { data, text } = oldPicture();
      if (solver.solve(data) === text) oldSolved++;
    }
    expect(oldSolved).toBeGreaterThanOrEqual(95);

    let solved = 0;
    for (let i = 0; i < 100; i++) {
      const { body } = await t.http.get('/api/captcha').expect(200);
      const [row] = await t.db.query('SELECT answer FROM captcha_challenges WHERE id = $1', [body.id]);
      // Everything the API sends, as markup and as the picture's bytes.
      const guess = [solver.solve(JSON.stringify(body)), solver.solve(pictureOf(body).toString('latin1'))].find((g) => /^\d{5}$/.test(g)) ?? '';
      if (guess === row.answer) solved++;
    }
    console.log(`12.7 path-counting solver: ${oldSolved}/100 of the old SVG pictures, ${solved}/100 of the PNG pictures`);
    expect(solved).toBe(0);
  });

  it('12.7 draws a different picture for the same number', async () => {
    const { drawCaptchaPng } = await import('./captcha-picture');
    const [a, b] = await Promise.all([drawCaptchaPng('15540'), drawCaptchaPng('15540')]);
    expect(a.equals(b)).toBe(false);
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

/** What the portal's browser does with an ALTCHA challenge: find the counter, send base64 JSON `{ challenge, solution }`. */
async function solveAltcha(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the challenge could not be solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe('12.7 the ALTCHA captcha plugin (CAPTCHA_PROVIDER=altcha, R-SUB-3)', () => {
  let t: TestApp;
  // Little work per challenge: the test is about the checks, not the browser's seconds.
  const env = { CAPTCHA_PROVIDER: 'altcha', CAPTCHA_ALTCHA_COST: '10', CAPTCHA_ALTCHA_COUNTER_MAX: '60' };

  beforeAll(async () => {
    t = await createTestApp(env);
  });
  afterAll(() => t.close());

  async function challenge(http = t.http) {
    const { body } = await http.get('/api/captcha').expect(200);
    return { id: body.id as string, altcha: body.altcha as Challenge };
  }
  const submit = (captchaId?: string, captchaAnswer?: string, http = t.http) =>
    http.post('/api/tickets').set('accept-language', 'en').send({ ...participant, captchaId, captchaAnswer });

  it('gives a signed proof-of-work challenge, and nothing that solves it', async () => {
    const { body, headers } = await t.http.get('/api/captcha').expect(200);
    expect(headers['cache-control']).toBe('no-store');
    expect(body).toEqual({ provider: 'altcha', id: expect.any(String), altcha: { parameters: expect.any(Object), signature: expect.stringMatching(/^[0-9a-f]{64}$/) }, expiresAt: expect.any(String) });
    expect(body.altcha.parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 10, data: { id: body.id }, keySignature: expect.any(String) });
    const [row] = await t.db.query('SELECT answer FROM captcha_challenges WHERE id = $1', [body.id]);
    expect(JSON.stringify(body)).not.toContain(row.answer);
  });

  it('accepts a solved payload once: a replay is refused', async () => {
    const { id, altcha } = await challenge();
    const payload = await solveAltcha(altcha);
    await submit(id, payload).expect(201);
    const replay = await submit(id, payload).expect(400);
    expect(replay.body).toEqual(expect.objectContaining({ code: 'captcha_check_invalid', message: 'The automatic anti-spam check failed or has expired. Please send the form again.' }));
  });

  it('refuses a payload without work, with changed parameters, for another challenge, or expired', async () => {
    const { id, altcha } = await challenge();
    const unsolved = Buffer.from(JSON.stringify({ challenge: altcha, solution: { counter: 0, derivedKey: '00'.repeat(32) } })).toString('base64');
    expect((await submit(id, unsolved).expect(400)).body.code).toBe('captcha_check_invalid');

    // Parameters changed after signing (a solver's shortcut: less work claimed than was asked) break the signature.
    const easier = await challenge();
    const solved = JSON.parse(Buffer.from(await solveAltcha(easier.altcha), 'base64').toString());
    solved.challenge.parameters.cost = 1;
    expect((await submit(easier.id, Buffer.from(JSON.stringify(solved)).toString('base64')).expect(400)).body.code).toBe('captcha_check_invalid');

    // A solution of one challenge does not spend another's id.
    const [first, second] = [await challenge(), await challenge()];
    expect((await submit(second.id, await solveAltcha(first.altcha)).expect(400)).body.code).toBe('captcha_check_invalid');

    const late = await challenge();
    const payload = await solveAltcha(late.altcha);
    await t.db.query(`UPDATE captcha_challenges SET expires_at = now() - interval '1 second' WHERE id = $1`, [late.id]);
    expect((await submit(late.id, payload).expect(400)).body.code).toBe('captcha_check_invalid');
  });

  it('asks for the check when the answer is missing', async () => {
    const { id } = await challenge();
    expect((await submit(id, undefined).expect(400)).body.code).toBe('captcha_check_required');
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON of the wrong shape', Buffer.from('{"challenge":1,"solution":[]}').toString('base64')],
    ['a number', Buffer.from('42').toString('base64')],
    ['too long', 'A'.repeat(4001)],
  ])('answers 400, never 500, to a payload that is %s', async (_, answer) => {
    const { id } = await challenge();
    const response = await submit(id, answer);
    expect(response.status).toBe(400);
    expect(['captcha_check_invalid', 'validation_failed']).toContain(response.body.code);
  });

  it('a challenge made by one instance is accepted once by another that shares only the database', async () => {
    const otherDataDir = await mkdtemp(join(tmpdir(), 'pidtrymka-data-'));
    const second = await createSecondInstance(t, { ...env, DATA_DIR: otherDataDir });
    try {
      const { id, altcha } = await challenge(t.http);
      const payload = await solveAltcha(altcha);
      await submit(id, payload, second.http).expect(201);
      expect((await submit(id, payload, t.http).expect(400)).body.code).toBe('captcha_check_invalid');
    } finally {
      await second.close();
      await rm(otherDataDir, { recursive: true, force: true });
    }
  });
});
