import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

describe('plugins from npm packages named in PLUGINS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      PLUGINS: '@pidtrymka/fixture-arithmetic-captcha',
      CAPTCHA_PROVIDER: 'arithmetic',
      ARITHMETIC_CAPTCHA_PROMPT: 'Скільки буде',
      ARITHMETIC_CAPTCHA_MAX_OPERAND: '3',
    });
  });
  afterAll(() => t.close());

  it('are chosen by the same setting as the built-ins, and get their own settings, read as their types', async () => {
    const { body } = await t.http.get('/api/captcha').expect(200);
    expect(body).toMatchObject({ provider: 'arithmetic', id: expect.any(String), question: expect.stringMatching(/^Скільки буде [1-3] \+ [1-3]\?$/) });
    const [, a, b] = /(\d) \+ (\d)/.exec(body.question)!;

    await t.http.post('/api/tickets').send({ ...participant, captchaId: body.id, captchaAnswer: String(Number(a) + Number(b) + 1) }).expect(400);
    const next = await t.http.get('/api/captcha').expect(200);
    const [, c, d] = /(\d) \+ (\d)/.exec(next.body.question)!;
    await t.http.post('/api/tickets').send({ ...participant, captchaId: next.body.id, captchaAnswer: String(Number(c) + Number(d)) }).expect(201);
  });
});

describe('plugin settings that cannot work stop the start with a clear error', () => {
  it.each([
    [{ CAPTCHA_PROVIDER: 'recaptcha' }, 'CAPTCHA_PROVIDER=recaptcha: no such captcha plugin. Known: image, altcha, none.'],
    [{ ATTACHMENT_STORE: 's3' }, 'ATTACHMENT_STORE=s3: no such attachment-store plugin. Known: database, filesystem.'],
    [{ PLUGINS: 'no-such-package-anywhere' }, 'PLUGINS names "no-such-package-anywhere", which cannot be loaded'],
    [{ PLUGINS: 'typeorm' }, 'Plugin package "typeorm" must export pidtrymkaPlugins'],
  ])('%j', async (env, message) => {
    await expect(createTestApp(env)).rejects.toThrow(message);
  });

  it('and so do invalid settings', async () => {
    const failure = createTestApp({ ATTACHMENT_MAX_COUNT: 'two', PUBLIC_URL: 'not a url' });
    await expect(failure).rejects.toThrow('ATTACHMENT_MAX_COUNT="two"');
    await expect(failure).rejects.toThrow('PUBLIC_URL="not a url"');
  });

  it("and so do a plugin's invalid settings, listed with the API's own in one error (issue 13)", async () => {
    const failure = createTestApp({ PLUGINS: '@pidtrymka/fixture-arithmetic-captcha', CAPTCHA_PROVIDER: 'arithmetic', ARITHMETIC_CAPTCHA_MAX_OPERAND: 'many', PORT: 'eighty' });
    await expect(failure).rejects.toThrow(
      [
        'Invalid settings:',
        '  PORT="eighty": PORT must be an integer number',
        '  ARITHMETIC_CAPTCHA_MAX_OPERAND="many": ARITHMETIC_CAPTCHA_MAX_OPERAND must be an integer number',
      ].join('\n'),
    );
  });

  it.each([
    [{ MAIL_TRANSPORT: 'smtp' }, 'SMTP_URL (unset): MAIL_TRANSPORT=smtp needs SMTP_URL'],
    [{ MAIL_IN_CHANNEL: 'imap', IMAP_USER: 'support' }, 'IMAP_HOST (unset): MAIL_IN_CHANNEL=imap needs IMAP_HOST'],
    [{ CAPTCHA_PROVIDER: 'altcha', CAPTCHA_ALTCHA_COST: '0' }, 'CAPTCHA_ALTCHA_COST="0": CAPTCHA_ALTCHA_COST must not be less than 1'],
  ])('a built-in plugin chosen checks its own settings: %j', async (env, message) => {
    await expect(createTestApp(env)).rejects.toThrow(message);
  });
});
