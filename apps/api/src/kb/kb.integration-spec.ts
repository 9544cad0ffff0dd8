import { KnowledgeCategory } from '@pidtrymka/plugin-sdk';
import { createTestApp, TestApp } from '../testing/test-app';
import { KbArticleEntity } from './kb-article.entity';
import { KbRepository } from './kb.repository';
import { renderArticleBody } from './markdown';

const categories: KnowledgeCategory[] = [
  { sourceId: 'cat-xm', locale: 'uk', slug: 'xmtrade', name: 'Платформа XMtrade', position: 1 },
  { sourceId: 'cat-xm', locale: 'en', slug: 'xmtrade', name: 'XMtrade platform', position: 1 },
  { sourceId: 'cat-br', locale: 'uk', slug: 'browser', name: 'Браузер', position: 2 },
];

function article(sourceId: string, locale: 'uk' | 'en', slug: string, title: string, body: string, category: string | null = 'cat-xm'): KbArticleEntity {
  const rendered = renderArticleBody(body);
  return { sourceId, locale, slug, title, excerpt: body.slice(0, 80), bodyHtml: rendered.html, bodyText: rendered.text, categorySourceId: category, updatedAt: new Date('2026-11-01T10:00:00Z') };
}

const articles = [
  article('a1', 'uk', 'no-access', 'Неможливість доступу до платформи XMtrade', 'Перевірте доступ до czo.gov.ua, kpi.gov.ua, dfa.gov.ua.'),
  article('a1', 'en', 'no-access', 'Cannot reach the XMtrade platform', 'Check that czo.gov.ua, kpi.gov.ua and dfa.gov.ua open.'),
  article('a2', 'uk', 'key-problem', 'Проблема при використанні ключа для доступу до платформи XMtrade', 'Перевірте сертифікат ключа.'),
  article('a3', 'uk', 'cookies', 'Очистка файлів cookie та кешованого вмісту браузеру', 'Відкрийте налаштування браузера. Платформа XMtrade працює краще з чистим кешем.', 'cat-br'),
  article('a4', 'uk', 'slow', 'Повільна робота (підвисання) під час роботи на платформі XMtrade', 'Очистіть кеш браузеру.'),
  article('a5', 'uk', 'signature', 'Помилка підпису заявки', 'Ключ має бути чинним; тут слово сертифікат згадано в тексті.', null),
];

