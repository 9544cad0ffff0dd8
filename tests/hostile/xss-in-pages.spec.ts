import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext } from '../e2e/support/browser';
import { startApiProcess, StartedApi } from '../support/api-process';
import { multipart } from './support/openapi-fuzz';
import { rawRequest } from './support/raw-http';

/**
 * Stored XSS in the portal and the staff workspace: a request whose every
 * field a participant controls (name, subject, message, file name, reply)
 * carries markup, an e-mail whose subject does, and a staff reply and note
 * that do. In Chromium, each page that shows them must show them as text,
 * create none of their elements and run nothing — checked in the DOM, so the
 * CSP (which would block the handlers anyway) cannot hide an escaping bug.
 */
const WEB_INDEX = join(__dirname, '..', '..', 'apps/web/dist/browser/index.html');
const ADMIN = { email: 'xss-admin@pidtrymka.test', password: `Xss-${Date.now()}-password` };
const mark = (where: string) => `<img src=x onerror="window.__xss='${where}'"><script>window.__xss='${where}'</script>`;
const PAYLOAD = {
  name: `Олена ${mark('name')}`.slice(0, 50),
  subject: `Тема ${mark('subject')} {{constructor.constructor('window.__xss=1')()}}`,
  // 12.7: a bare address in a participant's words is shown as text, never made a link.
  message: `Текст ${mark('message')}\n<svg onload="window.__xss='svg'"></svg><a href="javascript:window.__xss='link'">посилання</a>\nhttps://oree-login.com/pay www.oree-login.com`,
  file: `<img src=x onerror=alert(1)>.txt`,
  reply: `Відповідь ${mark('reply')}`,
  staff: `Персонал ${mark('staff')}`,
  note: `Нотатка ${mark('note')}`,
  mailSubject: `Лист ${mark('mail')}`,
  // What one staff member writes that others see.
  staffName: `Агент ${mark('agent')}`.slice(0, 100),
  cannedTitle: `Шаблон ${mark('canned')}`,
};

jest.setTimeout(180_000);

