// Suggestions (R-KB-3) with 10,000 articles in the read model: p95 of GET /api/kb/suggest.
import pg from 'pg';
import { percentile } from './support.mjs';

export const targets = { suggest: { p95Ms: 20 }, suggestConcurrent: { p95Ms: 20 } };

const WORDS_UK = ['платформа', 'XMtrade', 'ключ', 'сертифікат', 'підпис', 'заявка', 'помилка', 'доступ', 'браузер', 'кеш', 'cookie', 'реєстрація', 'учасник', 'ринок', 'торги', 'ціна', 'обсяг', 'договір', 'рахунок', 'оплата', 'гарантія', 'аукціон', 'сесія', 'пароль', 'токен', 'налаштування', 'оновлення', 'звіт', 'графік', 'електроенергія'];
const WORDS_EN = ['platform', 'XMtrade', 'key', 'certificate', 'signature', 'bid', 'error', 'access', 'browser', 'cache', 'cookie', 'registration', 'participant', 'market', 'trading', 'price', 'volume', 'contract', 'invoice', 'payment', 'guarantee', 'auction', 'session', 'password', 'token', 'settings', 'update', 'report', 'schedule', 'electricity'];
const QUERIES = ['платформа XMtrade', 'помилка підпису заявки', 'XMtrde', 'ключ сертифікат', 'не можу зайти на платформу', 'кеш браузера', 'реєстрація учасника', 'оплата рахунку', 'проблема з доступом', 'аукціон'];

/**
 * Fills the read model directly: 5,000 documents × 2 languages. Titles and
 * excerpts use the help desk's vocabulary (each word in about a tenth of the
 * titles); bodies are 150 words from a 3,000-word filler vocabulary with a
 * few domain words, as real articles on a narrow subject have.
 */
export async function seedKnowledgeBase(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('DELETE FROM kb_articles');
  await client.query(
    `INSERT INTO kb_articles (source_id, locale, slug, title, excerpt, body_html, body_text, category_source_id, updated_at)
     SELECT 'doc-' || n, lang.locale, 'article-' || n || '-' || lang.locale,
            initcap(w[1 + (n * 7) % 30]) || ' ' || w[1 + (n * 11) % 30] || ' ' || w[1 + (n * 13) % 30] || ' №' || n,
            w[1 + (n * 3) % 30] || ' ' || w[1 + (n * 5) % 30] || ' ' || w[1 + (n * 17) % 30],
            '<p>' || body || '</p>', body, NULL, now()
     FROM generate_series(1, 5000) n
     CROSS JOIN (VALUES ('uk', $1::text[], 'слово'), ('en', $2::text[], 'word')) AS lang(locale, w, filler)
     CROSS JOIN LATERAL (
       SELECT string_agg(CASE WHEN k % 50 = 0 THEN w[1 + ((n + k) % 30)] ELSE filler || ((n * 7919 + k * 104729) % 3000) END, ' ') AS body
       FROM generate_series(1, 150) k
     ) b`,
    [WORDS_UK, WORDS_EN],
  );
  await client.query('REFRESH MATERIALIZED VIEW kb_title_words');
  await client.query('ANALYZE kb_articles');
  const { rows } = await client.query('SELECT count(*)::int AS n FROM kb_articles');
  await client.end();
  return rows[0].n;
}

async function measure(apiUrl, requests, concurrency) {
  const latencies = [];
  let next = 0;
  async function worker() {
    while (next < requests) {
      const q = QUERIES[next++ % QUERIES.length];
      const started = performance.now();
      const response = await fetch(`${apiUrl}/api/kb/suggest?locale=uk&q=${encodeURIComponent(q)}`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`suggest answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return { requests, concurrency, p50Ms: round(percentile(latencies, 50)), p95Ms: round(percentile(latencies, 95)), p99Ms: round(percentile(latencies, 99)) };
}

/** One person typing (requests one after another), then four at once. */
export async function benchKb(apiUrl, databaseUrl, { requests = 600 } = {}) {
  const articles = await seedKnowledgeBase(databaseUrl);
  await measure(apiUrl, 50, 1);
  return {
    suggest: { articles, ...(await measure(apiUrl, requests, 1)) },
    suggestConcurrent: { articles, ...(await measure(apiUrl, requests, 4)) },
  };
}
