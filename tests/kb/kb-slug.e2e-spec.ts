/**
 * Issue 17.11 against the real CMS (cms/, Strapi 5) that the global setup started: an article's slug
 * is made of its Ukrainian title by the official transliteration (KMU resolution No. 55), not
 * Strapi's `kb-article`; unique among its locale's articles; and an editor's own slug is kept.
 */
const env = process.env as Record<string, string>;
const cmsUrl = env.TEST_CMS_URL;
const tokenHeaders = { Authorization: `Bearer ${env.TEST_CMS_ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
const ARTICLE = 'api::kb-article.kb-article';

interface Article {
  documentId: string;
  slug: string;
  title: string;
}

async function createArticle(data: Record<string, unknown>, locale = 'uk'): Promise<Article> {
  const response = await fetch(`${cmsUrl}/api/kb-articles?locale=${locale}`, {
    method: 'POST',
    headers: tokenHeaders,
    body: JSON.stringify({ data: { excerpt: 'Коротко.', body: 'Текст статті.', ...data } }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`create: ${response.status} ${text}`);
  return (JSON.parse(text) as { data: Article }).data;
}

async function updateArticle(documentId: string, data: Record<string, unknown>, locale = 'uk'): Promise<Article> {
  const response = await fetch(`${cmsUrl}/api/kb-articles/${documentId}?locale=${locale}`, { method: 'PUT', headers: tokenHeaders, body: JSON.stringify({ data }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`update: ${response.status} ${text}`);
  return (JSON.parse(text) as { data: Article }).data;
}

describe('17.11 the slug of a knowledge-base article in the CMS', () => {
  // Each run its own words, so a re-run against the same CMS data finds no earlier articles.
  const run = `Перевірка${Date.now().toString(36).replace(/\d/g, '')}`;

  it('is made of a Cyrillic title by the official transliteration when none is given', async () => {
    const article = await createArticle({ title: `Згорани: як оновити ключ Єнакієве Юрій ${run}` });
    expect(article.slug).toBe(`zghorany-yak-onovyty-kliuch-yenakiieve-yurii-${slugOf(run)}`);
  });

  it('replaces the placeholder the admin panel used to send (`kb-article`)', async () => {
    const article = await createArticle({ title: `Знам'янка і Щербухи ${run}`, slug: 'kb-article' });
    expect(article.slug).toBe(`znamianka-i-shcherbukhy-${slugOf(run)}`);
  });

  it('is unique among the articles of a locale', async () => {
    const title = `Розгон Яготин ${run}`;
    const first = await createArticle({ title });
    const second = await createArticle({ title });
    const third = await createArticle({ title, slug: '' });
    expect([first.slug, second.slug, third.slug]).toEqual([`rozghon-yahotyn-${slugOf(run)}`, `rozghon-yahotyn-${slugOf(run)}-2`, `rozghon-yahotyn-${slugOf(run)}-3`]);
  });

  it('stays as an editor typed it, on create and on a later edit', async () => {
    const article = await createArticle({ title: `Йосипівка ${run}`, slug: `own-${slugOf(run)}` });
    expect(article.slug).toBe(`own-${slugOf(run)}`);
    const edited = await updateArticle(article.documentId, { slug: `edited-${slugOf(run)}` });
    expect(edited.slug).toBe(`edited-${slugOf(run)}`);
    // A change of title leaves a chosen slug alone, so links to the article keep working.
    const retitled = await updateArticle(article.documentId, { title: `Їжакевич ${run}` });
    expect(retitled.slug).toBe(`edited-${slugOf(run)}`);
  });

  it('is what the admin panel\'s slug field suggests for the title typed', async () => {
    const login = await fetch(`${cmsUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: env.CMS_ADMIN_EMAIL || 'admin@pidtrymka.local', password: env.CMS_ADMIN_PASSWORD || 'Pidtrymka-KB-2024' }),
    });
    expect(login.status).toBe(200);
    const { data } = (await login.json()) as { data: { token: string } };
    const suggest = async (title: string) => {
      const response = await fetch(`${cmsUrl}/content-manager/uid/generate?locale=uk`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${data.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ contentTypeUID: ARTICLE, field: 'slug', data: { title } }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: string }).data;
    };
    expect(await suggest(`Алушта ${run}`)).toBe(`alushta-${slugOf(run)}`);
    // Taken already by the test above: the next free one.
    expect(await suggest(`Розгон Яготин ${run}`)).toBe(`rozghon-yahotyn-${slugOf(run)}-4`);
  });
});

/** The run's marker as it reads in a slug (Cyrillic letters and Latin ones, lower case). */
function slugOf(run: string): string {
  const map: Record<string, string> = { П: 'p', е: 'e', р: 'r', в: 'v', і: 'i', к: 'k', а: 'a' };
  return [...run].map((c) => map[c] ?? c.toLowerCase()).join('');
}
