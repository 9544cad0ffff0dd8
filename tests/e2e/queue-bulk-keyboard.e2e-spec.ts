import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import type { CreateTicketResponse } from '@pidtrymka/contracts';
import { launchChromium, newContext, seriousAxeViolations, until } from './support/browser';
import { signInToWorkspace } from './support/staff-ui';
import { submitRequest } from './support/requests';

const run = randomBytes(3).toString('hex');

async function submit(subject: string): Promise<CreateTicketResponse> {
  return submitRequest({ name: 'Учасник ринку', email: `bulk-${run}@participant.test`, subject, message: 'Доброго дня, маю питання.' });
}

jest.setTimeout(150_000);

/** Issue 17, "working many requests at once": select rows and act on them, tags, and the keyboard. */
describe('the queue: bulk changes, tags and keyboard (issue 17)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const subject = `Масові ${run}`;
  const tag = `масові-${run}`;
  const rows = () => page.getByTestId('queue-row');
  const openQueue = async () => {
    await page.goto(`/admin/tickets?q=${encodeURIComponent(subject)}`);
    await rows().first().waitFor();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    for (const n of [1, 2, 3]) await submit(`${subject} ${n}`);
    await signInToWorkspace(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('walks the queue by keyboard: ? shows the shortcuts, j/k move, Enter opens, n a note, c is typed in a field, g q goes back', async () => {
    await openQueue();
    expect(await rows().count()).toBe(3);

    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Клавіатурні скорочення' });
    await dialog.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    // A dialog's keys are its own: j moves nothing behind it.
    await page.keyboard.press('j');
    expect(await page.locator('[data-testid="queue-row"][aria-current="true"]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const first = rows().first();
    // The page renders after the keys' events (zoneless Angular): read once it has.
    expect(await until(() => first.getAttribute('aria-current'), (value) => value === 'true')).toBe('true');
    expect(await until(() => first.evaluate((row) => row === document.activeElement), Boolean)).toBe(true);
    const trackingId = (await first.getAttribute('data-tracking-id'))!;

    // In the search field, j is a letter.
    await page.keyboard.press('/');
    const search = page.getByTestId('queue-search');
    expect(await until(() => search.evaluate((input) => input === document.activeElement), Boolean)).toBe(true);
    await page.keyboard.type('j');
    expect(await search.inputValue()).toBe(`${subject}j`);
    await search.fill(subject);
    await first.focus();

    await page.keyboard.press('Enter');
    await page.getByTestId('ticket-tracking-id').filter({ hasText: trackingId }).waitFor();
    await page.keyboard.press('n');
    const body = page.getByTestId('reply-body');
    expect(await until(() => body.evaluate((area) => area === document.activeElement), Boolean)).toBe(true);
    expect(await until(async () => (await page.getByTestId('mode-note').getAttribute('class')) ?? '', (value) => value.includes('checked'))).toContain('checked');
    // Typing c in the note closes nothing.
    await page.keyboard.type('c');
    expect(await body.inputValue()).toBe('c');
    expect(await page.getByTestId('ticket-status').textContent()).not.toContain('Закрито');
    await body.fill('');
    await body.evaluate((area) => (area as HTMLElement).blur());

    await page.keyboard.press('g');
    await page.keyboard.press('q');
    await page.getByTestId('queue-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/tickets');
  });

  it('tags selected rows in bulk, filters the queue by the tag, and closes the selection in one go', async () => {
    await openQueue();
    await rows().nth(0).getByTestId('select-row').click();
    await rows().nth(1).getByTestId('select-row').click();
    const bar = page.getByTestId('bulk-bar');
    await bar.filter({ hasText: 'Вибрано 2 запити' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('bulk-tag-input').fill(tag);
    await page.getByTestId('bulk-tag-add').click();
    await page.getByTestId('bulk-result').filter({ hasText: 'Змінено 2 запити.' }).waitFor();
    await page.getByTestId('queue-tag').filter({ hasText: tag }).nth(1).waitFor();

    await page.getByTestId('filter-tag').click();
    await page.getByRole('option', { name: tag }).click();
    await page.waitForURL(/tag=\d+/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="queue-row"]').length === 2);

    await page.getByTestId('select-all').click();
    await bar.filter({ hasText: 'Вибрано 2 запити' }).waitFor();
    await page.getByTestId('bulk-close').click();
    await page.getByTestId('bulk-result').filter({ hasText: 'Змінено 2 запити.' }).waitFor();
    // The queue shows open requests: the closed ones are gone, and nothing stays selected.
    await page.getByTestId('queue-empty').waitFor();
    expect(await bar.count()).toBe(0);
  });
});
