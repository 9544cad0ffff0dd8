import { Browser, BrowserContext, Page } from 'playwright-core';
import { TRACKING_ID_PATTERN } from '@pidtrymka/contracts';
import { launchChromium, newContext, screenshot, seriousAxeViolations } from './support/browser';
import { StaffSteps } from './support/staff';
import { staffViaUi } from './support/staff-ui';

/**
 * The manual's story in a real browser, step by step (sections 1.1–1.7): read an article, submit
 * a request, keep the tracking ID, view it, get the support engineer's reply, answer with the
 * signed file, see it closed. The support engineer's steps go through `StaffSteps`.
 */
// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

describe('the participant\'s story in Chromium (manual 1.1–1.7)', () => {
  const participant = {
    name: 'Тестовий контрагент',
    email: 'test_partner@oree.com.ua',
    subject: 'Проблема з підписом заявки',
    message: 'Доброго дня, назва компанії: ПП "ХВИЛЯ"\nНомер телефону: 0999999999\nПід час підписання видає помилку невалідний сертифікат.',
  };
  const staffReply = 'Будь ласка перевірте ваш підпис за посиланням https://czo.gov.ua/sign та надішліть тестовий підписаний файл у відповідь на дане повідомлення.';
  const participantAnswer = 'Направляю вам підписаний файл у вкладенні.';

  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let staff: StaffSteps;
  let trackingId = '';

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    // The support engineer works in the staff workspace, in a browser context of their own.
    staff = await staffViaUi(browser);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(async () => {
    // The page as the step left it, for when a step fails.
    await screenshot(page, 'story-last-step');
    // Scripts refused by the CSP or failing in the page would show here first.
    expect(problems).toEqual([]);
  });

  const status = () => page.getByTestId('detail-status');

  it('1.1 opens the portal in Ukrainian with the two buttons and the knowledge base (R-SUB-1, R-KB-1)', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: /Надіслати запит/ }).waitFor();
    await page.getByRole('link', { name: /Переглянути існуючий запит/ }).waitFor();
    await page.getByRole('heading', { name: 'База знань' }).waitFor();
    await page.getByRole('link', { name: 'Неможливість доступу до платформи XMtrade' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('uk');
    await screenshot(page, '01-home');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('1.1 searches the knowledge base and reads an article (R-KB-1)', async () => {
    await page.getByRole('searchbox', { name: 'Пошук у базі знань' }).fill('cookie');
    await page.getByRole('button', { name: 'Шукати' }).click();
    await page.getByRole('heading', { name: /Результати пошуку «cookie»/ }).waitFor();
    await page.getByRole('link', { name: 'Очистка файлів cookie та кешованого вмісту браузеру' }).click();
    await page.getByTestId('article-title').filter({ hasText: 'Очистка файлів cookie та кешованого вмісту браузеру' }).waitFor();
    expect(await page.locator('article .body').innerText()).not.toBe('');
    await screenshot(page, '02-article');
  });

  it('1.2 opens the form, shows its limits, suggests articles for the subject and errors inline (R-SUB-2, R-SUB-6, R-KB-3)', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: /Надіслати запит/ }).click();
    await page.getByRole('heading', { name: 'Надіслати запит' }).waitFor();
    await page.getByText('Максимум 2 вкладень').waitFor();
    expect(await page.title()).toBe('Надіслати запит — Технічна підтримка');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByTestId('subject').fill('XMtrade');
    const suggestions = page.locator('#suggestions');
    await suggestions.getByText('Можливо, відповідь уже є в базі знань:').waitFor();
    expect(await suggestions.getByRole('link').count()).toBeGreaterThan(0);
    await screenshot(page, '03-submit-suggestions');

    await page.getByTestId('subject').fill('');
    await page.getByTestId('submit').click();
    await page.getByText('Виправте помилки у формі.').waitFor();
    expect(await page.getByText('Заповніть це поле.').count()).toBe(4);
    await page.getByTestId('email').fill('not-an-address');
    await page.getByText('Введіть правильну електронну адресу.').waitFor();
    await screenshot(page, '04-submit-errors');
  });

  it('1.2–1.3 submits the request and shows the tracking ID with the spam-folder note (R-SUB-4)', async () => {
    // Suggestions for the subject appear under it and move the button down: let them arrive before clicking.
    const suggested = page.waitForResponse((response) => response.url().includes('/api/kb/suggest'));
    await page.getByTestId('subject').fill(participant.subject);
    await suggested;
    await page.getByTestId('name').fill(participant.name);
    await page.getByTestId('email').fill(participant.email);
    await page.getByTestId('message').fill(participant.message);
    await screenshot(page, '05-submit-filled');
    await page.getByTestId('submit').click();

    await page.getByRole('heading', { name: 'Запит надіслано' }).waitFor();
    await page.getByText('Ваш запит успішно надіслано. Ідентифікатор:').waitFor();
    trackingId = (await page.getByTestId('tracking-id').innerText()).trim();
    expect(trackingId).toMatch(TRACKING_ID_PATTERN);
    await page.getByText('Немає електронного листа з підтвердженням?').waitFor();
    await page.getByText(/перевірте папки "Небажана", "Масова" або "Спам"/).waitFor();
    await screenshot(page, '06-confirmation');
  });

  it('1.3 views the request: the conversation and the details panel (R-VIEW-1, R-VIEW-2)', async () => {
    await page.getByRole('link', { name: 'Перегляд вашого запиту' }).click();
    await page.getByTestId('ticket-subject').filter({ hasText: participant.subject }).waitFor();
    expect(new URL(page.url()).searchParams.get('track')).toBe(trackingId);
    expect(new URL(page.url()).searchParams.get('e')).toBe(participant.email);

    const first = page.locator('[data-author="participant"]').first();
    await first.getByText('менше хвилини тому').waitFor();
    expect(await first.innerText()).toContain(`Ім'я: ${participant.name}`);
    expect(await first.innerText()).toContain(`Ел. адреса: ${participant.email}`);
    expect(await first.locator('.body').innerText()).toBe(participant.message);

    expect(await page.getByTestId('detail-tracking-id').innerText()).toBe(trackingId);
    expect(await status().innerText()).toBe('Новий');
    expect(await page.getByTestId('detail-last-reply-by').innerText()).toBe(participant.name);
    expect(await page.getByTestId('detail-replies').innerText()).toBe('0');
    expect(await page.locator('aside').innerText()).toMatch(/Створено:\s*\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    await page.getByText('Звичайне звернення').waitFor();
    await screenshot(page, '07-request-new');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('1.6 a support engineer signs in and replies; the participant refreshes and sees it, status Replied (R-STAFF-1, R-VIEW-2)', async () => {
    await staff.signIn();
    await staff.reply(trackingId, staffReply);

    await page.getByRole('button', { name: 'Оновити цю сторінку' }).click();
    const reply = page.locator('[data-author="staff"]');
    await reply.getByText(staffReply).waitFor();
    expect(await reply.innerText()).toContain(staff.name);
    await status().filter({ hasText: 'Відповідь надіслано' }).waitFor();
    expect(await page.getByTestId('detail-last-reply-by').innerText()).toBe(staff.name);
    expect(await page.getByTestId('detail-replies').innerText()).toBe('1');
    await screenshot(page, '08-request-replied');
  });

  it('1.6 the participant answers with the signed file attached (R-VIEW-5, R-SUB-6)', async () => {
    await page.getByTestId('reply-message').fill(participantAnswer);
    const signedFile = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x06, 0x09, 0x2a, 0x86, 0x48]);
    await page.getByTestId('attachments').last().setInputFiles({ name: 'test1.docx.p7s', mimeType: 'application/pkcs7-signature', buffer: signedFile });
    await page.getByText('test1.docx.p7s').first().waitFor();
    await page.getByTestId('reply-submit').click();

    const answer = page.locator('[data-author="participant"]').filter({ hasText: participantAnswer });
    await answer.waitFor();
    const link = answer.getByRole('link', { name: /test1\.docx\.p7s/ });
    await link.waitFor();
    await status().filter({ hasText: 'Очікує відповіді' }).waitFor();
    expect(await page.getByTestId('reply-message').inputValue()).toBe('');

    // The file comes back as a download, byte for byte (R-SUB-6).
    const download = await page.request.get((await link.getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment/);
    expect(Buffer.from(await download.body())).toEqual(signedFile);
    await screenshot(page, '09-request-answered');
  });

  it('1.7 the support engineer closes it and the participant sees it closed (R-CLOSE-1)', async () => {
    await staff.close(trackingId);
    await page.getByRole('button', { name: 'Оновити цю сторінку' }).click();
    await status().filter({ hasText: 'Закрито/Вирішено' }).waitFor();
    await page.getByTestId('closed-note').waitFor();
    await screenshot(page, '10-request-closed');
  });

  it('1.4 finds the request again by tracking ID and e-mail, and remembers the e-mail when asked (R-VIEW-3)', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: /Переглянути існуючий запит/ }).click();
    await page.getByTestId('view-tracking-id').fill(trackingId.toLowerCase());
    await page.getByTestId('view-email').fill(participant.email);
    await page.getByText('Пам\'ятати мою електронну адресу').click();
    await screenshot(page, '11-view-existing');
    await page.getByRole('button', { name: 'Переглянути запит' }).click();
    await page.getByTestId('ticket-subject').filter({ hasText: participant.subject }).waitFor();

    await page.goto('/view');
    await page.getByTestId('view-tracking-id').waitFor();
    expect(await page.getByTestId('view-email').inputValue()).toBe(participant.email);
  });

  it('shows nothing of a request to someone with the wrong e-mail (R-VIEW-3)', async () => {
    await page.goto(`/ticket?track=${trackingId}&e=${encodeURIComponent('stranger@example.com')}`);
    await page.getByTestId('ticket-error').filter({ hasText: 'Запит не знайдено. Перевірте ідентифікатор запиту та електронну адресу.' }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(participant.subject);
    expect(text).not.toContain(participant.name);
    expect(await page.getByTestId('messages').count()).toBe(0);
    await screenshot(page, '12-wrong-email');
  });

  it('sends the forgotten tracking IDs to the e-mail address, whoever asks (R-VIEW-4)', async () => {
    await page.goto('/view');
    await page.getByRole('link', { name: 'Забули ідентифікатор відстеження?' }).click();
    await page.getByTestId('forgot-email').fill(participant.email);
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('forgot-done').filter({ hasText: participant.email }).waitFor();
    await screenshot(page, '13-forgot-tracking-id');
  });
});
