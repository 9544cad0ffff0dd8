import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CSRF_HEADER } from '@pidtrymka/contracts';
import { launchChromium, newContext, screenshot, seriousAxeViolations, until } from './support/browser';
import { waitForMail } from './support/mailbox';
import { signInToWorkspace, staffViaUi } from './support/staff-ui';

const run = randomBytes(3).toString('hex');
const domain = `shared-${run}.test`;
const AUTHOR = { name: 'Олена Авторка', email: `olena@${domain}` };
const COLLEAGUE = { name: 'Петро Колега', email: `petro@${domain}` };
const organisation = `ТОВ «Спільна ${run}»`;
const OUTSIDER = `auditor-${run}@outside.test`;
const shared = { subject: `Спільне питання ${run}`, trackingId: '' };
const privateOne = { subject: `Особисте питання ${run}`, trackingId: '' };

async function api<T>(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(`${process.env.E2E_BASE_URL}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return { body: (await response.json()) as T, headers: response.headers };
}

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/**
 * Issue 18, "Sharing, per request": Olena shares one request with her
 * organisation and keeps another to herself; Petro, her colleague, signs in by
 * the e-mailed link and sees the shared one (marked as hers) and not the
 * private one, opens it and replies under his own name.
 */
describe('a request shared with colleagues, in Chromium (issue 18)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    const signedIn = await api<{ csrfToken: string }>('POST', '/api/staff/auth/sign-in', { email: process.env.E2E_STAFF_EMAIL, password: process.env.E2E_STAFF_PASSWORD });
    const staff = { cookie: signedIn.headers.get('set-cookie')!.split(';')[0], [CSRF_HEADER]: signedIn.body.csrfToken };
    await api('POST', '/api/staff/organisations', { nameUk: organisation, emailDomains: [domain], contacts: [AUTHOR, COLLEAGUE] }, staff);
    const submit = async (subject: string, visibility?: string) =>
      (await api<{ trackingId: string }>('POST', '/api/tickets', { ...AUTHOR, subject, message: `${subject}: текст`, ...(visibility ? { visibility } : {}) })).body.trackingId;
    shared.trackingId = await submit(shared.subject, 'organisation');
    // No choice: the organisation's default, private.
    privateOne.trackingId = await submit(privateOne.subject);
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('the colleague, signed in by the e-mailed link, sees the shared request marked as Olena\'s, and not her private one', async () => {
    await page.goto('/my-requests');
    await page.getByTestId('mine-email').fill(COLLEAGUE.email);
    await page.getByTestId('mine-send-link').click();
    await page.getByTestId('mine-link-sent').waitFor();
    const mail = await waitForMail(COLLEAGUE.email, 'Вхід до ваших запитів');
    await page.goto(/https?:\/\/\S+\/my-requests\/sign-in#[A-Za-z0-9_-]+/.exec(mail.text)![0]);
    await page.getByTestId('sign-in-button').click();
    await page.getByTestId('mine-who').filter({ hasText: COLLEAGUE.email }).waitFor();
    const rows = page.getByTestId('mine-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await page.getByTestId('mine-open').innerText()).toBe(shared.subject);
    expect(await page.getByTestId('mine-colleague').innerText()).toBe(`Запит колеги: ${AUTHOR.name}`);
    expect(await page.getByText(privateOne.subject).count()).toBe(0);
    await screenshot(page, 'request-sharing-01-colleague-list');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('opens it, sees whose it is, and replies under his own name; the private one, asked for by its ID, is not found', async () => {
    await page.getByTestId('mine-open').click();
    await page.getByTestId('ticket-subject').filter({ hasText: shared.subject }).waitFor();
    await page.getByTestId('colleague-notice').filter({ hasText: AUTHOR.name }).waitFor();
    // The author's own controls are not his.
    expect(await page.getByTestId('close-ticket').count()).toBe(0);
    expect(await page.getByTestId('visibility').count()).toBe(0);
    await page.getByTestId('reply-message').fill('Доповнення від колеги');
    await page.getByTestId('reply-submit').click();
    await page.getByTestId('reply-notice').filter({ hasText: /\S/ }).waitFor();
    await page.getByTestId('messages').filter({ hasText: 'Доповнення від колеги' }).waitFor();
    expect(await page.getByTestId('messages').innerText()).toContain(COLLEAGUE.name);
    await screenshot(page, 'request-sharing-02-colleague-request');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.goto(`/ticket?track=${privateOne.trackingId}`);
    await page.getByTestId('ticket-error').waitFor();
    expect(await page.getByText(privateOne.subject).count()).toBe(0);
  });

  it('Olena, signed in, makes the request hers alone; Petro loses it at once', async () => {
    const author = await newContext(browser);
    try {
      await author.page.goto('/my-requests');
      await author.page.getByTestId('mine-email').fill(AUTHOR.email);
      await author.page.getByTestId('mine-send-link').click();
      await author.page.getByTestId('mine-link-sent').waitFor();
      const mail = await waitForMail(AUTHOR.email, 'Вхід до ваших запитів');
      await author.page.goto(/https?:\/\/\S+\/my-requests\/sign-in#[A-Za-z0-9_-]+/.exec(mail.text)![0]);
      await author.page.getByTestId('sign-in-button').click();
      await author.page.getByTestId('mine-open').filter({ hasText: shared.subject }).click();
      await author.page.getByTestId('visibility').filter({ hasText: `Видно колегам з ${organisation}` }).waitFor();
      expect(await author.page.getByTestId('visibility-organisation').isChecked()).toBe(true);
      await author.page.getByTestId('visibility-private').check();
      await author.page.getByText('Тепер запит видно лише вам.').waitFor({ state: 'attached' });
      // Issue 18, "Colleagues in copy": the author ticks a colleague, who then gets the author's e-mails.
      await author.page.getByTestId(`copy-${COLLEAGUE.email}`).check();
      await author.page.getByText('Колегу додано в копію.').waitFor({ state: 'attached' });
      expect(await author.page.getByTestId(`copy-${COLLEAGUE.email}`).isChecked()).toBe(true);
      // An address outside the organisation waits for an admin, and the author is told so.
      await author.page.getByTestId('copy-other-input').fill(OUTSIDER);
      await author.page.getByTestId('copy-other-add').click();
      await author.page.getByTestId(`copy-other-${OUTSIDER}`).filter({ hasText: 'Чекає на схвалення адміністратором' }).waitFor();
      expect(await author.page.getByTestId(`copy-${COLLEAGUE.email}`).isChecked()).toBe(true);
      await screenshot(author.page, 'request-sharing-03-author-switch');
      expect(await seriousAxeViolations(author.page)).toEqual([]);
      expect(author.problems).toEqual([]);
    } finally {
      await author.context.close();
    }
    await page.goto(`/ticket?track=${shared.trackingId}`);
    await page.getByTestId('ticket-error').waitFor();
    await page.goto('/my-requests');
    await page.getByTestId('mine-empty').waitFor();
  });

  it('the workspace shows staff who sees the request now: Olena alone, Petro in copy', async () => {
    const staff = await staffViaUi(browser, { shots: 'request-sharing-staff' });
    try {
      await staff.signIn();
      await staff.page.goto(`/admin/tickets/${shared.trackingId}`);
      await staff.page.getByTestId('ticket-tracking-id').filter({ hasText: shared.trackingId }).waitFor();
      await staff.page.getByTestId('ticket-visibility').filter({ hasText: 'Лише автору' }).waitFor();
      expect(await staff.page.getByTestId('ticket-copy').allInnerTexts()).toEqual([`${COLLEAGUE.name} <${COLLEAGUE.email}>`]);
      await screenshot(staff.page, 'request-sharing-04-staff-sharing');
      expect(await seriousAxeViolations(staff.page)).toEqual([]);
      expect(staff.problems).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });

  it('an admin sees the outside address in copy waiting, and approves it (issue 18)', async () => {
    const admin = await newContext(browser);
    try {
      await signInToWorkspace(admin.page, 'nav-copies');
      await admin.page.getByTestId('nav-copies').click();
      const row = admin.page.getByTestId('pending-copy').filter({ hasText: OUTSIDER });
      await row.filter({ hasText: shared.trackingId }).waitFor();
      await screenshot(admin.page, 'request-sharing-05-copies-to-approve');
      expect(await seriousAxeViolations(admin.page)).toEqual([]);
      await row.getByTestId('copy-approve').click();
      await admin.page.getByText(`${OUTSIDER} схвалено`).waitFor({ state: 'attached' });
      await until(() => row.count(), (n) => n === 0);
      expect(admin.problems).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });

  it('on the submit form, signed in, the choice names his organisation', async () => {
    await page.goto('/submit');
    await page.getByTestId('email').fill(COLLEAGUE.email);
    await page.getByTestId('visibility').filter({ hasText: `Видно колегам з ${organisation}` }).waitFor();
    // Another address typed: the generic choice, naming nothing.
    await page.getByTestId('email').fill(`someone@${domain}`);
    await page.getByTestId('visibility').filter({ hasText: 'Видно колегам з моєї організації' }).waitFor();
    expect(problems).toEqual([]);
  });
});