describe('knowledge base read model (R-KB-1, R-KB-3)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ CMS_WEBHOOK_SECRET: 'webhook-secret-for-tests' });
    await t.app.get(KbRepository).replaceAll(categories, articles);
  });
  afterAll(() => t.close());

  it('lists categories with their article counts, in the asked language', async () => {
    const uk = await t.http.get('/api/kb/categories').expect(200);
    expect(uk.body).toEqual([
      { slug: 'xmtrade', name: 'Платформа XMtrade', articleCount: 3 },
      { slug: 'browser', name: 'Браузер', articleCount: 1 },
    ]);
    const en = await t.http.get('/api/kb/categories').query({ locale: 'en' }).expect(200);
    expect(en.body).toEqual([{ slug: 'xmtrade', name: 'XMtrade platform', articleCount: 1 }]);
    const byHeader = await t.http.get('/api/kb/categories').set('Accept-Language', 'en').expect(200);
    expect(byHeader.body).toEqual(en.body);
  });

  it('lists articles with title and excerpt, by category', async () => {
    const { body } = await t.http.get('/api/kb/articles').query({ category: 'browser' }).expect(200);
    expect(body).toEqual({
      total: 1,
      items: [
        {
          slug: 'cookies',
          title: 'Очистка файлів cookie та кешованого вмісту браузеру',
          excerpt: expect.stringContaining('Відкрийте налаштування'),
          category: { slug: 'browser', name: 'Браузер' },
          updatedAt: '2026-11-01T10:00:00.000Z',
        },
      ],
    });
  });

  it('shows one article with its sanitised HTML body, and 404 for a missing one', async () => {
    const { body } = await t.http.get('/api/kb/articles/no-access').expect(200);
    expect(body).toMatchObject({ slug: 'no-access', locale: 'uk', bodyHtml: expect.stringContaining('<p>') });
    const missing = await t.http.get('/api/kb/articles/nope').set('Accept-Language', 'en').expect(404);
    expect(missing.body.message).toBe('Article not found.');
    await t.http.get('/api/kb/articles/no-access').query({ locale: 'de' }).expect(400);
  });

  it('searches partial words in titles and bodies', async () => {
    const { body } = await t.http.get('/api/kb/articles').query({ q: 'сертиф' }).expect(200);
    expect(body.items.map((a: { slug: string }) => a.slug).sort()).toEqual(['key-problem', 'signature']);
  });

  it('R-KB-3: suggests at most 5 articles, title matches first, for a subject being typed', async () => {
    const { body } = await t.http.get('/api/kb/suggest').query({ q: 'платформа XMtrade' }).expect(200);
    expect(body.length).toBeLessThanOrEqual(5);
    expect(body.map((a: { slug: string }) => a.slug)).toEqual(expect.arrayContaining(['no-access', 'key-problem', 'slow']));
    // Mentioned only in its body, the cookies article ranks after every title match.
    const slugs = body.map((a: { slug: string }) => a.slug);
    if (slugs.includes('cookies')) expect(slugs.indexOf('cookies')).toBe(slugs.length - 1);
  });

  it('R-KB-3: finds a title word typed with a mistake', async () => {
    const { body } = await t.http.get('/api/kb/suggest').query({ q: 'XMtrde' }).expect(200);
    expect(body.length).toBeGreaterThan(0);
    expect(body[0].title).toContain('XMtrade');
  });

  it('R-KB-3: ranks the article whose title has the words over one that only mentions them', async () => {
    const { body } = await t.http.get('/api/kb/suggest').query({ q: 'ключ' }).expect(200);
    expect(body[0].slug).toBe('key-problem');
  });

  it('suggests nothing for nothing, and refuses an overlong query', async () => {
    expect((await t.http.get('/api/kb/suggest').query({ q: '  !!! ' }).expect(200)).body).toEqual([]);
    await t.http.get('/api/kb/suggest').query({ q: 'я'.repeat(201) }).expect(400);
  });

  it('keeps SQL and tsquery syntax in queries inert', async () => {
    for (const q of ["'; DROP TABLE kb_articles; --", 'a & b | !c', ':*', '(((', 'xm\\trade']) {
      await t.http.get('/api/kb/suggest').query({ q }).expect(200);
      await t.http.get('/api/kb/articles').query({ q }).expect(200);
    }
  });

  it('R-KB-2: refuses a webhook without the shared secret', async () => {
    const notice = { event: 'entry.publish', model: 'kb-article', entry: { documentId: 'a1' } };
    await t.http.post('/api/kb/webhooks/cms').send(notice).expect(401);
    await t.http.post('/api/kb/webhooks/cms').set('X-Pidtrymka-Webhook-Secret', 'wrong').send(notice).expect(401);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM kb_articles');
    expect(n).toBe(articles.length);
  });

  it('R-KB-2: answers 503 to a genuine webhook while the CMS cannot be read, and keeps serving', async () => {
    const notice = { event: 'entry.publish', model: 'kb-article', entry: { documentId: 'a1' } };
    await t.http.post('/api/kb/webhooks/cms').set('X-Pidtrymka-Webhook-Secret', 'webhook-secret-for-tests').send(notice).expect(503);
    await t.http.get('/api/kb/articles/no-access').expect(200);
  });

  it('ignores notices that are not about the knowledge base', async () => {
    await t.http.post('/api/kb/webhooks/cms').set('X-Pidtrymka-Webhook-Secret', 'webhook-secret-for-tests').send({ event: 'entry.create', model: 'user' }).expect(202);
  });
});
