import { Browser, Locator, Page } from 'playwright-core';
import type { CreateTicketResponse, KbArticleList } from '@pidtrymka/contracts';
import { Client } from 'pg';
import { ApiProcess, startApiInstance } from './support/api-process';
import { launchChromium, newContext, screenshot, seriousAxeViolations, sidewaysOverflow } from './support/browser';
import { staffViaUi } from './support/staff-ui';

/**
 * Issue 17: the rough edges found on the portal and in the workspace, each as a person meets it.
 * The suite's API has the captcha off; the anti-spam box is seen on a second instance with the
 * image captcha, as a deployment ships it.
 */
// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const APP_TITLE = 'Технічна підтримка';

async function createTicket(baseUrl: string, fields: { name: string; email: string; subject: string; message: string }): Promise<CreateTicketResponse & { number: number }> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const response = await fetch(`${baseUrl}/api/tickets`, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`POST /api/tickets: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as CreateTicketResponse;
  const view = await fetch(`${baseUrl}/api/tickets/${created.trackingId}?email=${encodeURIComponent(fields.email)}`);
  return { ...created, number: ((await view.json()) as { number: number }).number };
}

/** The elements showing exactly this text that a sighted person can see (not the visually hidden ones). */
function visibleTexts(page: Page, text: string): Promise<number> {
  return page.evaluate((wanted) => {
    const seen = Array.from(document.querySelectorAll<HTMLElement>('body *')).filter((el) => {
      if (Array.from(el.childNodes).every((n) => n.nodeType !== Node.TEXT_NODE || !n.textContent?.includes(wanted))) return false;
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return rect.width > 20 && rect.height > 8 && style.visibility !== 'hidden' && style.clipPath === 'none' && style.clip === 'auto' && Number(style.opacity) > 0;
    });
    return seen.length;
  }, text);
}

async function box(locator: Locator) {
  const rect = await locator.boundingBox();
  if (!rect) throw new Error(`${locator.toString()} is not shown`);
  return rect;
}

describe('issue 17: the portal\'s rough edges', () => {
  let browser: Browser;
  let captchaApi: ApiProcess;
  let db: Client;
  const baseUrl = () => process.env.E2E_BASE_URL!;
  const participant = { name: 'Тестовий контрагент', email: 'edges@example.com', subject: 'Проблема з підписом заявки', message: 'ПП "ХВИЛЯ", 0999999999. Невалідний сертифікат.' };
  let ticket: CreateTicketResponse & { number: number };

  beforeAll(async () => {
    browser = await launchChromium();
    captchaApi = await startApiInstance({ CAPTCHA_PROVIDER: 'image' });
    db = new Client({ connectionString: JSON.parse(process.env.E2E_API_ENV!).DATABASE_URL });
    await db.connect();
    ticket = await createTicket(baseUrl(), participant);
  });
  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await captchaApi?.stop();
  });

  it('17.2 no page of the portal scrolls sideways on a 390 px phone, the anti-spam box included', async () => {
    const { context, page, problems } = await newContext(browser, { ...PHONE, baseURL: captchaApi.baseUrl });
    try {
      const { items } = (await (await fetch(`${baseUrl()}/api/kb/articles?locale=uk`)).json()) as KbArticleList;
      const pages: [string, string, () => Promise<unknown>][] = [
        ['home', '/', () => page.getByRole('link', { name: /Надіслати запит/ }).waitFor()],
        ['submit', '/submit', () => page.getByTestId('captcha-image').waitFor()],
        ['view', '/view', () => page.getByTestId('view-submit').waitFor()],
        ['ticket', `/ticket?track=${ticket.trackingId}&e=${encodeURIComponent(participant.email)}`, () => page.getByTestId('detail-status').waitFor()],
        ['article', `/kb/${items[0].slug}`, () => page.getByTestId('article-title').waitFor()],
        ['forgot', '/forgot-tracking-id', () => page.locator('h1').waitFor()],
      ];
      const overflow: Record<string, number> = {};
      for (const [name, path, ready] of pages) {
        await page.goto(path);
        await ready();
        overflow[name] = await sidewaysOverflow(page);
        await screenshot(page, `edges-phone-${name}`);
      }
      // With every error of the form shown, too.
      await page.goto('/submit');
      await page.getByTestId('captcha-image').waitFor();
      await page.getByTestId('submit').click();
      await page.getByText('Виправте помилки у формі.').waitFor();
      overflow['submit-errors'] = await sidewaysOverflow(page);
      expect(overflow).toEqual(Object.fromEntries(Object.keys(overflow).map((name) => [name, 0])));
      // No label of the form is cut short with an ellipsis (the captcha's sentence was, as the field's label).
      const cutLabels = await page.locator('.mdc-floating-label').evaluateAll((labels) => labels.filter((label) => label.scrollWidth > label.clientWidth + 1).map((label) => label.textContent?.trim()));
      expect(cutLabels).toEqual([]);
      await page.getByText('Введіть число на зображенні нижче.').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('17.3 a wrong captcha answer says so once, inside the anti-spam box (R-SUB-3)', async () => {
    const { context, page, problems } = await newContext(browser, { ...PHONE, baseURL: captchaApi.baseUrl });
    try {
      await page.goto('/submit');
      await page.getByTestId('captcha-image').waitFor();
      await page.getByTestId('name').fill(participant.name);
      await page.getByTestId('email').fill(participant.email);
      await page.getByTestId('subject').fill('Перевірка захисту від спаму');
      await page.getByTestId('message').fill(participant.message);
      await page.getByTestId('captcha-answer').fill('12345');
      // The answer the picture asked for is never 12345 in this test: make it so.
      await db.query(`UPDATE captcha_challenges SET answer = '54321' WHERE answer = '12345'`);
      await page.getByTestId('submit').click();
      const error = page.locator('mat-error').filter({ hasText: 'Число на зображенні введено неправильно' });
      await error.waitFor();
      expect(await visibleTexts(page, 'Число на зображенні введено неправильно')).toBe(1);
      const fieldset = await box(page.locator('fieldset.captcha'));
      const message = await box(error);
      // Within the box, clear of its bottom border.
      expect(message.y + message.height).toBeLessThanOrEqual(fieldset.y + fieldset.height - 2);
      expect(message.x + message.width).toBeLessThanOrEqual(fieldset.x + fieldset.width);
      await screenshot(page, 'edges-phone-captcha-wrong');
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('17.4 after a reply on the site, "Вашу відповідь додано." shows on the page (R-VIEW-5)', async () => {
    const { context, page, problems } = await newContext(browser, PHONE);
    try {
      await page.goto(`/ticket?track=${ticket.trackingId}&e=${encodeURIComponent(participant.email)}`);
      await page.getByTestId('reply-message').fill('Направляю вам підписаний файл у вкладенні.');
      await page.getByTestId('reply-submit').click();
      await page.getByTestId('detail-replies').filter({ hasText: '1' }).waitFor();
      await page.getByTestId('reply-notice').filter({ hasText: 'Вашу відповідь додано.' }).waitFor();
      expect(await visibleTexts(page, 'Вашу відповідь додано.')).toBe(1);
      await screenshot(page, 'edges-phone-reply-added');
      // It goes once the next reply is being typed.
      await page.getByTestId('reply-message').fill('Ще одне');
      expect(await visibleTexts(page, 'Вашу відповідь додано.')).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('17.5 "View an existing request" with a wrong e-mail keeps what was typed (R-VIEW-3)', async () => {
    const { context, page, problems } = await newContext(browser);
    try {
      await page.goto('/view');
      await page.getByTestId('view-tracking-id').fill(ticket.trackingId);
      await page.getByTestId('view-email').fill('someone-else@example.com');
      await page.getByTestId('view-submit').click();
      await page.getByTestId('view-error').filter({ hasText: 'Запит не знайдено. Перевірте ідентифікатор запиту та електронну адресу.' }).waitFor();
      expect(await page.getByTestId('view-tracking-id').inputValue()).toBe(ticket.trackingId);
      expect(await page.getByTestId('view-email').inputValue()).toBe('someone-else@example.com');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Corrected, it opens the request.
      await page.getByTestId('view-email').fill(participant.email);
      await page.getByTestId('view-submit').click();
      await page.getByTestId('ticket-subject').filter({ hasText: participant.subject }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('17.6 a missing article says "not found" once', async () => {
    const { context, page } = await newContext(browser);
    try {
      await page.goto('/kb/no-such-article');
      await page.getByRole('heading', { name: 'Статтю не знайдено.' }).waitFor();
      expect(await visibleTexts(page, 'Статтю не знайдено')).toBe(1);
      expect(await page.locator('main').innerText()).not.toMatch(/Статтю не знайдено[\s\S]*Статтю не знайдено/);
    } finally {
      await context.close();
    }
  });

  it('17.8 the tab names the article and the request, in the chosen language', async () => {
    const { context, page } = await newContext(browser);
    try {
      const { items } = (await (await fetch(`${baseUrl()}/api/kb/articles?locale=uk`)).json()) as KbArticleList;
      await page.goto(`/kb/${items[0].slug}`);
      await page.getByTestId('article-title').waitFor();
      await expectTitle(page, `${items[0].title} — ${APP_TITLE}`);

      await page.goto(`/ticket?track=${ticket.trackingId}&e=${encodeURIComponent(participant.email)}`);
      await page.getByTestId('detail-status').waitFor();
      await expectTitle(page, `${participant.subject} · № ${ticket.number} · ${ticket.trackingId} — ${APP_TITLE}`);
      await page.getByRole('button', { name: 'English' }).click();
      await expectTitle(page, `${participant.subject} · No. ${ticket.number} · ${ticket.trackingId} — Technical support`);
      await page.getByRole('button', { name: 'Українська' }).click();
      // The choice is remembered by the same effect that sets <html lang>: navigating before it ran reloaded the app in English.
      await page.waitForFunction(() => document.documentElement.lang === 'uk');

      // Leaving the page leaves its name behind.
      await page.goto('/view');
      await page.getByTestId('view-submit').waitFor();
      await expectTitle(page, `Переглянути існуючий запит — ${APP_TITLE}`);
    } finally {
      await context.close();
    }
  });
});

async function expectTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction((wanted) => document.title === wanted, title, { timeout: 10_000 }).catch(() => undefined);
  expect(await page.title()).toBe(title);
}

describe('issue 17: the staff workspace\'s rough edges', () => {
  let browser: Browser;
  const baseUrl = () => process.env.E2E_BASE_URL!;
  let ticket: CreateTicketResponse & { number: number };
  const subject = 'Не відкривається платформа XMtrade';

  beforeAll(async () => {
    browser = await launchChromium();
    ticket = await createTicket(baseUrl(), { name: 'Оператор', email: 'edges-staff@example.com', subject, message: 'Сторінка входу не відкривається.' });
    await createTicket(baseUrl(), { name: 'Оператор', email: 'edges-staff@example.com', subject: 'Друге звернення', message: 'Ще одне.' });
  });
  afterAll(() => browser?.close());

  it('17.7 a refused merge says why beside the merge field; 17.8 the tab names the request', async () => {
    const staff = await staffViaUi(browser, { shots: 'edges-staff' });
    const { page } = staff;
    try {
      await staff.signIn();
      await page.goto(`/admin/tickets/${ticket.trackingId}`);
      await page.getByTestId('ticket-tracking-id').filter({ hasText: ticket.trackingId }).waitFor();
      await expectTitle(page, `${subject} · № ${ticket.number} · ${ticket.trackingId} — ${APP_TITLE}`);

      await page.getByTestId('merge-into').fill('ZZZ-ZZZ-ZZZZ');
      await page.getByTestId('merge').click();
      await page.getByTestId('merge').click();
      const mergeSection = page.locator('section[aria-labelledby="merge-title"]');
      const error = mergeSection.getByTestId('merge-error');
      await error.waitFor();
      expect(await error.innerText()).not.toBe('');
      const field = await box(page.getByTestId('merge-into'));
      const message = await box(error);
      expect(message.y - (field.y + field.height)).toBeLessThan(72);
      expect(await page.getByTestId('merge-into').getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
      // One place only: not also among the other controls' errors.
      expect(await page.getByTestId('action-error').count()).toBe(0);
      await error.scrollIntoViewIfNeeded();
      await screenshot(page, 'edges-staff-merge-error');
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(staff.problems).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });

  it('17.9, 17.10 on a phone the queue shows requests on the first screen, the menu lines up with the header', async () => {
    const staff = await staffViaUi(browser, { shots: 'edges-staff-phone' });
    const { page } = staff;
    try {
      await staff.signIn();
      for (const width of [1440, 1280, 1024]) {
        await page.setViewportSize({ width, height: 900 });
        await expectMenuAligned(page, width);
      }

      await page.setViewportSize(PHONE.viewport);
      await page.reload();
      await page.getByTestId('queue-table').waitFor();
      await expectMenuAligned(page, 390);
      expect(await sidewaysOverflow(page)).toBe(0);

      // The status choices in one row (scrolled sideways within itself), not wrapped.
      const tops = await page.getByTestId('status-filter').locator('mat-button-toggle').evaluateAll((toggles) => toggles.map((t) => Math.round(t.getBoundingClientRect().top)));
      expect(new Set(tops).size).toBe(1);
      // The other filters fold away behind a button.
      const toggle = page.getByTestId('filters-toggle');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('queue-search').isVisible()).toBe(false);
      // The first request on the first screen, in a compact card.
      const first = await box(page.getByTestId('queue-row').first());
      expect(first.y + first.height).toBeLessThanOrEqual(844);
      expect(first.height).toBeLessThan(170);
      await screenshot(page, 'edges-phone-queue');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await toggle.click();
      // Rendered after the click's events (zoneless): read once the filters show.
      await page.getByTestId('queue-search').waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'edges-phone-queue-filters');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByTestId('queue-row').first().getByTestId('queue-open').click();
      await page.getByTestId('ticket-tracking-id').waitFor();
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'edges-phone-staff-ticket');
      expect(staff.problems).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });
});

/**
 * The workspace's menu starts where the header's brand starts; on a wide screen its sign-out ends where the
 * language switch ends (on a phone the header wraps its switch under the brand).
 */
async function expectMenuAligned(page: Page, width: number): Promise<void> {
  const brand = await box(page.locator('header .brand'));
  const languages = await box(page.locator('header app-language-switcher .switcher'));
  const menu = await box(page.getByTestId('nav-queue'));
  const signOut = await box(page.getByTestId('sign-out'));
  expect({ width, left: Math.round(menu.x - brand.x) }).toEqual({ width, left: 0 });
  if (width >= 1024) expect({ width, right: Math.round(signOut.x + signOut.width - (languages.x + languages.width)) }).toEqual({ width, right: 0 });
}
