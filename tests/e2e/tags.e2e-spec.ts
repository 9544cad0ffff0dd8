import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, seriousAxeViolations } from './support/browser';
import { signInToWorkspace } from './support/staff-ui';

const run = randomBytes(3).toString('hex');

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/** Issue 17: the grouped menu takes an admin to the tags page, where a tag is renamed in place, by keyboard. */
describe('renaming a tag on the admins\' tags page (issue 17)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const row = (name: string) => page.locator(`[data-testid="tag-row"][data-tag="${name}"]`);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    await signInToWorkspace(page, 'nav-tags');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('the menu shows the tags under its settings heading; an admin creates two tags', async () => {
    const settings = page.getByTestId('nav-group-settings');
    expect(await settings.getByText('Налаштування').count()).toBe(1);
    await settings.getByTestId('nav-tags').click();
    await page.getByRole('heading', { name: 'Мітки запитів', level: 1 }).waitFor();
    for (const name of [`договір-${run}`, `ключі-${run}`]) {
      await page.getByTestId('tag-name').fill(name);
      await page.getByTestId('tag-create').click();
      await row(name).waitFor();
    }
  });

  it('renames one in place: the field takes the focus, a taken name is refused in words, Escape cancels, Enter saves', async () => {
    await row(`договір-${run}`).getByTestId('tag-rename').click();
    const input = row(`договір-${run}`).getByTestId('tag-rename-input');
    await input.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'tag-rename-input');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await input.fill(`Ключі-${run}`);
    await page.keyboard.press('Enter');
    await page.getByTestId('tags-error').filter({ hasText: `Мітка «ключі-${run}» вже є` }).waitFor();

    await page.keyboard.press('Escape');
    await row(`договір-${run}`).getByTestId('tag-row-name').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'tag-rename');

    await page.keyboard.press('Enter');
    await input.waitFor();
    await input.fill(`  Договір   постачання-${run} `);
    await page.keyboard.press('Enter');
    await row(`договір постачання-${run}`).waitFor();
    expect(await row(`договір-${run}`).count()).toBe(0);
    await page.getByText(`Мітку «договір-${run}» перейменовано на «договір постачання-${run}»`).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'tag-rename');
    expect(await focused()).toBe('tag-rename');
  });
});
