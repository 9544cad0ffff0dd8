import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import type { SlaCalendarView, SlaPolicyView } from '@pidtrymka/contracts';
import { moveSlaBack } from '../../apps/api/src/testing/sla-time';
import { launchChromium, newContext, screenshot, seriousAxeViolations, until } from './support/browser';
import { submitRequest } from './support/requests';
import { staffViaApi } from './support/staff';
import { signInToWorkspace } from './support/staff-ui';

const run = randomBytes(3).toString('hex');
const ALL_DAY = [{ start: '00:00', end: '24:00' }];

jest.setTimeout(150_000);

/**
 * Issue 19, "SLA and business hours", in a real browser: a request under a policy shows its clocks
 * on its page and the time left in the queue; once its first response is overdue the queue says
 * so, and the "overdue" filter finds it.
 */
describe('SLA clocks in the staff workspace (issue 19)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let db: Client;
  let trackingId: string;
  /** A request of the same run with no policy: no clock, never overdue. */
  let plainId: string;
  const rowOf = (id: string) => page.locator(`[data-testid="queue-row"][data-tracking-id="${id}"]`);
  const row = () => rowOf(trackingId);
  // This run's requests alone, whatever other suites add to the queue meanwhile.
  const queueOfThisRun = () => page.goto(`/admin/tickets?q=${run}`);

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    db = new Client({ connectionString: JSON.parse(process.env.E2E_API_ENV!).DATABASE_URL });
    await db.connect();
    const staff = staffViaApi();
    await staff.signIn();
    // Round the clock, so the figures do not depend on when the suite runs; urgent requests alone, so no other suite's requests get clocks.
    const calendar = await staff.call<SlaCalendarView>('POST', '/api/staff/sla/calendars', { name: `Цілодобово ${run}`, week: Array.from({ length: 7 }, () => ALL_DAY), observePublicHolidays: false, workedHolidays: [], extraDaysOff: [] });
    await staff.call<SlaPolicyView>('POST', '/api/staff/sla/policies', { name: `Критичні ${run}`, categoryId: null, priority: 'critical', calendarId: calendar.id, firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 480 });
    ({ trackingId } = await submitRequest({ name: 'Учасник ринку', email: `sla-${run}@participant.test`, subject: `Термінове ${run}`, message: 'Не працює торгова платформа.' }));
    await staff.call('PATCH', `/api/staff/tickets/${trackingId}`, { priority: 'critical' });
    ({ trackingId: plainId } = await submitRequest({ name: 'Учасник ринку', email: `sla-${run}@participant.test`, subject: `Звичайне ${run}`, message: 'Питання без поспіху.' }));
    await signInToWorkspace(page);
  });
  afterAll(async () => {
    await db?.end();
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('shows the request\'s clocks on its page and the time left in the queue', async () => {
    await page.goto(`/admin/tickets/${trackingId}`);
    const clocks = page.getByTestId('ticket-sla');
    await clocks.filter({ hasText: 'Терміни (SLA)' }).waitFor();
    for (const name of ['Перша відповідь', 'Вирішення']) await clocks.filter({ hasText: name }).waitFor();
    expect(await clocks.textContent()).toContain('до ');
    await screenshot(page, 'sla-01-request');

    await queueOfThisRun();
    const left = row().getByTestId('queue-sla');
    expect(await until(() => left.textContent(), (text) => /^ще /.test(text?.trim() ?? ''))).toMatch(/^\s*ще /);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('says "overdue" once the first response is late, and the overdue filter finds the request', async () => {
    await moveSlaBack(db, trackingId, 90);
    await queueOfThisRun();
    await rowOf(plainId).waitFor();
    const overdue = row().getByTestId('queue-sla');
    expect(await until(() => overdue.textContent(), (text) => /прострочено на/.test(text ?? ''))).toMatch(/прострочено на/);
    expect(await overdue.getAttribute('class')).toContain('sla-overdue');

    await page.getByTestId('filter-sla').click();
    await page.getByRole('option', { name: 'Прострочені' }).click();
    expect(await until(async () => page.url(), (url) => url.includes('sla=overdue'))).toContain('sla=overdue');
    await row().waitFor();
    expect(await until(() => rowOf(plainId).count(), (n) => n === 0)).toBe(0);
    await screenshot(page, 'sla-02-overdue');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
