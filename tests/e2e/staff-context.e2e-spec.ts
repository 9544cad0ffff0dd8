import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import type { CreateTicketResponse } from '@pidtrymka/contracts';
import { launchChromium, newContext, screenshot, seriousAxeViolations, until } from './support/browser';
import { signInToWorkspace } from './support/staff-ui';

const run = randomBytes(3).toString('hex');
const email = `context-${run}@participant.test`;

async function api(path: string, body: object): Promise<CreateTicketResponse> {
  const response = await fetch(`${process.env.E2E_BASE_URL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
const submit = (subject: string, message: string) => api('/api/tickets', { name: 'Учасник ринку', email, subject, message });

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/** Issue 17: unread markers, the participant's other requests and links in messages, in Chromium. */
describe("the request's context in the staff workspace (issue 17)", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let older: string;
  let current: string;
  const row = (trackingId: string) => page.locator(`[data-testid="queue-row"][data-tracking-id="${trackingId}"]`);

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    older = (await submit(`Старіший запит ${run}`, 'Перше питання.')).trackingId;
    current = (await submit(`Поточний запит ${run}`, 'Правила: https://example.com/rules?a=1&b=2, а це не посилання: javascript:alert(1) <b>жирний</b>')).trackingId;
    await signInToWorkspace(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('shows new requests as unread, in bold with a word for screen readers', async () => {
    await row(current).waitFor();
    expect(await row(current).getAttribute('data-unread')).toBe('true');
    expect(await row(current).getByTestId('queue-unread').textContent()).toContain('нове');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'queue-unread');
  });

  it("links the addresses support writes, never a participant's (12.7), and lists the participant's other request", async () => {
    await row(current).getByTestId('queue-open').click();
    const asked = page.getByTestId('message').filter({ hasText: 'Правила:' });
    await asked.waitFor();
    // The participant's words stay text: anyone can write under another's address, so a link there could be a phishing one.
    expect(await asked.getByTestId('message-body').locator('a').count()).toBe(0);
    expect(await asked.getByTestId('message-body').textContent()).toContain('https://example.com/rules?a=1&b=2');
    await page.getByTestId('reply-body').fill('Правила: https://example.com/rules?a=1&b=2, а це не посилання: javascript:alert(1) <b>жирний</b>');
    await page.getByTestId('send').click();
    const answered = page.getByTestId('message').filter({ hasText: 'Правила:' }).nth(1);
    const link = answered.getByTestId('message-body').locator('a[href="https://example.com/rules?a=1&b=2"]');
    await link.waitFor();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await answered.getByTestId('message-body').locator('a').count()).toBe(1);
    expect(await answered.getByTestId('message-body').textContent()).toContain('<b>жирний</b>');
    await page.getByTestId('participant-request').filter({ hasText: `Старіший запит ${run}` }).filter({ hasText: older }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'participant-requests');
  });

  it('a request opened is read; a participant reply marks it unread again as it arrives', async () => {
    await page.goto('/admin');
    await row(current).waitFor();
    expect(await row(current).getAttribute('data-unread')).toBe('false');
    await api(`/api/tickets/${current}/replies`, { email, message: 'Ще одне питання' });
    expect(await until(() => row(current).getAttribute('data-unread'), (unread) => unread === 'true')).toBe('true');
  });
});
