import { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext, screenshot } from './browser';
import type { StaffSteps } from './staff';

export interface StaffUi extends StaffSteps {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Page errors and CSP violations seen in the staff's browser. */
  readonly problems: string[];
}

/**
 * The support engineer's steps of the story done in the staff workspace, in a browser context
 * of its own (its own cookie), as a person would: sign in on /admin, open the request from the
 * queue, type the reply, send; close it with the button.
 */
export async function staffViaUi(browser: Browser, { shots = 'staff' } = {}): Promise<StaffUi> {
  const { context, page, problems } = await newContext(browser);
  const email = process.env.E2E_STAFF_EMAIL!;
  const password = process.env.E2E_STAFF_PASSWORD!;
  let step = 0;
  const shot = (name: string) => screenshot(page, `${shots}-${String(++step).padStart(2, '0')}-${name}`);

  async function open(trackingId: string): Promise<void> {
    if (page.url().includes(`/admin/tickets/${trackingId}`)) return;
    await page.goto('/admin/tickets');
    const row = page.locator(`[data-testid="queue-row"][data-tracking-id="${trackingId}"]`);
    await row.getByTestId('queue-open').click();
    await page.getByTestId('ticket-tracking-id').filter({ hasText: trackingId }).waitFor();
  }

  return {
    page,
    context,
    problems,
    name: process.env.E2E_STAFF_NAME!,
    async signIn() {
      await page.goto('/admin');
      await page.getByRole('heading', { name: 'Вхід для співробітників' }).waitFor();
      await page.getByTestId('sign-in-email').fill(email);
      await page.getByTestId('sign-in-password').fill(password);
      await shot('sign-in');
      await page.getByTestId('sign-in-submit').click();
      await page.getByRole('heading', { name: 'Черга запитів' }).waitFor();
      await page.getByTestId('queue-table').waitFor();
      await shot('queue');
    },
    async reply(trackingId, body) {
      await open(trackingId);
      await page.getByTestId('reply-body').fill(body);
      await shot('reply-typed');
      await page.getByTestId('send').click();
      await page.getByTestId('ticket-notice').filter({ hasText: 'Відповідь надіслано учаснику.' }).waitFor();
      await page.getByTestId('message').filter({ hasText: body }).waitFor();
      await page.getByTestId('ticket-status').filter({ hasText: 'Відповідь надіслано' }).waitFor();
      await shot('replied');
    },
    async close(trackingId) {
      await open(trackingId);
      await page.getByTestId('refresh').click();
      await page.getByTestId('close-ticket').click();
      await page.getByTestId('ticket-status').filter({ hasText: 'Закрито/Вирішено' }).waitFor();
      await page.getByTestId('reopen').waitFor();
      await shot('closed');
    },
  };
}

/**
 * Signs a browser page in to the workspace as the suite's staff member, the way a person does on
 * /admin, and waits for what shows the workspace is there (`readyTestId`: the queue, unless the
 * test's page starts elsewhere).
 */
export async function signInToWorkspace(page: Page, readyTestId = 'queue-table'): Promise<void> {
  await page.goto('/admin');
  await page.getByTestId('sign-in-email').fill(process.env.E2E_STAFF_EMAIL!);
  await page.getByTestId('sign-in-password').fill(process.env.E2E_STAFF_PASSWORD!);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId(readyTestId).waitFor();
}
