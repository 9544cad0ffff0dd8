import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, screenshot, seriousAxeViolations } from './support/browser';
import { answeredRequest, submitRequest } from './support/requests';
import { staffViaUi, StaffUi } from './support/staff-ui';

/**
 * Issue 19 (accountability), satisfaction after closing, in a real browser and in Ukrainian: the closed
 * request's page (the closed e-mail's link) asks for 1–5 stars and a comment, by keyboard, once; the
 * thank-you stays after a reload; the support engineer sees the stars and the comment, as text.
 */
jest.setTimeout(150_000);

describe('satisfaction after closing in Chromium (issue 19)', () => {
  const participant = { name: 'Тестовий контрагент', email: 'satisfied_partner@oree.com.ua', subject: 'Оцінка закриття', message: 'Не підписується заявка.' };
  const comment = 'Швидко <b>вирішили</b>, дякую!';

  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let staffUi: StaffUi;
  let trackingId = '';

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    staffUi = await staffViaUi(browser, { shots: 'satisfaction-staff' });
    trackingId = await answeredRequest(participant, 'Перевстановіть сертифікат.', { close: true });
    // An open request too: the staff sign-in lands on a queue that shows its table (open requests only) when it has one.
    await submitRequest(participant);
  });
  afterAll(async () => {
    await staffUi?.context.close();
    await context?.close();
    await browser?.close();
  });
  afterEach(async () => {
    await screenshot(page, 'satisfaction-last-step');
    expect(problems).toEqual([]);
  });

  const form = () => page.getByTestId('satisfaction');

  it('asks on the closed request\'s page: a labelled group of five stars, chosen by keyboard, and a comment', async () => {
    await page.goto(`/ticket?track=${trackingId}&e=${encodeURIComponent(participant.email)}#satisfaction`);
    await form().getByText('Оцініть, як ми впоралися з вашим запитом').waitFor();
    const group = form().getByRole('group', { name: 'Оцінка від 1 до 5 зірок' });
    await group.waitFor();
    expect(await group.getByRole('radio').count()).toBe(5);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Sending without stars says what is missing.
    await form().getByRole('button', { name: 'Надіслати оцінку' }).click();
    await form().getByTestId('satisfaction-error').filter({ hasText: 'Оберіть оцінку від 1 до 5.' }).waitFor();

    // One tab stop; the arrows move through the stars (2, 3, 4).
    await group.getByRole('radio', { name: /^2 з 5/ }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="satisfaction-stars"]:checked')?.value === '4');
    expect(await group.getByRole('radio', { name: /^4 з 5/ }).isChecked()).toBe(true);
    await form().getByLabel('Коментар (за бажанням)').fill(comment);
    await screenshot(page, 'satisfaction-01-chosen');
    await form().getByRole('button', { name: 'Надіслати оцінку' }).click();

    await form().getByTestId('satisfaction-thanks').filter({ hasText: 'Дякуємо за вашу оцінку!' }).waitFor();
    await form().getByTestId('satisfaction-answer').filter({ hasText: 'Ваша оцінка: 4 з 5' }).waitFor();
    // The comment is text: its markup shows as written, nothing is rendered from it.
    expect(await form().getByTestId('satisfaction-comment').textContent()).toBe(comment);
    expect(await form().locator('b').count()).toBe(0);
    expect(await form().getByRole('radio').count()).toBe(0);
    await screenshot(page, 'satisfaction-02-thanks');
  });

  it('does not ask again for the same closing after a reload', async () => {
    await page.reload();
    await form().getByTestId('satisfaction-thanks').waitFor();
    expect(await form().getByRole('radio').count()).toBe(0);
  });

  it('shows the support engineer the stars and the comment on the request', async () => {
    await staffUi.signIn();
    await staffUi.page.goto(`/admin/tickets/${trackingId}`);
    const answer = staffUi.page.getByTestId('ticket-satisfaction').getByTestId('satisfaction-answer');
    await answer.filter({ hasText: '4 з 5' }).waitFor();
    expect(await answer.getByTestId('satisfaction-comment').textContent()).toBe(comment);
    expect(staffUi.problems).toEqual([]);
    await screenshot(staffUi.page, 'satisfaction-03-staff');
  });
});
