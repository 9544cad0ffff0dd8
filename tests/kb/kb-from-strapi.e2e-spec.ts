import { AddressInfo, connect, createServer, Socket } from 'node:net';
import { createTestApp, TestApp } from '../../apps/api/src/testing/test-app';
import { KbSyncService } from '../../apps/api/src/kb/kb-sync.service';

/** R-KB-1, R-KB-2 against the real CMS (cms/, Strapi 5 on SQLite) that the global setup started. */
const env = process.env as Record<string, string>;
const cmsUrl = env.TEST_CMS_URL;
const adminHeaders = { Authorization: `Bearer ${env.TEST_CMS_ADMIN_TOKEN}`, 'Content-Type': 'application/json' };

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<{ value: T; elapsedMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, elapsedMs: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function strapi(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${cmsUrl}${path}`, { ...init, headers: { ...adminHeaders, ...(init.headers ?? {}) } });
}

describe('the knowledge base served from the CMS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      CMS_URL: cmsUrl,
      CMS_API_TOKEN: env.TEST_CMS_API_TOKEN,
      CMS_WEBHOOK_SECRET: env.TEST_CMS_WEBHOOK_SECRET,
    });
    // Strapi's webhook calls this port, which the global setup chose.
    await t.app.listen(Number(env.TEST_API_PORT), '127.0.0.1');
  });
  afterAll(() => t?.close());

  it('R-KB-1: fills itself on first start with the six articles of the manual, in Ukrainian and English', async () => {
    const { value: uk } = await eventually('seeded articles', async () => {
      const { body } = await t.http.get('/api/kb/articles').query({ locale: 'uk', pageSize: 50 });
      return body.total >= 6 ? body : undefined;
    });
    const titles = uk.items.map((a: { title: string }) => a.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Очистка файлів cookie та кешованого вмісту браузеру',
        'Проблема при використанні ключа для доступу до платформи XMtrade',
        'Неможливість доступу до платформи XMtrade',
        'Помилки при відображенні платформи XMtrade',
        'Помилка при подачі заявок на платформу XMtrade',
        'Повільна робота (підвисання) під час роботи на платформі XMtrade',
      ]),
    );
    const en = await t.http.get('/api/kb/articles').query({ locale: 'en', pageSize: 50 }).expect(200);
    expect(en.body.total).toBe(uk.total);
    const categories = await t.http.get('/api/kb/categories').expect(200);
    expect(categories.body.find((c: { name: string }) => c.name === 'Платформа XMtrade')?.articleCount).toBeGreaterThan(0);

    const first = await t.http.get(`/api/kb/articles/${uk.items[0].slug}`).expect(200);
    expect(first.body.bodyHtml).toMatch(/<(p|ol|ul|h\d)>/);
  });

  it('R-KB-3: suggests the manual\'s article for a subject being typed', async () => {
    const { body } = await t.http.get('/api/kb/suggest').query({ q: 'не можу отримати доступ до платформи XMtrade' }).expect(200);
    expect(body[0].title).toBe('Неможливість доступу до платформи XMtrade');
  });

  it('R-KB-2: an article published in the CMS shows on the portal within a minute, and goes when unpublished', async () => {
    const slug = `test-article-${Date.now()}`;
    const created = await strapi('/api/kb-articles?locale=uk&status=published', {
      method: 'POST',
      body: JSON.stringify({ data: { title: 'Як оновити сертифікат ключа КЕП', slug, excerpt: 'Покроково.', body: '1. Відкрийте сайт АЦСК.\n2. Оновіть сертифікат.' } }),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { documentId: string } };

    const shown = await eventually('the new article', async () => {
      const response = await t.http.get(`/api/kb/articles/${slug}`);
      return response.status === 200 ? response.body : undefined;
    });
    expect(shown.elapsedMs).toBeLessThan(60_000);
    expect(shown.value.title).toBe('Як оновити сертифікат ключа КЕП');
    expect(shown.value.bodyHtml).toContain('<ol>');

    expect((await strapi(`/api/kb-articles/${data.documentId}/unpublish?locale=uk`, { method: 'POST' })).ok).toBe(true);
    const gone = await eventually('the unpublished article to go', async () => ((await t.http.get(`/api/kb/articles/${slug}`)).status === 404 ? true : undefined));
    expect(gone.elapsedMs).toBeLessThan(60_000);
  });

  it('R-KB-2: a change whose webhook was missed is healed by the resync', async () => {
    await t.db.query(`DELETE FROM kb_articles WHERE locale = 'en'`);
    await t.http.get('/api/kb/articles').query({ locale: 'en' }).expect(200, { items: [], total: 0 });
    await t.app.get(KbSyncService).resync();
    const { body } = await t.http.get('/api/kb/articles').query({ locale: 'en' }).expect(200);
    expect(body.total).toBeGreaterThanOrEqual(6);
  });

  it('refuses a change notice with a wrong secret', async () => {
    await t.http.post('/api/kb/webhooks/cms').set('X-Pidtrymka-Webhook-Secret', 'guess').send({ model: 'kb-article', entry: { documentId: 'x' } }).expect(401);
  });

  it('readiness reports the CMS up while it answers', async () => {
    // An app of its own: `t` must not have a cached answer when the CMS is stopped below.
    const other = await createTestApp({ CMS_URL: cmsUrl, CMS_API_TOKEN: env.TEST_CMS_API_TOKEN });
    try {
      const { body } = await other.http.get('/api/health/ready').expect(200);
      expect(body.info.cms).toEqual({ status: 'up' });
      expect(body.degraded).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('keeps serving the articles while the CMS is down', async () => {
    // The CMS is shared by every spec of this project: its outage is played by a proxy in front of it, which is cut.
    const sockets = new Set<Socket>();
    const target = new URL(cmsUrl);
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const viaProxy = await createTestApp({ CMS_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, CMS_API_TOKEN: env.TEST_CMS_API_TOKEN });
    try {
      const { value: synced } = await eventually('the articles through the proxy', async () => {
        const { body } = await viaProxy.http.get('/api/kb/articles').query({ locale: 'uk' });
        return body.total >= 6 ? (body as { total: number }) : undefined;
      });
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      const { body } = await viaProxy.http.get('/api/kb/articles').query({ locale: 'uk' }).expect(200);
      expect(body.total).toBe(synced.total);
      await expect(viaProxy.app.get(KbSyncService).resync()).rejects.toThrow();
      expect((await viaProxy.http.get('/api/kb/articles').query({ locale: 'uk' }).expect(200)).body.total).toBe(body.total);
      // Issue 8: still ready — the CMS is reported as degraded, not as a reason to take the instance out.
      const ready = await viaProxy.http.get('/api/health/ready').expect(200);
      expect(ready.body.degraded).toEqual({ cms: { status: 'down', message: 'connection refused' } });
    } finally {
      await viaProxy.close();
    }
  });
});
