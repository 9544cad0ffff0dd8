import { Browser } from 'playwright-core';
import { Client } from 'pg';
import { ApiProcess, startApiInstance } from './support/api-process';
import { launchChromium, newContext, screenshot, seriousAxeViolations } from './support/browser';

/** R-SUB-3 in the browser: the five-digit picture, its refresh, a wrong answer, the right one. */
// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

describe('the image captcha on the request form (R-SUB-3)', () => {
  let api: ApiProcess;
  let browser: Browser;
  let db: Client;

  beforeAll(async () => {
    api = await startApiInstance({ CAPTCHA_PROVIDER: 'image' });
    browser = await launchChromium();
    db = new Client({ connectionString: JSON.parse(process.env.E2E_API_ENV!).DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await api?.stop();
  });

  /** The answer a participant would read off the picture: the newest challenge's, as the test reads no pictures. */
  async function newestAnswer(): Promise<string> {
    const { rows } = await db.query<{ answer: string }>('SELECT answer FROM captcha_challenges ORDER BY expires_at DESC LIMIT 1');
    return rows[0].answer;
  }

  it('shows the picture, gives another on request, refuses a wrong number inline and accepts the right one', async () => {
    const { context, page, problems } = await newContext(browser, { baseURL: api.baseUrl });
    try {
      await page.goto('/submit');
      const image = page.getByRole('img', { name: 'Число для перевірки' });
      await image.waitFor();
      await page.getByText('Запобігання СПАМУ').waitFor();
      await page.getByText('Введіть число на зображенні нижче.').waitFor();
      const first = await image.getAttribute('src');
      // Issue 12.7: a raster picture, with no glyph shapes in the page for a script to count.
      expect(first).toMatch(/^data:image\/png;base64,/);
      expect(await page.locator('app-submit-page svg path').count()).toBe(0);
      // The picture really renders (a broken image has no natural width), under the app's CSP.
      expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect((await newestAnswer())).toMatch(/^\d{5}$/);

      await page.getByRole('button', { name: 'Інше зображення' }).click();
      await page.waitForFunction((old) => document.querySelector('[data-testid="captcha-image"]')?.getAttribute('src') !== old, first);

      await page.getByTestId('name').fill('Тестовий контрагент');
      await page.getByTestId('email').fill('captcha@example.com');
      const suggested = page.waitForResponse((response) => response.url().includes('/api/kb/suggest'));
      await page.getByTestId('subject').fill('Перевірка захисту від спаму');
      await suggested;
      await page.getByTestId('message').fill('ПП "ХВИЛЯ", 0999999999.');
      await page.getByTestId('captcha-answer').fill('не число');
      const before = await image.getAttribute('src');
      await page.getByTestId('submit').click();
      await page.locator('mat-error').filter({ hasText: 'Число на зображенні введено неправильно' }).waitFor();
      // A challenge is good for one try: a new picture and an empty field.
      await page.waitForFunction((old) => document.querySelector('[data-testid="captcha-image"]')?.getAttribute('src') !== old, before);
      expect(await page.getByTestId('captcha-answer').inputValue()).toBe('');
      await screenshot(page, 'captcha-01-wrong-answer');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByTestId('captcha-answer').fill(await newestAnswer());
      await page.getByTestId('submit').click();
      await page.getByRole('heading', { name: 'Запит надіслано' }).waitFor();
      await screenshot(page, 'captcha-02-submitted');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('12.7 the ALTCHA captcha on the request form (CAPTCHA_PROVIDER=altcha)', () => {
  let api: ApiProcess;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApiInstance({ CAPTCHA_PROVIDER: 'altcha' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('checks in the background, says so to screen readers, and the request goes through', async () => {
    const { context, page, problems } = await newContext(browser, { baseURL: api.baseUrl });
    try {
      await page.goto('/submit');
      const status = page.getByTestId('altcha-status');
      await status.waitFor();
      expect(await status.getAttribute('role')).toBe('status');
      await page.getByText('Запобігання СПАМУ').waitFor();
      // No picture and no field to type into: nothing to see or hear.
      expect(await page.getByTestId('captcha-image').count()).toBe(0);
      expect(await page.getByTestId('captcha-answer').count()).toBe(0);

      await page.getByTestId('name').fill('Тестовий контрагент');
      await page.getByTestId('email').fill('altcha@example.com');
      await page.getByTestId('subject').fill('Перевірка захисту від спаму');
      await page.getByTestId('message').fill('ПП "ХВИЛЯ", 0999999999.');
      await page.locator('[data-testid="altcha-status"][data-state="done"]').waitFor({ timeout: 60_000 });
      expect(await status.textContent()).toContain('Перевірку захисту від спаму пройдено.');
      await screenshot(page, 'captcha-03-altcha-done');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByTestId('submit').click();
      await page.getByRole('heading', { name: 'Запит надіслано' }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
