import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, screenshot, seriousAxeViolations, until } from './support/browser';
import { answeredRequest } from './support/requests';
import { staffViaUi, StaffUi } from './support/staff-ui';

/**
 * Issue 19, "the participant's voice", in a real browser: the participant rates a staff reply
 * once ("Чи була ця відповідь корисною?"; in English too), the support engineer sees the vote in words on the
 * reply, and the participant closes their request and opens it again.
 */
jest.setTimeout(150_000);

describe('the participant\'s voice in Chromium (issue 19)', () => {
  const participant = { name: 'Тестовий контрагент', email: 'voice_partner@oree.com.ua', subject: 'Оцінка відповіді', message: 'Не підписується заявка.' };
  const staffReply = 'Перевстановіть, будь ласка, сертифікат і спробуйте ще раз.';

  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let staffUi: StaffUi;
  let trackingId = '';

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    staffUi = await staffViaUi(browser, { shots: 'voice-staff' });
    trackingId = await answeredRequest(participant, staffReply);
  });
  afterAll(async () => {
    await staffUi?.context.close();
    await context?.close();
    await browser?.close();
  });
  afterEach(async () => {
    await screenshot(page, 'voice-last-step');
    expect(problems).toEqual([]);
  });

  const status = () => page.getByTestId('detail-status');
  const reply = () => page.locator('[data-author="staff"]').filter({ hasText: staffReply });

  it('asks under the staff reply, once: after "Так" it thanks, and the question does not come back', async () => {
    await page.goto(`/ticket?track=${trackingId}&e=${encodeURIComponent(participant.email)}`);
    await reply().getByText('Чи була ця відповідь корисною?').waitFor();
    // The participant's own message is never asked about.
    expect(await page.locator('[data-author="participant"]').getByTestId('reply-rating-form').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await reply().getByRole('button', { name: 'Так' }).click();
    await reply().getByTestId('rating-thanks').filter({ hasText: 'Дякуємо за оцінку' }).waitFor();
    expect(await reply().getByRole('button', { name: 'Ні' }).count()).toBe(0);
    // The staff's chip is theirs: the participant's page says thanks, nothing more.
    expect(await page.getByTestId('reply-rating').count()).toBe(0);

    await page.reload();
    await reply().getByTestId('rating-thanks').waitFor();
    expect(await reply().getByRole('button', { name: 'Так' }).count()).toBe(0);
    await screenshot(page, 'voice-01-rated');
  });

  it('shows the support engineer the vote on the reply, in words', async () => {
    await staffUi.signIn();
    await staffUi.page.goto(`/admin/tickets/${trackingId}`);
    const chip = staffUi.page.getByTestId('reply-rating');
    await chip.filter({ hasText: 'корисна' }).waitFor();
    expect(await chip.getAttribute('data-rating')).toBe('helpful');
    expect(staffUi.problems).toEqual([]);
    await screenshot(staffUi.page, 'voice-02-staff-chip');
  });

  it('closes the request after a confirmation, then opens it again', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Закрити запит' }).click();
    await status().filter({ hasText: 'Закрито/Вирішено' }).waitFor();
    await page.getByTestId('status-notice').filter({ hasText: 'Запит закрито.' }).waitFor();
    await screenshot(page, 'voice-03-closed');

    await page.getByRole('button', { name: 'Відкрити знову' }).click();
    await status().filter({ hasText: 'Очікує відповіді' }).waitFor();
    await page.getByRole('button', { name: 'Закрити запит' }).waitFor();
    await screenshot(page, 'voice-04-reopened');
  });

  it('leaves the request open when the confirmation is declined', async () => {
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Закрити запит' }).click();
    await page.getByTestId('refresh').click();
    await status().filter({ hasText: 'Очікує відповіді' }).waitFor();
  });
});

/** The same in English (the portal's second language, chosen with its switch and remembered). */
describe('the participant\'s voice in English (issue 19)', () => {
  const participant = { name: 'Market participant', email: 'voice_en_partner@oree.com.ua', subject: 'Rating a reply', message: 'The application is not signed.' };
  const staffReply = 'Please reinstall the certificate and try again.';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let trackingId = '';

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    trackingId = await answeredRequest(participant, staffReply);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('asks "Was this reply helpful?", thanks once answered, and closes and reopens the request', async () => {
    await page.goto(`/ticket?track=${trackingId}&e=${encodeURIComponent(participant.email)}`);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await until(() => page.locator('html').getAttribute('lang'), (lang) => lang === 'en')).toBe('en');
    const reply = page.locator('[data-author="staff"]').filter({ hasText: staffReply });
    await reply.getByText('Was this reply helpful?').waitFor();
    await reply.getByRole('button', { name: 'No' }).click();
    await reply.getByTestId('rating-thanks').filter({ hasText: 'Thank you for your rating' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toBe('Close this request? If the problem remains, you can reopen it.');
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Close request' }).click();
    await page.getByTestId('detail-status').filter({ hasText: 'Closed/Resolved' }).waitFor();
    await page.getByTestId('status-notice').filter({ hasText: 'The request is closed.' }).waitFor();
    await screenshot(page, 'voice-en-01-closed');
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByTestId('detail-status').filter({ hasText: 'Waiting reply' }).waitFor();
    await page.getByTestId('status-notice').filter({ hasText: 'The request is reopened.' }).waitFor();
  });
});
