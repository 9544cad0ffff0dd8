// node --test cms/scripts/start-for-tests.test.mjs
// Starts the CMS on a temp database and goes through the publish cycle over REST.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startCms } from './start-for-tests.mjs';

test('startCms: seed, create+publish, read with read-only token, unpublish, webhook', { timeout: 300_000 }, async () => {
  const hooks = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body: JSON.parse(body || '{}') });
      res.end('ok');
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const webhookUrl = `http://127.0.0.1:${receiver.address().port}/cms-webhook`;

  const t0 = Date.now();
  const cms = await startCms({ webhookUrl, webhookSecret: 'test-secret' });
  console.log(`started in ${Date.now() - t0} ms at ${cms.url}`);
  const ro = { Authorization: `Bearer ${cms.apiToken}` };
  const rw = { Authorization: `Bearer ${cms.adminApiToken}`, 'Content-Type': 'application/json' };
  try {
    // seed: six published articles per locale
    for (const locale of ['uk', 'en']) {
      const r = await fetch(`${cms.url}/api/kb-articles?locale=${locale}&populate=category`, { headers: ro });
      assert.equal(r.status, 200);
      const j = await r.json();
      assert.equal(j.meta.pagination.total, 6, `${locale} seed`);
      assert.ok(j.data.every((a) => a.locale === locale && a.category && a.publishedAt));
    }
    // read-only token cannot write, anonymous cannot read
    assert.equal((await fetch(`${cms.url}/api/kb-articles`, { method: 'POST', headers: { ...ro, 'Content-Type': 'application/json' }, body: '{"data":{}}' })).status, 403);
    assert.equal((await fetch(`${cms.url}/api/kb-articles`)).status, 403);

    const cats = await (await fetch(`${cms.url}/api/kb-categories?locale=uk&filters[slug][$eq]=browser`, { headers: ro })).json();
    const categoryId = cats.data[0].documentId;

    // create + publish (uk), then add the en locale, published
    let r = await fetch(`${cms.url}/api/kb-articles?status=published&locale=uk`, {
      method: 'POST',
      headers: rw,
      body: JSON.stringify({ data: { title: 'Тестова стаття', slug: 'test-article', excerpt: 'Коротко', body: '# Привіт\n\nТекст', category: categoryId } }),
    });
    assert.equal(r.status, 201, await r.clone().text());
    const created = (await r.json()).data;
    assert.ok(created.documentId && created.publishedAt);
    r = await fetch(`${cms.url}/api/kb-articles/${created.documentId}?status=published&locale=en`, {
      method: 'PUT',
      headers: rw,
      body: JSON.stringify({ data: { title: 'Test article', slug: 'test-article', excerpt: 'Short', body: '# Hello\n\nText', category: categoryId } }),
    });
    assert.equal(r.status, 200, await r.clone().text());

    // read it with the read-only token
    let list = await (await fetch(`${cms.url}/api/kb-articles?locale=uk&populate=category&filters[slug][$eq]=test-article`, { headers: ro })).json();
    assert.equal(list.data.length, 1);
    assert.equal(list.data[0].title, 'Тестова стаття');
    assert.equal(list.data[0].category.slug, 'browser');
    const one = await (await fetch(`${cms.url}/api/kb-articles/${created.documentId}?locale=en&populate=category`, { headers: ro })).json();
    assert.equal(one.data.title, 'Test article');
    assert.equal(one.data.category.name, 'Browser');

    // unpublish (uk) -> gone from the published uk list, en still there
    r = await fetch(`${cms.url}/api/kb-articles/${created.documentId}/unpublish?locale=uk`, { method: 'POST', headers: rw });
    assert.equal(r.status, 200, await r.clone().text());
    list = await (await fetch(`${cms.url}/api/kb-articles?locale=uk&filters[slug][$eq]=test-article`, { headers: ro })).json();
    assert.equal(list.data.length, 0);
    // the read-only token cannot see drafts even when asking for them
    list = await (await fetch(`${cms.url}/api/kb-articles?locale=uk&status=draft&filters[slug][$eq]=test-article`, { headers: ro })).json();
    assert.equal(list.data.length, 0);
    assert.equal((await fetch(`${cms.url}/api/kb-articles/${created.documentId}?locale=uk`, { headers: ro })).status, 404);
    list = await (await fetch(`${cms.url}/api/kb-articles?locale=en&filters[slug][$eq]=test-article`, { headers: ro })).json();
    assert.equal(list.data.length, 1);
    // read-only token cannot unpublish
    assert.equal((await fetch(`${cms.url}/api/kb-articles/${created.documentId}/unpublish?locale=en`, { method: 'POST', headers: ro })).status, 403);

    // webhook calls arrive with the shared-secret header
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !hooks.some((h) => h.body.event === 'entry.unpublish')) await new Promise((res) => setTimeout(res, 100));
    const events = hooks.map((h) => h.body.event);
    assert.ok(events.includes('entry.publish'), events.join(','));
    assert.ok(events.includes('entry.unpublish'), events.join(','));
    assert.ok(hooks.every((h) => h.headers['x-pidtrymka-webhook-secret'] === 'test-secret'));
    const pub = hooks.find((h) => h.body.event === 'entry.publish');
    console.log('webhook example:', JSON.stringify({ ...pub.body, entry: { ...pub.body.entry, body: '…' } }));
  } finally {
    await cms.stop();
    receiver.close();
  }
});
