import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import type { CreateTicketResponse } from '@pidtrymka/contracts';
import { launchChromium, newContext, seriousAxeViolations, until } from './support/browser';
import { signInToWorkspace } from './support/staff-ui';
import { submitRequest } from './support/requests';

const run = randomBytes(3).toString('hex');

async function submit(subject: string): Promise<CreateTicketResponse> {
  return submitRequest({ name: 'Учасник ринку', email: `drafts-${run}@participant.test`, subject, message: 'Доброго дня, маю питання.' });
}

// A real browser on a machine shared with other work: steps get room.
jest.setTimeout(150_000);

/** Issue 17 ("never lose typing"): the reply and the note survive a reload, and go once sent. */
describe('reply and note drafts in the staff workspace (issue 17)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let trackingId: string;
  const body = () => page.getByTestId('reply-body');
  const openTicket = async () => {
    await page.goto(`/admin/tickets/${trackingId}`);
    await page.getByTestId('ticket-tracking-id').filter({ hasText: trackingId }).waitFor();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser));
    trackingId = (await submit(`Чернетки ${run}`)).trackingId;
    await signInToWorkspace(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  it('keeps the reply and the note apart, says so quietly, and gives both back after a reload', async () => {
    await openTicket();
    await body().fill('Доброго дня! Відповідь, яку я ще пишу.');
    await page.getByTestId('draft-status').filter({ hasText: 'Чернетку збережено' }).waitFor();
    expect(await page.getByTestId('draft-status').getAttribute('aria-live')).toBe('polite');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByTestId('mode-note').click();
    // The page renders a change after the click's events (zoneless): read it once it has.
    expect(await until(() => body().inputValue(), (v) => v === '')).toBe('');
    // Typed and left at once: the page going away saves it.
    await body().fill('Нотатка для колег');
    await page.reload();
    await page.getByTestId('ticket-tracking-id').filter({ hasText: trackingId }).waitFor();
    const reply = 'Доброго дня! Відповідь, яку я ще пишу.';
    expect(await until(() => body().inputValue(), (v) => v === reply)).toBe(reply);
    await page.getByTestId('mode-note').click();
    expect(await until(() => body().inputValue(), (v) => v === 'Нотатка для колег')).toBe('Нотатка для колег');
  });

  it('clears the draft once it is sent', async () => {
    await page.getByTestId('mode-reply').click();
    await page.getByTestId('send').click();
    await page.getByTestId('message').filter({ hasText: 'Відповідь, яку я ще пишу' }).waitFor();
    await openTicket();
    // The note is still there; the reply is gone.
    await page.getByTestId('mode-note').click();
    expect(await until(() => body().inputValue(), (v) => v === 'Нотатка для колег')).toBe('Нотатка для колег');
    await page.getByTestId('mode-reply').click();
    expect(await until(() => body().inputValue(), (v) => v === '')).toBe('');
  });
});
