import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import type { CreateTicketResponse } from '@pidtrymka/contracts';
import { launchChromium, newContext, screenshot, seriousAxeViolations, until } from './support/browser';
import { signInToWorkspace } from './support/staff-ui';
import { submitRequest } from './support/requests';

const run = randomBytes(3).toString('hex');
const domain = `energy-${run}.test`;

async function submit(email: string, subject: string): Promise<CreateTicketResponse> {
  return submitRequest({ name: 'Учасник ринку', email, subject, message: 'Доброго дня! Питання щодо реєстрації.' });
}

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/** Issue 18: organisations in the staff workspace, in Chromium, against the built API and web app. */
describe('organisations in the staff workspace (issue 18)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let before = '';

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    // Opened before the organisation exists: not linked, then suggested.
    before = (await submit(`first@${domain}`, `Перший запит ${run}`)).trackingId;
    await signInToWorkspace(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('an admin creates an organisation; a mistyped ЄДРПОУ is refused in Ukrainian; no serious accessibility violation', async () => {
    await page.getByTestId('nav-organisations').click();
    await page.getByRole('heading', { name: 'Організації', level: 1 }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('org-name-uk').fill(`ТОВ «Енергія ${run}»`);
    await page.getByTestId('org-edrpou').fill('00100228');
    await page.getByTestId('org-save').click();
    await page.getByTestId('orgs-error').filter({ hasText: 'контрольна цифра не збігається' }).waitFor();
    // A valid code nobody else in this run holds: the check digit of 4444444x.
    await page.getByTestId('org-edrpou').fill(validEdrpou(run));
    await page.getByTestId('org-domains').fill(domain);
    await page.getByTestId('org-contacts').fill(`boss@${domain}; Олена Петрівна; +380441234567`);
    await page.getByTestId('org-save').click();
    await page.getByTestId('org-item').filter({ hasText: `ТОВ «Енергія ${run}»` }).waitFor();
    await screenshot(page, 'organisations');
  });

  it('the request page suggests the organisation for a request opened before it existed, and links it', async () => {
    await page.goto(`/admin/tickets/${before}`);
    await page.getByTestId('organisation-suggested').filter({ hasText: `Енергія ${run}` }).waitFor();
    await page.getByTestId('organisation-accept').click();
    await page.getByTestId('organisation-name').filter({ hasText: `Енергія ${run}` }).waitFor();
  });

  it('a new request from the domain is linked at once and lists the other one; the queue filters by the organisation', async () => {
    const later = (await submit(`someone@${domain}`, `Другий запит ${run}`)).trackingId;
    await page.goto(`/admin/tickets/${later}`);
    await page.getByTestId('organisation-name').filter({ hasText: `Енергія ${run}` }).waitFor();
    await page.getByTestId('organisation-requests').filter({ hasText: `Перший запит ${run}` }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'organisation-panel');
    await page.getByRole('link', { name: 'Усі запити організації в черзі' }).click();
    await page.waitForURL(/organisationId=/);
    await page.getByTestId('filter-organisation').waitFor();
    // The filtered page replaces the whole queue once it has loaded.
    expect(await until(() => page.getByTestId('queue-row').count(), (rows) => rows === 2)).toBe(2);
  });

  it('a CSV import is checked first: the dry run lists each row\'s fate and reasons, then applies', async () => {
    await page.getByTestId('nav-organisations').click();
    const csv = `name_uk,edrpou,eic\nТОВ «Імпорт ${run}»,,\nПогана ${run},12345670,\n`;
    await page.getByTestId('org-import-file').setInputFiles({ name: 'orgs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('org-import-check').click();
    await page.getByTestId('org-import-summary').filter({ hasText: 'Буде створено: 1; оновлено: 0; відхилено: 1' }).waitFor();
    await page.getByTestId('org-import-row').filter({ hasText: 'контрольна цифра' }).waitFor();
    await screenshot(page, 'organisations-import-dry-run');
    await page.getByTestId('org-import-apply').click();
    await page.getByTestId('org-import-summary').filter({ hasText: 'Імпортовано. Створено: 1' }).waitFor();
    await page.getByTestId('org-item').filter({ hasText: `ТОВ «Імпорт ${run}»` }).waitFor();
  });
});

/**
 * An ЄДРПОУ below 30000000 derived from the run, so that runs against one database do not
 * collide: weights 1…7, and on a remainder of 10 the weights 3…9 (a second 10 counts as 0).
 */
function validEdrpou(seed: string): string {
  // The stem's seven digits lead the code, so a stem of 3000000 or more makes a code of
  // 30000000 or more, which weighs its digits 7,1,2,…,6 instead.
  const stem = String(parseInt(seed, 16) % 3_000_000).padStart(7, '0');
  const remainder = (shift: number) => [...stem].reduce((sum, digit, i) => sum + Number(digit) * (i + 1 + shift), 0) % 11;
  const check = remainder(0) < 10 ? remainder(0) : remainder(2) % 10;
  return stem + String(check);
}
