import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { fileSamples } from '../../apps/api/src/testing/file-samples';
import { launchChromium, newContext, screenshot, seriousAxeViolations, until } from './support/browser';
import { signInToWorkspace } from './support/staff-ui';

const participant = { name: 'Тестовий контрагент', email: 'previews@client.test', subject: 'Скриншот і акт', message: 'Додаю скриншот помилки й акт.' };

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/** Whether an <img> has loaded a real picture (the API served it inline and the page's CSP let it in). */
const loadedWidth = (image: Locator) => image.evaluate((element: HTMLImageElement) => (element.complete ? element.naturalWidth : 0));
const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/**
 * Issue 17, attachment previews in Chromium, on the participant's page and in the workspace (the one
 * conversation component): an image as a thumbnail that opens a viewer, closed by Escape with the
 * focus back on the thumbnail; a PDF in a frame sandboxed without scripts; no CSP violation.
 */
describe('attachment previews in the browser (issue 17)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let trackingId: string;
  let textTrackingId: string;

  async function submit(files: Record<string, Buffer>): Promise<string> {
    const form = new FormData();
    for (const [key, value] of Object.entries(participant)) form.append(key, value);
    for (const [name, content] of Object.entries(files)) form.append('attachments', new Blob([new Uint8Array(content)]), name);
    const response = await fetch(`${process.env.E2E_BASE_URL}/api/tickets`, { method: 'POST', body: form });
    if (response.status !== 201) throw new Error(`POST /api/tickets: ${response.status} ${await response.text()}`);
    return (await response.json()).trackingId;
  }

  beforeAll(async () => {
    trackingId = await submit({ 'скриншот.png': fileSamples.png, 'акт.pdf': fileSamples.pdf });
    textTrackingId = await submit({ 'журнал.txt': Buffer.from('<b>Рядок журналу</b>\n'), 'договір.docx': fileSamples.docx });
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    ({ context, page, problems } = await newContext(browser));
  });
  afterEach(async () => {
    await context?.close();
    expect(problems).toEqual([]);
  });

  async function checkPreviews(shot: string): Promise<void> {
    const thumb = page.getByTestId('attachment-thumb');
    await thumb.waitFor();
    const image = thumb.getByRole('img', { name: 'скриншот.png' });
    expect(await image.getAttribute('loading')).toBe('lazy');
    expect(await until(() => loadedWidth(image), (width) => width > 0)).toBe(1);
    // Neither a thumbnail nor a viewer for the PDF: a button that opens it framed.
    expect(await page.locator('[data-testid="attachment"][data-preview="pdf"] [data-testid="attachment-thumb"]').count()).toBe(0);

    await thumb.click();
    const viewer = page.getByTestId('attachment-viewer');
    await viewer.waitFor();
    expect(await viewer.getAttribute('data-preview')).toBe('image');
    expect(await until(() => loadedWidth(page.getByTestId('viewer-image')), (width) => width > 0)).toBe(1);
    await screenshot(page, `${shot}-image`);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await until(() => focusedTestId(page), (id) => id === 'attachment-thumb')).toBe('attachment-thumb');

    await page.getByTestId('attachment-view').click();
    const frame = page.getByTestId('viewer-frame');
    await frame.waitFor();
    expect(await viewer.getAttribute('data-preview')).toBe('pdf');
    // Sandboxed by the response's policy (Chromium draws no PDF in a frame with the sandbox attribute).
    const src = (await frame.getAttribute('src'))!;
    expect(src).toMatch(/\/attachments\/[0-9a-f-]{36}\/preview(\?email=|$)/);
    const policy = (await page.context().request.get(src)).headers()['content-security-policy'];
    expect(policy).toMatch(/(^|;)\s*sandbox\s*(;|$)/);
    // Loaded, not replaced by Chromium's "blocked" page (chrome-error://), as a frame with the sandbox attribute is.
    const frameUrl = async () => (await (await frame.elementHandle())?.contentFrame())?.url() ?? '';
    expect(await until(frameUrl, (url) => url.includes('/preview'))).toContain('/preview');
    await screenshot(page, `${shot}-pdf`);
    await page.getByTestId('viewer-close').click();
    await viewer.waitFor({ state: 'detached' });
    expect(await until(() => focusedTestId(page), (id) => id === 'attachment-view')).toBe('attachment-view');
  }

  it('shows the participant a thumbnail that opens a viewer, and the PDF in a sandboxed frame', async () => {
    await page.goto(`/ticket?track=${trackingId}&e=${encodeURIComponent(participant.email)}`);
    await page.getByText(participant.message).waitFor();
    await checkPreviews('previews-portal');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('shows a text file as text in the sandboxed frame, markup and all, and anything else by its type and size', async () => {
    await page.goto(`/ticket?track=${textTrackingId}&e=${encodeURIComponent(participant.email)}`);
    await page.getByText(participant.message).waitFor();
    expect(await page.getByTestId('attachment-type').textContent()).toMatch(/^\(DOCX, \d+ Б\)$/);
    expect(await page.getByTestId('attachment-thumb').count()).toBe(0);
    await page.getByTestId('attachment-view').click();
    await page.getByTestId('viewer-frame').waitFor();
    const body = page.frameLocator('[data-testid="viewer-frame"]').locator('body');
    expect(await until(() => body.textContent().catch(() => ''), (text) => text!.includes('Рядок журналу'))).toContain('<b>Рядок журналу</b>');
    await page.keyboard.press('Escape');
    await page.getByTestId('attachment-viewer').waitFor({ state: 'detached' });
  });

  it('shows staff the same in the workspace', async () => {
    await signInToWorkspace(page);
    await page.goto(`/admin/tickets/${trackingId}`);
    await page.getByTestId('ticket-tracking-id').filter({ hasText: trackingId }).waitFor();
    await checkPreviews('previews-workspace');
  });
});
