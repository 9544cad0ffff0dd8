import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { makeSignatureFixtures, SIGNATURE_INSPECTOR_PACKAGE, SignatureFixtures } from '../../apps/api/src/testing/signature-fixtures';
import { ApiProcess, startApiInstance } from './support/api-process';
import { launchChromium, newContext, screenshot } from './support/browser';
import { signInToWorkspace } from './support/staff-ui';

const participant = { name: 'Тестовий контрагент', email: 'signed@client.test', subject: 'Підписаний договір', message: 'Надсилаємо договір, підписаний КЕП.' };

/**
 * Issue 20 in Chromium: a participant sends signed files; the e-signature inspector runs on an API
 * instance that has it (PLUGINS by path, ATTACHMENT_INSPECTORS=signatures), and staff see a panel per
 * signed file in Ukrainian and English; the participant's page shows who signed.
 */
describe('qualified e-signatures on the request pages (issue 20)', () => {
  let api: ApiProcess;
  let dir: string;
  let fixtures: SignatureFixtures;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let trackingId: string;

  beforeAll(async () => {
    fixtures = await makeSignatureFixtures();
    dir = await mkdtemp(join(tmpdir(), 'kep-e2e-'));
    await writeFile(join(dir, 'CACertificates.p7b'), fixtures.trustList);
    api = await startApiInstance({
      PLUGINS: SIGNATURE_INSPECTOR_PACKAGE,
      ATTACHMENT_INSPECTORS: 'signatures',
      SIGNATURE_TRUST_LIST: join(dir, 'CACertificates.p7b'),
      ATTACHMENT_MAX_COUNT: '4',
      // The instance delivers the events its own requests write, and with them the inspections.
      OUTBOX_WORKER_ENABLED: 'true',
      EVENT_POLL_MS: '200',
    });
    const form = new FormData();
    for (const [key, value] of Object.entries(participant)) form.append(key, value);
    const file = (content: Buffer, name: string) => form.append('attachments', new Blob([new Uint8Array(content)]), name);
    file(fixtures.document, 'dogovir.pdf');
    file(fixtures.rsaDetached, 'dogovir.pdf.p7s');
    file(fixtures.unknownCa, 'akt.pdf.p7s');
    file(fixtures.dstu, 'dstu.pdf.p7s');
    const response = await fetch(`${api.baseUrl}/api/tickets`, { method: 'POST', body: form });
    if (response.status !== 201) throw new Error(`POST /api/tickets: ${response.status} ${await response.text()}`);
    trackingId = (await response.json()).trackingId;
    browser = await launchChromium();
    ({ context, page, problems } = await newContext(browser, { baseURL: api.baseUrl }));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => expect(problems).toEqual([]));

  it('shows staff each signature with its verdicts, in Ukrainian and in English', async () => {
    await signInToWorkspace(page);

    // The inspection runs after the request was stored: reload until its panels are there.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.goto(`/admin/tickets/${trackingId}`);
      await page.getByTestId('ticket-tracking-id').filter({ hasText: trackingId }).waitFor();
      if ((await page.getByTestId('attachment-inspection').count()) === 3) break;
      if (Date.now() > deadline) throw new Error('no inspections within 60 s');
      await page.waitForTimeout(500);
    }
    const signer = page.getByTestId('signature-signer');
    await signer.filter({ hasText: 'Іваненко Іван Іванович' }).first().waitFor();
    const check = (name: string, outcome: string) => page.locator(`[data-testid="signature-check"][data-check="${name}"][data-outcome="${outcome}"]`);
    expect(await check('documentMatches', 'pass').count()).toBe(1);
    expect(await check('chainTrusted', 'fail').count()).toBe(1);
    await page.getByText('алгоритм ДСТУ 4145: перевірку підпису в цій збірці не виконано').first().waitFor();
    await page.getByText('ТОВ «Хвиля»').first().waitFor();
    await screenshot(page, 'signatures-staff-uk');

    await page.locator('[data-locale="en"]').click();
    await page.getByText('Electronic signatures in dogovir.pdf.p7s').waitFor();
    await page.getByText('Chain to a trusted root').first().waitFor();
    await page.getByText('DSTU 4145 algorithm: the signature was not verified in this build').first().waitFor();
    await screenshot(page, 'signatures-staff-en');
    await page.locator('[data-locale="uk"]').click();
  });

  it('says plainly whether the signer signed for the request\'s organisation (its ЄДРПОУ)', async () => {
    // The staff page of the test above is signed in; the API calls go with its cookie and CSRF token.
    const session = (await (await page.request.get('/api/staff/auth/session')).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': session.csrfToken };
    const organisation = async (nameUk: string, edrpou: string) => {
      const created = await page.request.post('/api/staff/organisations', { headers, data: { nameUk, edrpou } });
      expect(created.status()).toBe(201);
      return ((await created.json()) as { id: number }).id;
    };
    const link = async (organisationId: number) => expect((await page.request.patch(`/api/staff/tickets/${trackingId}`, { headers, data: { organisationId } })).status()).toBe(200);
    const verdicts = async () => {
      await page.goto(`/admin/tickets/${trackingId}`);
      const marks = page.getByTestId('signer-edrpou-match');
      await marks.first().waitFor();
      return marks.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-matches')));
    };

    await link(await organisation('ТОВ «Хвиля»', '12345678'));
    expect(new Set(await verdicts())).toEqual(new Set(['true']));
    await page.getByText('збігається з ЄДРПОУ організації запиту (ТОВ «Хвиля»)').first().waitFor();

    // ЄДРПОУ 00100227 is a real, valid code, and not the signer's.
    await link(await organisation('НЕК «Укренерго»', '00100227'));
    expect(new Set(await verdicts())).toEqual(new Set(['false']));
    await page.getByText('НЕ збігається з ЄДРПОУ організації запиту: НЕК «Укренерго», 00100227').first().waitFor();
    await screenshot(page, 'signatures-staff-edrpou-mismatch');
  });

  it('shows the participant who signed, for the signatures that verified', async () => {
    const { context: portal, page: participantPage, problems: portalProblems } = await newContext(browser, { baseURL: api.baseUrl });
    await participantPage.goto(`/ticket?track=${trackingId}&e=${encodeURIComponent(participant.email)}`);
    const lines = participantPage.getByTestId('signature-line');
    await lines.first().waitFor();
    // The chain of akt.pdf.p7s is not trusted, but its signature verified; the DSTU one is not vouched for.
    expect(await lines.allTextContents()).toEqual([expect.stringMatching(/^Підписано: Іваненко І\. І\., ТОВ «Хвиля», \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/), expect.stringMatching(/^Підписано: Іваненко І\. І\./)]);
    await screenshot(participantPage, 'signatures-participant-uk');
    expect(portalProblems).toEqual([]);
    await portal.close();
  });
});
