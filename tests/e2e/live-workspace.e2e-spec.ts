import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CSRF_HEADER, PRESENCE_REPEAT_MS, type CreateTicketResponse, type StaffSessionView } from '@pidtrymka/contracts';
import { launchChromium, newContext, screenshot, seriousAxeViolations } from './support/browser';
import { submitRequest } from './support/requests';

const base = () => process.env.E2E_BASE_URL!;
const run = randomBytes(3).toString('hex');
const COLLEAGUE = { email: `olena-${run}@support.test`, password: `Live-${randomBytes(9).toString('base64url')}`, name: 'Олена Чергова' };
const PARTICIPANT = { name: 'Живий контрагент', email: `live-${run}@client.test` };

async function submit(subject: string): Promise<CreateTicketResponse> {
  return submitRequest({ ...PARTICIPANT, subject, message: 'Доброго дня! Телефон 0999999999.' });
}

async function participantReply(trackingId: string, message: string): Promise<void> {
  const response = await fetch(`${base()}/api/tickets/${trackingId}/replies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: PARTICIPANT.email, message }) });
  if (response.status !== 201) throw new Error(`reply: ${response.status} ${await response.text()}`);
}

/** The admin of the e2e set-up adds a colleague, as the accounts page does. */
async function addColleague(): Promise<void> {
  const signIn = await fetch(`${base()}/api/staff/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: process.env.E2E_STAFF_EMAIL, password: process.env.E2E_STAFF_PASSWORD }) });
  const session = (await signIn.json()) as StaffSessionView;
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
  const created = await fetch(`${base()}/api/staff/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, [CSRF_HEADER]: session.csrfToken },
    body: JSON.stringify({ ...COLLEAGUE, role: 'admin' }),
  });
  if (created.status !== 201) throw new Error(`POST /api/staff/accounts: ${created.status} ${await created.text()}`);
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/admin');
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('queue-table').or(page.getByTestId('queue-empty')).first().waitFor();
}

jest.setTimeout(150_000);

/**
 * Issue 17: two support engineers in two browsers. The queue tells of a new request without a
 * reload; on an open request each sees the other viewing and typing, a colleague's reply raises
 * the collision warning before sending, and a participant's reply appears by itself.
 */
describe('the live workspace in Chromium (issue 17)', () => {
  let browser: Browser;
  let mine: { context: BrowserContext; page: Page; problems: string[] };
  let theirs: { context: BrowserContext; page: Page; problems: string[] };

  beforeAll(async () => {
    browser = await launchChromium();
    await addColleague();
    mine = await newContext(browser);
    theirs = await newContext(browser);
    await signIn(mine.page, process.env.E2E_STAFF_EMAIL!, process.env.E2E_STAFF_PASSWORD!);
    await signIn(theirs.page, COLLEAGUE.email, COLLEAGUE.password);
  });
  afterAll(async () => {
    await mine?.context.close();
    await theirs?.context.close();
    await browser?.close();
  });

  it('the queue says a request came in, and shows it on request', async () => {
    const page = mine.page;
    await page.goto('/admin/tickets');
    await page.getByTestId('queue-table').or(page.getByTestId('queue-empty')).first().waitFor();
    const { trackingId } = await submit(`Живий запит ${run}`);
    const bar = page.getByTestId('queue-live-bar');
    await bar.filter({ hasText: 'У черзі зміни: 1 запит' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'live-01-queue-bar');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('queue-live-show').click();
    await page.locator(`[data-testid="queue-row"][data-tracking-id="${trackingId}"]`).waitFor();
    await expect(bar.count()).resolves.toBe(0);
  });

  it('shows a colleague viewing and typing, warns of their reply before sending, and brings the participant\'s reply', async () => {
    const { trackingId } = await submit(`Спільний запит ${run}`);
    await mine.page.goto(`/admin/tickets/${trackingId}`);
    await mine.page.getByTestId('ticket-tracking-id').filter({ hasText: trackingId }).waitFor();
    await theirs.page.goto(`/admin/tickets/${trackingId}`);
    await theirs.page.getByTestId('ticket-tracking-id').filter({ hasText: trackingId }).waitFor();

    const presence = mine.page.getByTestId('presence');
    await presence.filter({ hasText: `${COLLEAGUE.name} переглядає` }).waitFor({ timeout: 15_000 });
    await theirs.page.getByTestId('presence').filter({ hasText: `${process.env.E2E_STAFF_NAME} переглядає` }).waitFor({ timeout: 15_000 });

    await mine.page.getByTestId('reply-body').fill('Моя чернетка відповіді');
    await theirs.page.getByTestId('reply-body').fill('Відповідь колеги');
    await presence.filter({ hasText: `${COLLEAGUE.name} пише відповідь` }).waitFor({ timeout: 15_000 });
    await screenshot(mine.page, 'live-02-presence');
    // Writing is a state while the draft is there, not a keystroke: the colleague's periodic repeat keeps it.
    await mine.page.waitForTimeout(PRESENCE_REPEAT_MS + 1_000);
    await expect(presence.textContent()).resolves.toContain(`${COLLEAGUE.name} пише відповідь`);

    await theirs.page.getByTestId('send').click();
    const warning = mine.page.getByTestId('collision-warning');
    await warning.filter({ hasText: 'Відповідь колеги' }).waitFor({ timeout: 15_000 });
    // Nothing was sent from this page, and the draft is still there.
    await expect(mine.page.getByTestId('reply-body').inputValue()).resolves.toBe('Моя чернетка відповіді');
    await screenshot(mine.page, 'live-03-collision');

    // The draft is still there: what the participant writes now joins the warning.
    await participantReply(trackingId, 'Дякую, чекаю');
    await warning.getByTestId('collision-message').filter({ hasText: 'Дякую, чекаю' }).waitFor({ timeout: 15_000 });
    // With nothing being written, a participant's reply simply appears, and is announced.
    await mine.page.getByTestId('reply-body').fill('');
    await participantReply(trackingId, 'Ще одне уточнення');
    await mine.page.getByTestId('message').filter({ hasText: 'Ще одне уточнення' }).waitFor({ timeout: 15_000 });
    await mine.page.getByTestId('ticket-notice').filter({ hasText: 'Учасник щойно відповів' }).waitFor();
    await expect(warning.getByTestId('collision-message').filter({ hasText: 'Ще одне уточнення' }).count()).resolves.toBe(0);
    expect(await seriousAxeViolations(mine.page)).toEqual([]);

    await mine.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(mine.page, 'live-04-phone');
    expect([...mine.problems, ...theirs.problems]).toEqual([]);
  });
});
