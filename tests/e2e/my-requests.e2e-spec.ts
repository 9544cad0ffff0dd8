import { Browser, Page, BrowserContext } from 'playwright-core';
import { launchChromium, newContext, screenshot, seriousAxeViolations } from './support/browser';
import { waitForMail } from './support/mailbox';

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/** Issue 18: a participant signs in by the e-mailed link, sees "My requests" (only theirs), opens one, signs out. */
describe('My requests in Chromium (issue 18)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const email = `my-requests-${Date.now()}@example.com`;
  const mine = { subject: 'Мій запит <b>не жирний</b> & {{name}}', trackingId: '' };
  const theirs = { subject: 'Чужий запит, якого не видно' };

  async function createTicket(address: string, subject: string): Promise<string> {
    const response = await fetch(`${process.env.E2E_BASE_URL}/api/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Учасник', email: address, subject, message: 'Текст запиту' }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { trackingId: string }).trackingId;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    mine.trackingId = await createTicket(email.toUpperCase(), mine.subject);
    await createTicket(`other-${email}`, theirs.subject);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('asks for the address and e-mails a sign-in link', async () => {
    await page.goto('/');
    await page.getByTestId('home-mine').click();
    await page.getByRole('heading', { name: 'Мої запити' }).waitFor();
    await page.getByTestId('mine-email').fill(email);
    await page.getByTestId('mine-send-link').click();
    await page.getByTestId('mine-link-sent').filter({ hasText: email }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('the e-mailed link signs in, once, and lists only this address\'s requests, as written', async () => {
    const mail = await waitForMail(email, 'Вхід до ваших запитів');
    const link = /https?:\/\/\S+\/my-requests\/sign-in#[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link?.startsWith(`${process.env.E2E_BASE_URL}/my-requests/sign-in#`)).toBe(true);
    await page.goto(link!);
    // Nothing is used up by opening the link: a person presses the button.
    await page.getByTestId('sign-in-button').click();
    await page.getByTestId('mine-who').filter({ hasText: email }).waitFor();
    const rows = page.getByTestId('mine-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await page.getByTestId('mine-open').innerText()).toBe(mine.subject);
    expect(await page.getByTestId('mine-list').innerText()).toMatch(new RegExp(`${mine.trackingId}\\s+Новий\\s+\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}`));
    expect(await page.getByText(theirs.subject).count()).toBe(0);
    expect(await page.locator('table b').count()).toBe(0);
    await screenshot(page, 'my-requests-01-list');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The same link again: spent.
    await page.goto(link!);
    await page.getByTestId('sign-in-button').click();
    await page.getByTestId('sign-in-error').filter({ hasText: 'Посилання для входу недійсне' }).waitFor();
  });

  it('opens a request without asking for the e-mail again, and signs out', async () => {
    await page.goto('/my-requests');
    await page.getByTestId('mine-search').fill(mine.trackingId.toLowerCase());
    await page.getByTestId('mine-apply').click();
    await page.getByTestId('mine-total').filter({ hasText: 'Знайдено 1 запит' }).waitFor();
    await page.getByTestId('mine-open').click();
    await page.getByTestId('ticket-subject').filter({ hasText: mine.subject }).waitFor();

    await page.goto('/my-requests');
    await page.getByTestId('mine-sign-out').click();
    await page.getByTestId('mine-email').waitFor();
    await page.reload();
    await page.getByTestId('mine-email').waitFor();
    expect(problems).toEqual([]);
  });
});