describe('stored XSS is inert in the portal and the staff workspace (issue 7)', () => {
  let api: StartedApi;
  let browser: Browser;
  let trackingId = '';
  const email = 'xss-pages@client.test';

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`Build the web app first (npm run build): ${WEB_INDEX} is missing`);
    api = await startApiProcess({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, MAIL_IN_ENABLED: 'false' });
    browser = await launchChromium();

    const boundary = 'xss-boundary';
    const created = await rawRequest(api.url, {
      method: 'POST',
      path: '/api/tickets',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart({ name: PAYLOAD.name, email, subject: PAYLOAD.subject, message: PAYLOAD.message }, [{ field: 'attachments', name: PAYLOAD.file, content: Buffer.from('text'), type: 'text/plain' }], boundary),
    });
    expect(created.status).toBe(201);
    trackingId = JSON.parse(created.body.toString()).trackingId;
    const reply = await fetch(`${api.url}/api/tickets/${trackingId}/replies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, message: PAYLOAD.reply }) });
    expect(reply.status).toBe(201);

    const signIn = await fetch(`${api.url}/api/staff/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const headers = { cookie: signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': (await signIn.json()).csrfToken, 'content-type': 'application/json' };
    for (const [body, internal] of [[PAYLOAD.staff, false], [PAYLOAD.note, true]] as const) {
      const view = await (await fetch(`${api.url}/api/staff/tickets/${trackingId}`, { headers })).json();
      const lastSeenMessageId = String(view.messages[view.messages.length - 1].id);
      const sent = await fetch(`${api.url}/api/staff/tickets/${trackingId}/messages`, { method: 'POST', headers, body: JSON.stringify({ body, internal, lastSeenMessageId, status: 'in_progress' }) });
      expect(sent.status).toBe(201);
    }
    const agent = await fetch(`${api.url}/api/staff/accounts`, { method: 'POST', headers, body: JSON.stringify({ email: 'xss-agent@pidtrymka.test', name: PAYLOAD.staffName, role: 'agent' }) });
    expect(agent.status).toBe(201);
    const canned = await fetch(`${api.url}/api/staff/canned-responses`, { method: 'POST', headers, body: JSON.stringify({ title: PAYLOAD.cannedTitle, body: PAYLOAD.staff }) });
    expect(canned.status).toBe(201);
    // An e-mail with no sender is quarantined: the quarantine page shows its subject.
    const raw = `To: support@localhost\r\nSubject: =?utf-8?B?${Buffer.from(PAYLOAD.mailSubject).toString('base64')}?=\r\nMessage-ID: <xss-mail@hostile.test>\r\n\r\n${mark('mail-body')}\r\n`;
    await api.query(
      `INSERT INTO inbound_messages (message_id, content_hash, raw, origin, status, reason, subject) VALUES ('xss-mail@hostile.test', $3, $1, 'test', 'quarantined', 'no sender address', $2)`,
      [Buffer.from(raw), PAYLOAD.mailSubject, createHash('sha256').update(raw).digest('hex')],
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function visit(page: Page, path: string, expectedTexts: string[]): Promise<void> {
    await page.goto(`${api.url}${path}`);
    for (const text of expectedTexts) await page.getByText(text, { exact: false }).first().waitFor();
  }

  /** What any of the payloads would have made or done, had it been markup. */
  async function damage(page: Page): Promise<{ injected: string[]; xss: unknown }> {
    return page.evaluate(() => ({
      injected: Array.from(document.querySelectorAll('img[src="x"], [onerror], [onload], a[href^="javascript:"], svg[onload], a[href*="oree-login"]')).map((e) => e.outerHTML),
      xss: (window as unknown as { __xss?: unknown }).__xss,
    }));
  }

  it('the portal\'s request page shows name, subject, messages and file name as text', async () => {
    const { context, page, problems } = await newContext(browser, { baseURL: api.url });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await visit(page, `/ticket?track=${trackingId}&e=${encodeURIComponent(email)}`, ["window.__xss='name'", "window.__xss='subject'", "window.__xss='message'", "window.__xss='reply'", "window.__xss='staff'", PAYLOAD.file]);
      const text = await page.locator('body').innerText();
      expect(text).toContain('{{constructor.constructor');
      // An internal note is never shown to the participant.
      expect(text).not.toContain("window.__xss='note'");
      expect(await damage(page)).toEqual({ injected: [], xss: undefined });
      expect(dialogs).toEqual([]);
      expect(problems.filter((p) => /CSP|page error/.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the staff workspace\'s queue, request page, quarantine, accounts and canned responses show them as text', async () => {
    const { context, page, problems } = await newContext(browser, { baseURL: api.url });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      // The session cookie, as the sign-in page would have it.
      expect((await context.request.post(`${api.url}/api/staff/auth/sign-in`, { data: ADMIN })).status()).toBe(200);
      await visit(page, '/admin/tickets', ["window.__xss='subject'"]);
      expect(await damage(page)).toEqual({ injected: [], xss: undefined });
      await visit(page, `/admin/tickets/${trackingId}`, ["window.__xss='name'", "window.__xss='message'", "window.__xss='reply'", "window.__xss='staff'", "window.__xss='note'", PAYLOAD.file]);
      expect(await page.locator('body').innerText()).toContain('{{constructor.constructor');
      expect(await damage(page)).toEqual({ injected: [], xss: undefined });
      await visit(page, '/admin/mail/quarantine', ["window.__xss='mail'"]);
      expect(await damage(page)).toEqual({ injected: [], xss: undefined });
      await visit(page, '/admin/accounts', ["window.__xss='agent'"]);
      expect(await damage(page)).toEqual({ injected: [], xss: undefined });
      await visit(page, '/admin/canned-responses', ["window.__xss='canned'"]);
      expect(await damage(page)).toEqual({ injected: [], xss: undefined });
      expect(dialogs).toEqual([]);
      expect(problems.filter((p) => /CSP|page error/.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
