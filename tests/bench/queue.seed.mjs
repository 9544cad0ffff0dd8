// `npm run seed:queue`: fills a database with 1,000,000 requests (≈2.2 M messages) of realistic Ukrainian
// and English text for the queue benchmark, in SQL (generate_series), in minutes.
// The database is BENCH_QUEUE_DATABASE_URL, else `pidtrymka_bench_queue` on the machine's PostgreSQL,
// recreated from scratch. Never point it at a database you care about.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { repoRoot } from './support.mjs';

const require = createRequire(import.meta.url);
export const BENCH_QUEUE_DB = 'pidtrymka_bench_queue';
export const BENCH_ADMIN = { email: 'bench-admin@oree.test', password: 'bench-admin-password' };

const FIRST_UK = ['Олександр', 'Андрій', 'Сергій', 'Володимир', 'Олена', 'Наталія', 'Тетяна', 'Ірина', 'Юлія', 'Оксана', 'Дмитро', 'Максим', 'Богдан', 'Тарас', 'Ганна', 'Марія', 'Віктор', 'Петро', 'Людмила', 'Світлана', 'Роман', 'Ярослав', 'Галина', 'Василь', 'Катерина'];
const LAST_UK = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Шевчук', 'Поліщук', 'Бойко', 'Ткачук', 'Марченко', 'Руденко', 'Мельник', 'Савченко', 'Лисенко', 'Петренко', 'Мороз', 'Гончаренко', 'Левченко', 'Павленко', 'Тітаренко', 'Кушнір', 'Яковенко', 'Романенко', 'Клименко', 'Кузьменко', 'Литвиненко', 'Сидоренко', 'Захарченко', 'Гаврилюк'];
const NAMES_EN = ['John Smith', 'Anna Müller', 'Peter Novak', 'Maria Kowalska', 'James Brown', 'Eva Horváth', 'Lukas Weber', 'Sofia Rossi'];
const LATIN = ['oleksandr', 'andrii', 'serhii', 'olena', 'nataliia', 'tetiana', 'iryna', 'yuliia', 'oksana', 'dmytro', 'maksym', 'bohdan', 'taras', 'hanna', 'mariia', 'viktor', 'petro', 'roman'];
const COMPANY_ROOTS = ['Енерго', 'Хвиля', 'Світло', 'Вольт', 'Укртрейд', 'Дніпро', 'Карпати', 'Степ', 'Сонячна', 'Вітрова', 'Генерація', 'Ресурс', 'Альфа', 'Прайм', 'Інтер', 'Полісся', 'Поділля', 'Галичина', 'Слобожанщина', 'Таврія'];
const COMPANY_KINDS = ['ТОВ', 'ПП', 'ПрАТ', 'АТ', 'ФОП'];
const DOMAINS = ['energo', 'hvylia', 'svitlo', 'volt', 'ukrtrade', 'dnipro', 'karpaty', 'step', 'solar', 'wind', 'generation', 'resource', 'alfa', 'prime', 'inter'];
const SUBJECTS_UK = [
  'Проблема з підписом заявки', 'Не працює вхід до платформи XMtrade', 'Помилка при поданні заявки на РДН', 'Сертифікат ключа не завантажується',
  'Питання щодо реєстрації учасника', 'Повільно відкриваються сторінки', 'Не відображаються результати торгів', 'Помилка невалідний сертифікат',
  'Зміна уповноваженої особи', 'Запит на доступ до ВДР', 'Не надходять листи з платформи', 'Прошу перевірити статус заявки',
  'Оновлення ключа КЕП', 'Помилка 500 під час збереження', 'Неможливо завантажити файл договору', 'Питання щодо гарантійного внеску',
];
const SUBJECTS_EN = ['Cannot sign the bid', 'Login to XMtrade fails', 'Certificate upload error', 'Question about participant registration', 'Trading results are not displayed', 'Slow page loading', 'Invoice request', 'Access to the intraday market'];
const SENTENCES_UK = [
  'Доброго дня, під час підписання заявки система видає помилку невалідний сертифікат.',
  'Після оновлення браузера кнопка подання заявки не реагує.',
  'Ми очистили кеш браузера, але проблема залишилась.',
  'Прошу допомогти з налаштуванням кваліфікованого електронного підпису.',
  'Ключ видано акредитованим центром сертифікації ключів минулого тижня.',
  'Сторінка з результатами торгів відкривається дуже повільно, понад хвилину.',
  'Не можемо зареєструвати нового представника компанії на ринку на добу наперед.',
  'Додаю скриншот помилки та підписаний файл заявки.',
  'Заявка на купівлю електроенергії не була прийнята системою.',
  'Будь ласка, повідомте, коли буде відновлено доступ до платформи.',
  'Уповноважена особа змінилась, надсилаємо нову довіреність.',
  'Помилка з’являється лише у Google Chrome, у Firefox все працює.',
  'Підкажіть, будь ласка, який формат файлу потрібен для договору.',
  'Вчора ввечері торги завершились з помилкою розрахунку.',
  'Гарантійний внесок сплачено, але статус не змінився.',
  'Ми не отримуємо листів з підтвердженням подання заявок.',
];
const SENTENCES_EN = [
  'Hello, the platform shows an invalid certificate error when we sign the bid.',
  'We cleared the browser cache but the problem persists.',
  'Please help us configure the qualified electronic signature.',
  'The trading results page takes more than a minute to load.',
  'Our bid for the day-ahead market was rejected without an explanation.',
  'Attached is a screenshot of the error and the signed file.',
  'Please let us know when access to the platform is restored.',
  'The authorised representative has changed, the new power of attorney is attached.',
];
const STAFF_REPLIES_UK = [
  'Доброго дня! Перевстановіть, будь ласка, бібліотеку підпису та очистіть кеш браузера.',
  'Дякуємо за звернення. Проблему на платформі усунуто, спробуйте ще раз.',
  'Для реєстрації надішліть, будь ласка, заяву з підписом уповноваженої особи.',
  'Ваш сертифікат прострочений, зверніться до кваліфікованого надавача електронних довірчих послуг.',
  'Заявку прийнято, статус оновиться протягом години.',
];
const STAFF_REPLIES_EN = ['Hello! Please reinstall the signing library and clear the browser cache.', 'Thank you, the issue on the platform has been fixed, please try again.'];

