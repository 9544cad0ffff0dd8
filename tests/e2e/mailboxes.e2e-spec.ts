import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, seriousAxeViolations } from './support/browser';
import { signInToWorkspace } from './support/staff-ui';

const run = randomBytes(3).toString('hex');

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/** Issue 16: the admins' Mailboxes page, in Chromium, against the built API and web app. */
describe('mailboxes in the staff workspace (issue 16)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    page.on('dialog', (dialog) => void dialog.accept());
    // Signed in: the workspace's navigation (the queue may be empty here).
    await signInToWorkspace(page, 'nav-mailboxes');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('an admin adds an IMAP mailbox with a password; the password is only "set", its state is shown; no serious accessibility violation', async () => {
    await page.getByTestId('nav-mailboxes').click();
    await page.getByRole('heading', { name: 'Поштові скриньки', level: 1 }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('mailbox-name').fill(`Продажі ${run}`);
    // Nothing listens on the discard port: the mailbox is added, and shows it cannot connect.
    await page.getByTestId('mailbox-host').fill('127.0.0.1');
    await page.getByTestId('mailbox-user').fill('sales');
    await page.getByTestId('mailbox-password').fill(`secret-${run}`);
    await page.getByTestId('mailbox-from-name').fill('Відділ продажів');
    await page.getByTestId('mailbox-from-address').fill(`sales-${run}@support.test`);
    await page.getByTestId('mailbox-create').click();
    const item = page.getByTestId('mailbox-item').filter({ hasText: `Продажі ${run}` });
    await item.waitFor();
    await item.getByText('Пароль IMAP: задано').waitFor();
    expect(await page.content()).not.toContain(`secret-${run}`);
    expect(await item.getByTestId('mailbox-state').textContent()).toMatch(/Підключ|Немає з’єднання|Очікує/);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('a mailbox is disabled and deleted', async () => {
    const item = page.getByTestId('mailbox-item').filter({ hasText: `Продажі ${run}` });
    await item.getByTestId('mailbox-toggle').click();
    await item.getByTestId('mailbox-state').filter({ hasText: 'Вимкнено' }).waitFor();
    await item.getByTestId('mailbox-delete').click();
    await item.waitFor({ state: 'detached' });
  });
});
