import { readFile } from 'node:fs/promises';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, screenshot, seriousAxeViolations } from './support/browser';
import { staffViaApi } from './support/staff';
import { signInToWorkspace } from './support/staff-ui';

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/** Issue 19: the reports page in the staff workspace, in Chromium, against the built API and web app. */
describe('reports in the staff workspace (issue 19)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser, { acceptDownloads: true }));
    // Requests today, so the page has something to draw: one stays open (the sign-in lands on a queue of open requests).
    const submit = () =>
      fetch(`${process.env.E2E_BASE_URL}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Учасник ринку', email: 'reports@example.com', subject: 'Запит для звіту', message: 'Доброго дня! Питання для звіту.' }),
      });
    expect((await submit()).status).toBe(201);
    const response = await submit();
    expect(response.status).toBe(201);
    // Closed and answered (4 stars), so the satisfaction figures have one answer at least.
    const { trackingId } = (await response.json()) as { trackingId: string };
    const staff = staffViaApi();
    await staff.signIn();
    await staff.close(trackingId);
    const answered = await fetch(`${process.env.E2E_BASE_URL}/api/tickets/${trackingId}/satisfaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'reports@example.com', stars: 4, comment: 'Дякую' }),
    });
    expect(answered.status).toBe(200);
    await signInToWorkspace(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('an admin opens the reports: charts drawn on canvases, the same figures in tables, no serious accessibility violation', async () => {
    await page.getByTestId('nav-reports').click();
    await page.getByRole('heading', { name: 'Звіти', level: 1 }).waitFor();
    await page.getByTestId('reports-volume-table').waitFor();
    const canvas = page.getByTestId('reports-volume-chart');
    await canvas.waitFor();
    // chart.js has drawn once the canvas has a backing size of its own.
    await page.waitForFunction(() => (document.querySelector<HTMLCanvasElement>('[data-testid="reports-volume-chart"]')?.width ?? 0) > 0);
    expect(await canvas.getAttribute('role')).toBe('img');
    expect(Number(await page.getByTestId('reports-total-created').textContent())).toBeGreaterThanOrEqual(1);
    await page.getByTestId('reports-breakdown-table').getByRole('rowheader').first().waitFor();
    // Issue 19: satisfaction after closing, its average of 5 with the count, and the answers by stars.
    expect(await page.getByTestId('reports-total-satisfaction').textContent()).toMatch(/^\s*\d(,\d)? з 5 \(оцінок: [1-9]\d*\)\s*$/);
    expect(await page.getByTestId('reports-total-satisfaction-distribution').textContent()).toMatch(/4★ [1-9]/);
    await page.getByTestId('reports-breakdown-table').getByRole('columnheader', { name: 'Задоволеність (1–5)' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'reports');
  });

  it('downloads the volume table as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-export-volume-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^report-volume-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).toBe('Період,Створено,Вирішено,Відкрито на кінець');
    expect(text.trim().split('\n')).toHaveLength(31);
  });
});