const lit = (values) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

export async function seedQueue({ url, count = 1_000_000, log = console.log }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const step = async (label, sql, params) => {
    const started = Date.now();
    const result = await client.query(sql, params);
    log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  try {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`SET synchronous_commit = off`);
    const { hashSecret } = require(`${repoRoot}/apps/api/dist/auth/credentials.js`);
    await client.query(`INSERT INTO staff_accounts (email, name, role, password_hash) VALUES ($1, 'Bench Admin', 'admin', $2)`, [BENCH_ADMIN.email, await hashSecret(BENCH_ADMIN.password)]);
    await client.query(`INSERT INTO staff_accounts (email, name, role, password_hash) SELECT 'agent' || g || '@oree.test', 'Агент ' || g, 'agent', 'x' FROM generate_series(1, 20) g`);
    await client.query(`INSERT INTO staff_category_grants (staff_id, category_id) SELECT id, 1 + (row_number() OVER ()) % 4 FROM staff_accounts WHERE role = 'agent'`);

    // Build indexes once at the end rather than row by row; the search vectors are written directly.
    const { rows: indexes } = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('tickets', 'messages') AND indexname NOT IN ('tickets_pkey', 'messages_pkey')`,
    );
    for (const { indexname } of indexes) await client.query(`DROP INDEX ${indexname}`);
    await client.query(`ALTER TABLE tickets DISABLE TRIGGER USER`);
    await client.query(`ALTER TABLE messages DISABLE TRIGGER USER`);

    await step(
      'draft rows',
      `CREATE UNLOGGED TABLE seed_tickets AS
       SELECT g, gen_random_uuid() AS id, d.created_at,
         LEAST(d.created_at + random() * interval '10 days', now()) AS updated_at,
         (${lit(['resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'new', 'waiting_reply', 'replied', 'in_progress', 'on_hold', 'replied'])})[1 + (random() * 19)::int] AS status,
         (${lit(['medium', 'medium', 'medium', 'medium', 'medium', 'medium', 'low', 'low', 'high', 'critical'])})[1 + (random() * 9)::int] AS priority,
         (ARRAY[1, 1, 1, 2, 2, 2, 3, 3, 4])[1 + (random() * 8)::int] AS category_id,
         CASE WHEN random() < 0.7 THEN (SELECT array_agg(id) FROM staff_accounts WHERE role = 'agent')[1 + (random() * 19)::int] END AS owner_id,
         d.english,
         CASE WHEN d.english THEN (${lit(NAMES_EN)})[1 + (random() * ${NAMES_EN.length - 1})::int]
              ELSE (${lit(FIRST_UK)})[1 + (random() * ${FIRST_UK.length - 1})::int] || ' ' || (${lit(LAST_UK)})[1 + (random() * ${LAST_UK.length - 1})::int] END AS requester_name,
         (${lit(LATIN)})[1 + (random() * ${LATIN.length - 1})::int] || '.' || (g % 977) || '@' || (${lit(DOMAINS)})[1 + (random() * ${DOMAINS.length - 1})::int] || '.com.ua' AS requester_email,
         CASE WHEN d.english THEN (${lit(SUBJECTS_EN)})[1 + (random() * ${SUBJECTS_EN.length - 1})::int]
              ELSE (${lit(SUBJECTS_UK)})[1 + (random() * ${SUBJECTS_UK.length - 1})::int] END AS subject,
         CASE WHEN d.english
           THEN (${lit(SENTENCES_EN)})[1 + (random() * ${SENTENCES_EN.length - 1})::int] || ' ' || (${lit(SENTENCES_EN)})[1 + (random() * ${SENTENCES_EN.length - 1})::int]
                || E'\\nCompany: ' || (${lit(DOMAINS)})[1 + (random() * ${DOMAINS.length - 1})::int] || ' Ltd, phone +380' || (500000000 + (random() * 499999999)::int)
           ELSE (${lit(SENTENCES_UK)})[1 + (random() * ${SENTENCES_UK.length - 1})::int] || ' ' || (${lit(SENTENCES_UK)})[1 + (random() * ${SENTENCES_UK.length - 1})::int]
                || E'\\nНазва компанії: ' || (${lit(COMPANY_KINDS)})[1 + (random() * ${COMPANY_KINDS.length - 1})::int] || ' "' || (${lit(COMPANY_ROOTS)})[1 + (random() * ${COMPANY_ROOTS.length - 1})::int] || '-' || (g % 331) || '"'
                || E'\\nНомер телефону: 0' || (500000000 + (random() * 499999999)::int) END AS body1,
         CASE WHEN random() < 0.85 THEN CASE WHEN d.english THEN (${lit(STAFF_REPLIES_EN)})[1 + (random() * ${STAFF_REPLIES_EN.length - 1})::int]
                                            ELSE (${lit(STAFF_REPLIES_UK)})[1 + (random() * ${STAFF_REPLIES_UK.length - 1})::int] END END AS body2,
         CASE WHEN random() < 0.35 THEN (${lit(SENTENCES_UK)})[1 + (random() * ${SENTENCES_UK.length - 1})::int] END AS body3
       FROM generate_series(1, $1::int) g
       CROSS JOIN LATERAL (SELECT now() - random() * interval '3 years' - (g % 2) * interval '0 s' AS created_at, random() < 0.2 AS english) d`,
      [count],
    );
    // Tracking IDs: g multiplied by a number prime to 31^10 is a bijection, so they are unique and look random.
    await step(
      'tickets',
      `INSERT INTO tickets (id, number, tracking_id, subject, requester_name, requester_email, locale, status, priority, category_id, channel, owner_id, created_at, updated_at, search_vector)
       SELECT s.id, s.g, tid.value, s.subject, s.requester_name, s.requester_email, CASE WHEN s.english THEN 'en' ELSE 'uk' END, s.status, s.priority, s.category_id,
              CASE WHEN s.g % 3 = 0 THEN 'email' ELSE 'web' END, s.owner_id, s.created_at, s.updated_at,
              strip(to_tsvector('simple', tid.value || ' ' || s.g || ' ' || s.subject || ' ' || s.requester_name || ' ' || s.requester_email || ' ' || s.body1 || ' ' || COALESCE(s.body2, '') || ' ' || COALESCE(s.body3, '')))
       FROM seed_tickets s
       CROSS JOIN LATERAL (
         SELECT substr(x, 1, 3) || '-' || substr(x, 4, 3) || '-' || substr(x, 7, 4) AS value
         FROM (SELECT string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + (n.v / (31::bigint ^ k)::bigint % 31)::int, 1), '' ORDER BY k) AS x
               FROM (SELECT ((s.g::numeric * 506558217496853 + 12345) % 819628286980801)::bigint AS v) n, generate_series(0, 9) k) digits
       ) tid`,
    );
    await client.query(`SELECT setval('ticket_number_seq', $1)`, [count]);
    await step(
      'messages',
      `INSERT INTO messages (ticket_id, author_type, author_name, author_email, body, channel, created_at)
       SELECT id, 'participant', requester_name, requester_email, body1, 'web', created_at FROM seed_tickets
       UNION ALL
       SELECT id, 'staff', 'Агент ' || (1 + g % 20), 'agent' || (1 + g % 20) || '@oree.test', body2, 'web', created_at + (updated_at - created_at) / 2 FROM seed_tickets WHERE body2 IS NOT NULL
       UNION ALL
       SELECT id, 'participant', requester_name, requester_email, body3, 'web', updated_at FROM seed_tickets WHERE body3 IS NOT NULL`,
    );
    // Issue 17: tags as a desk uses them — one on a fifth of the requests, one on a seventh, one rare (1 in 2,000).
    await client.query(`INSERT INTO tags (name, color) VALUES ('vip', '#e53935'), ('кеп', '#1e88e5'), ('рідкісна', NULL)`);
    await step(
      'ticket_tags',
      `INSERT INTO ticket_tags (ticket_id, tag_id)
       SELECT t.id, g.id FROM seed_tickets s JOIN tickets t ON t.id = s.id JOIN tags g
         ON (g.name = 'vip' AND s.g % 5 = 0) OR (g.name = 'кеп' AND s.g % 7 = 3) OR (g.name = 'рідкісна' AND s.g % 2000 = 17)`,
    );
    await client.query(`DROP TABLE seed_tickets`);
    await client.query(`ALTER TABLE tickets ENABLE TRIGGER USER`);
    await client.query(`ALTER TABLE messages ENABLE TRIGGER USER`);
    for (const { indexname, indexdef } of indexes) await step(`index ${indexname}`, indexdef);
    await step('analyze', `VACUUM ANALYZE tickets, messages, ticket_tags`);
  } finally {
    await client.end();
  }
}

async function migrate(url) {
  const { DataSource } = require('typeorm');
  const { buildDataSourceOptions } = require(`${repoRoot}/apps/api/dist/database/data-source-options.js`);
  const { runMigrationsExclusively } = require(`${repoRoot}/apps/api/dist/database/migrate.js`);
  const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
  await runMigrationsExclusively(dataSource);
  await dataSource.destroy();
}

export async function createQueueDatabase() {
  if (process.env.BENCH_QUEUE_DATABASE_URL) return process.env.BENCH_QUEUE_DATABASE_URL;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_QUEUE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${BENCH_QUEUE_DB}`);
  await admin.end();
  return `postgres://postgres@127.0.0.1:5432/${BENCH_QUEUE_DB}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' } } });
  const started = Date.now();
  const url = await createQueueDatabase();
  await migrate(url);
  console.log(`Seeding ${values.count} requests into ${url.replace(/:[^:@/]*@/, ':***@')}`);
  await seedQueue({ url, count: Number(values.count) });
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
