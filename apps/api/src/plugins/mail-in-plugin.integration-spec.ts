import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../testing/test-app';

const FIXTURE = join(__dirname, '../../../../tests/fixtures/http-inbox-mail-in-plugin.js');
const TOKEN = 'inbox-token-for-tests';

/** An HTTP inbox as mail services keep stored messages: listed, then deleted one by one once taken. */
class Inbox {
  readonly messages = new Map<string, string>();
  readonly requests: { method: string; path: string; authorization?: string }[] = [];
  /** The answer to the next lists while set: the inbox is down. */
  failWith: number | null = null;
  /** Deleting fails once for these ids: the message stays and is offered again. */
  readonly failDeleteOnce = new Set<string>();
  private server?: Server;

  async listen(): Promise<string> {
    this.server = createServer((request: IncomingMessage, response) => {
      const path = request.url ?? '';
      this.requests.push({ method: request.method ?? '', path, authorization: request.headers.authorization });
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return response.writeHead(401).end();
      if (request.method === 'GET' && path === '/inbox/messages') {
        if (this.failWith) return response.writeHead(this.failWith).end();
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify([...this.messages].map(([id, raw]) => ({ id, raw: Buffer.from(raw).toString('base64') }))));
      }
      const deleted = /^\/inbox\/messages\/(.+)$/.exec(path);
      if (request.method === 'DELETE' && deleted) {
        const id = decodeURIComponent(deleted[1]);
        if (this.failDeleteOnce.delete(id)) return response.writeHead(500).end();
        this.messages.delete(id);
        return response.writeHead(204).end();
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/inbox`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function email(from: string, subject: string, messageId: string): string {
  return [`From: ${from}`, 'To: support@localhost', `Subject: ${subject}`, `Message-ID: <${messageId}>`, 'Date: Sun, 06 Dec 2026 09:00:00 +0200', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Доброго дня, питання щодо реєстрації.', ''].join('\r\n');
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Issue 16, the plugin author's view: docs/plugins.md's mail-in channel example, an outside package
 * loaded by PLUGINS and chosen by MAIL_IN_CHANNEL like the built-ins, with its own settings.
 */
describe('a mail-in channel plugin from outside (issue 16; R-MAIL-3)', () => {
  let t: TestApp;
  const inbox = new Inbox();
  const requestsFrom = async (address: string): Promise<number> =>
    Number((await t.db.query(`SELECT count(*) AS n FROM tickets WHERE requester_email = $1`, [address]))[0].n);

  beforeAll(async () => {
    const url = await inbox.listen();
    t = await createTestApp({ PLUGINS: FIXTURE, MAIL_IN_CHANNEL: 'http-inbox', HTTP_INBOX_URL: url, HTTP_INBOX_TOKEN: TOKEN, MAIL_IN_ENABLED: 'true', MAIL_IN_POLL_MS: '50' });
  });
  afterAll(async () => {
    await t?.close();
    await inbox.close();
  });

  it('turns each message into a request and removes it from the inbox only once it is committed', async () => {
    inbox.messages.set('m-1', email('Оператор Один <one@participant.test>', 'Питання 1', 'http-inbox-1@participant.test'));
    inbox.messages.set('m-2', email('two@participant.test', 'Питання 2', 'http-inbox-2@participant.test'));
    await until(async () => inbox.messages.size, (size) => size === 0);
    expect(inbox.messages.size).toBe(0);
    expect(await requestsFrom('one@participant.test')).toBe(1);
    expect(await requestsFrom('two@participant.test')).toBe(1);
    // Its own settings reached it: every call carried the token.
    expect(inbox.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('a message whose removal failed is offered again and kept once', async () => {
    inbox.failDeleteOnce.add('m-3');
    inbox.messages.set('m-3', email('three@participant.test', 'Питання 3', 'http-inbox-3@participant.test'));
    await until(async () => inbox.messages.size, (size) => size === 0);
    expect(inbox.messages.size).toBe(0);
    expect(inbox.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith('/m-3'))).toHaveLength(2);
    expect(await requestsFrom('three@participant.test')).toBe(1);
  });

  it('an inbox that is down shows in the readiness check, and nothing is lost when it is back', async () => {
    inbox.failWith = 503;
    const down = await until(
      () => t.http.get('/api/health/ready').then((r) => r),
      (r) => r.status === 503,
    );
    expect(down.status).toBe(503);
    expect(down.body.error['http-inbox']).toMatchObject({ status: 'down', state: 'disconnected' });
    inbox.messages.set('m-4', email('four@participant.test', 'Питання 4', 'http-inbox-4@participant.test'));
    inbox.failWith = null;
    await until(async () => inbox.messages.size, (size) => size === 0);
    expect(await requestsFrom('four@participant.test')).toBe(1);
    await until(
      () => t.http.get('/api/health/ready').then((r) => r.status),
      (status) => status === 200,
    );
  });
});

describe('a mail-in channel plugin with settings that cannot work stops the start (issue 16)', () => {
  it('names its setting, and never prints its token', async () => {
    const failure = createTestApp({ PLUGINS: FIXTURE, MAIL_IN_CHANNEL: 'http-inbox', HTTP_INBOX_URL: 'not a url', HTTP_INBOX_TOKEN: TOKEN });
    await expect(failure).rejects.toThrow('HTTP_INBOX_URL="not a url"');
    await expect(failure).rejects.not.toThrow(TOKEN);
  });
});
