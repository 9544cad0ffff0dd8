/**
 * Knowledge-base content seeded on the first start (when no kb-article exists):
 * the six frequent questions from the participant manual (section 1.1), in
 * Ukrainian (default locale) and English. Editors own this content afterwards.
 */

export interface SeedLocalized {
  name?: string;
  title?: string;
  excerpt?: string;
  body?: string;
}

export interface SeedCategory {
  slug: string;
  order: number;
  uk: { name: string };
  en: { name: string };
}

export interface SeedArticle {
  slug: string;
  category: string; // category slug
  uk: { title: string; excerpt: string; body: string };
  en: { title: string; excerpt: string; body: string };
}

export const seedCategories: SeedCategory[] = [
  { slug: 'xmtrade-platform', order: 1, uk: { name: 'Платформа XMtrade' }, en: { name: 'XMtrade platform' } },
  { slug: 'bid-submission', order: 2, uk: { name: 'Подача заявок' }, en: { name: 'Bid submission' } },
  {
    slug: 'qualified-e-signature',
    order: 3,
    uk: { name: 'Кваліфікований електронний підпис' },
    en: { name: 'Qualified e-signature' },
  },
  { slug: 'browser', order: 4, uk: { name: 'Браузер' }, en: { name: 'Browser' } },
];

const CLEAR_UK = '«Очистка файлів cookie та кешованого вмісту браузеру»';
const CLEAR_EN = '“Clearing browser cookies and cached content”';

export const seedArticles: SeedArticle[] = [
  {
    slug: 'clear-browser-cookies-and-cache',
    category: 'browser',
    uk: {
      title: 'Очистка файлів cookie та кешованого вмісту браузеру',
      excerpt:
        'Як видалити файли cookie та кешовані зображення і файли в Google Chrome, Microsoft Edge, Mozilla Firefox та Opera, щоб платформа XMtrade завантажувалась коректно.',
      body: `Браузер зберігає копії сторінок, скриптів і зображень (кеш), а також файли cookie з даними сеансу. Після оновлення платформи XMtrade застарілі копії можуть спричиняти помилки відображення, повторні запити на авторизацію чи повільну роботу. Очищення cookie та кешу — перший крок у більшості інструкцій Бази знань.

**Зверніть увагу:** після очищення cookie вас буде виведено з облікових записів на всіх сайтах, тож знадобиться увійти повторно (зокрема, знову зчитати ключ КЕП на платформі XMtrade).

## Google Chrome, Microsoft Edge, Opera

1. Закрийте вкладки з платформою XMtrade.
2. Натисніть **Ctrl + Shift + Delete** (у macOS — **Cmd + Shift + Delete**). Відкриється вікно «Очистити дані веб-перегляду».
3. У полі «Часовий діапазон» оберіть **«Увесь час»**.
4. Позначте пункти **«Файли cookie та інші дані сайтів»** і **«Зображення та файли, збережені в кеші»**. Історію переглядів і збережені паролі можна не видаляти.
5. Натисніть **«Видалити дані»** («Очистити зараз» в Edge).
6. Повністю закрийте браузер (усі вікна) і запустіть його знову.

## Mozilla Firefox

1. Натисніть **Ctrl + Shift + Delete** (у macOS — **Cmd + Shift + Delete**).
2. У полі «Часовий діапазон» оберіть **«Усе»**.
3. Позначте **«Cookies і дані сайтів»** та **«Тимчасові кешовані файли і сторінки»**.
4. Натисніть **«Очистити»** та перезапустіть браузер.

## Якщо проблема залишилась

1. Відкрийте платформу у вікні приватного перегляду (**Ctrl + Shift + N** у Chrome/Edge, **Ctrl + Shift + P** у Firefox): у ньому не використовуються збережені cookie та кеш.
2. Спробуйте інший сучасний браузер.
3. Якщо помилка повторюється, надішліть звернення до служби підтримки, вказавши назву компанії, браузер і його версію та додавши знімок екрана з помилкою.`,
    },
    en: {
      title: 'Clearing browser cookies and cached content',
      excerpt:
        'How to delete cookies and cached images and files in Google Chrome, Microsoft Edge, Mozilla Firefox and Opera so that the XMtrade platform loads correctly.',
      body: `Your browser keeps copies of pages, scripts and images (the cache) as well as cookies with session data. After the XMtrade platform is updated, outdated copies can cause display errors, repeated sign-in prompts or slow pages. Clearing cookies and the cache is the first step of most Knowledge base instructions.

**Please note:** clearing cookies signs you out of every website, so you will have to sign in again (including reading your qualified e-signature key on the XMtrade platform once more).

## Google Chrome, Microsoft Edge, Opera

1. Close the tabs with the XMtrade platform.
2. Press **Ctrl + Shift + Delete** (**Cmd + Shift + Delete** on macOS). The “Clear browsing data” window opens.
3. In “Time range” choose **“All time”**.
4. Tick **“Cookies and other site data”** and **“Cached images and files”**. You do not need to delete your browsing history or saved passwords.
5. Click **“Delete data”** (“Clear now” in Edge).
6. Close the browser completely (all windows) and start it again.

## Mozilla Firefox

1. Press **Ctrl + Shift + Delete** (**Cmd + Shift + Delete** on macOS).
2. In “Time range to clear” choose **“Everything”**.
3. Tick **“Cookies and site data”** and **“Temporary cached files and pages”**.
4. Click **“Clear”** and restart the browser.

## If the problem persists

1. Open the platform in a private window (**Ctrl + Shift + N** in Chrome/Edge, **Ctrl + Shift + P** in Firefox): it does not use stored cookies or cache.
2. Try another up-to-date browser.
3. If the error is still there, send a request to support with your company name, your browser and its version, and a screenshot of the error.`,
    },
  },
  {
    slug: 'xmtrade-key-problems',
    category: 'qualified-e-signature',
    uk: {
      title: 'Проблема при використанні ключа для доступу до платформи XMtrade',
      excerpt:
        'У разі виникнення проблеми з використанням ключа під час авторизації на платформі XMtrade необхідно першочергово перевірити чинність сертифіката, пароль, носій ключа та програмне забезпечення для роботи з КЕП.',
      body: `Вхід на платформу XMtrade виконується за допомогою кваліфікованого електронного підпису (КЕП). У разі виникнення проблеми з використанням ключа під час авторизації необхідно першочергово виконати наведені нижче перевірки.

1. **Перевірте строк дії сертифіката.** Сертифікат ключа має обмежений строк чинності (зазвичай один–два роки) і може бути заблокований чи скасований. Строк дії можна переглянути в програмі для роботи з ключами або на сайті вашого кваліфікованого надавача електронних довірчих послуг (КНЕДП). Прострочений чи скасований ключ потрібно перевипустити.
2. **Перевірте пароль до ключа.** Пароль чутливий до регістру: переконайтесь, що вимкнено Caps Lock і обрано правильну розкладку клавіатури. Після кількох невдалих спроб захищений носій може заблокуватися.
3. **Перевірте файл або носій ключа.** Для файлового ключа оберіть саме файл ключа (наприклад, *Key-6.dat*, *.pfx*, *.jks*), а не файл сертифіката. Для захищеного носія (токена, смарт-карти) переконайтесь, що його під'єднано, а драйвери встановлено; спробуйте інший USB-порт.
4. **Перевірте КНЕДП.** Якщо на сторінці підпису потрібно обрати надавача, оберіть того, хто видав ваш ключ, або режим автоматичного визначення.
5. **Перевірте програмне забезпечення для підпису.** Встановіть або оновіть бібліотеку/розширення браузера для роботи з КЕП, яку пропонує сторінка входу, та перезапустіть браузер.
6. **Переконайтеся, що ключ зареєстровано для вашого користувача на платформі.** Після отримання нового ключа (перевипуск, зміна підписанта) його потрібно зареєструвати для облікового запису учасника, інакше авторизація буде відхилена.
7. **Очистіть cookie та кешований вміст браузеру** (див. статтю ${CLEAR_UK}) і повторіть спробу.

Якщо жодна з перевірок не допомогла, надішліть звернення до служби підтримки. Вкажіть назву компанії, ПІБ власника ключа, назву КНЕДП, що видав ключ, текст помилки та додайте знімок екрана.

**Ніколи не надсилайте файл ключа чи пароль до нього** — працівники служби підтримки ніколи їх не запитують.`,
    },
    en: {
      title: 'Problems using the key to access the XMtrade platform',
      excerpt:
        'If your key does not work when signing in to the XMtrade platform, first check that the certificate is valid, the password, the key medium and the e-signature software.',
      body: `You sign in to the XMtrade platform with a qualified electronic signature (QES) key. If the key does not work when you sign in, first go through the checks below.

1. **Check the certificate's validity.** A key certificate is valid for a limited time (usually one or two years) and can be blocked or revoked. You can see its validity in your key software or on the website of the qualified trust service provider (QTSP) that issued it. An expired or revoked key must be reissued.
2. **Check the key password.** The password is case-sensitive: make sure Caps Lock is off and the right keyboard layout is selected. A secure key medium may lock itself after several wrong attempts.
3. **Check the key file or medium.** For a file key, choose the key file itself (for example *Key-6.dat*, *.pfx*, *.jks*), not the certificate file. For a secure medium (token, smart card), make sure it is connected and its drivers are installed; try another USB port.
4. **Check the provider.** If the signing page asks you to choose a provider, choose the one that issued your key, or the automatic detection mode.
5. **Check the signing software.** Install or update the e-signature library/browser extension that the sign-in page offers, then restart the browser.
6. **Make sure the key is registered for your user on the platform.** A new key (reissued, or for a new signatory) has to be registered for the participant's account, otherwise sign-in is refused.
7. **Clear your browser's cookies and cache** (see ${CLEAR_EN}) and try again.

If none of these checks helps, send a request to support. Give your company name, the key owner's full name, the provider that issued the key and the error text, and attach a screenshot.

**Never send your key file or its password** — support staff will never ask for them.`,
    },
  },
  {
    slug: 'xmtrade-access-problems',
    category: 'xmtrade-platform',
    uk: {
      title: 'Неможливість доступу до платформи XMtrade',
      excerpt:
        'У разі неможливості доступу до платформи XMtrade необхідно виконати наступні кроки: 1. Перевірте можливість доступу до інших Інтернет ресурсів, наприклад czo.gov.ua, kpi.gov.ua, dfa.gov.ua (можливі проблеми з боку провайдера)...',
      body: `У разі неможливості доступу до платформи XMtrade (сторінка не відкривається, браузер повідомляє про перевищення часу очікування або про помилку з'єднання) необхідно виконати наступні кроки.

1. **Перевірте можливість доступу до інших Інтернет ресурсів**, наприклад czo.gov.ua, kpi.gov.ua, dfa.gov.ua. Якщо вони також не відкриваються, імовірні проблеми з боку вашого Інтернет-провайдера або локальної мережі — зверніться до провайдера чи до ІТ-служби вашої компанії.
2. **Перевірте, чи відкривається платформа в іншому браузері** або у вікні приватного перегляду.
3. **Очистіть cookie та кешований вміст браузеру** (див. статтю ${CLEAR_UK}).
4. **Перевірте налаштування мережі компанії.** Корпоративний брандмауер, проксі-сервер, VPN або антивірус можуть блокувати адресу платформи. Попросіть ІТ-службу дозволити доступ до адреси платформи XMtrade.
5. **Перевірте дату та час на комп'ютері.** Неправильні дата, час чи часовий пояс спричиняють помилки захищеного з'єднання (сертифіката сайту).
6. **Спробуйте інше підключення**, наприклад мобільний Інтернет, щоб з'ясувати, чи пов'язана проблема з мережею вашої компанії.

Якщо платформа не відкривається після всіх перевірок, надішліть звернення до служби підтримки. Вкажіть назву компанії, час, з якого спостерігається проблема, текст помилки, результати перевірок вище (зокрема, чи відкриваються czo.gov.ua, kpi.gov.ua, dfa.gov.ua) та додайте знімок екрана.`,
    },
    en: {
      title: 'Cannot access the XMtrade platform',
      excerpt:
        'If you cannot access the XMtrade platform, take the following steps: 1. Check whether other Internet resources open, e.g. czo.gov.ua, kpi.gov.ua, dfa.gov.ua (there may be a problem on your provider\'s side)...',
      body: `If you cannot access the XMtrade platform (the page does not open, or the browser reports a time-out or a connection error), take the following steps.

1. **Check whether other Internet resources open**, for example czo.gov.ua, kpi.gov.ua, dfa.gov.ua. If they do not open either, the problem is most likely on your Internet provider's side or in your local network — contact your provider or your company's IT department.
2. **Check whether the platform opens in another browser** or in a private window.
3. **Clear your browser's cookies and cache** (see ${CLEAR_EN}).
4. **Check your company's network settings.** A corporate firewall, proxy server, VPN or antivirus may block the platform's address. Ask your IT department to allow access to the XMtrade platform's address.
5. **Check the date and time on your computer.** A wrong date, time or time zone causes secure connection (site certificate) errors.
6. **Try another connection**, for example mobile Internet, to find out whether the problem is related to your company's network.

If the platform still does not open after all these checks, send a request to support. Give your company name, the time since when the problem occurs, the error text and the results of the checks above (in particular whether czo.gov.ua, kpi.gov.ua, dfa.gov.ua open), and attach a screenshot.`,
    },
  },
  {
    slug: 'xmtrade-display-errors',
    category: 'xmtrade-platform',
    uk: {
      title: 'Помилки при відображенні платформи XMtrade',
      excerpt:
        '1. Очистіть cookie та кешований вміст вашого браузеру, більш детальну інформацію щодо очищення cookie та кешованого вмісту наведено в окремій статті. 2. Використовуйте актуальну версію браузера...',
      body: `Якщо сторінки платформи XMtrade відображаються некоректно (зсунуті чи порожні блоки, відсутні кнопки або таблиці, дані не оновлюються), виконайте наступні кроки.

1. **Очистіть cookie та кешований вміст вашого браузеру.** Більш детальну інформацію щодо очищення cookie та кешованого вмісту наведено у статті ${CLEAR_UK}.
2. **Використовуйте актуальну версію браузера** — Google Chrome, Microsoft Edge або Mozilla Firefox. Застарілі браузери (зокрема Internet Explorer) не підтримуються.
3. **Вимкніть розширення браузера**, що змінюють вміст сторінок (блокувальники реклами, перекладачі, менеджери скриптів), або відкрийте платформу у вікні приватного перегляду, де розширення зазвичай вимкнені.
4. **Встановіть масштаб сторінки 100 %** комбінацією **Ctrl + 0**. За дуже великого масштабу чи малої роздільної здатності екрана частина елементів може не вміщатися.
5. **Примусово перезавантажте сторінку** комбінацією **Ctrl + F5** (у macOS — **Cmd + Shift + R**).
6. **Перевірте в іншому браузері або на іншому комп'ютері**, щоб з'ясувати, чи пов'язана проблема з налаштуваннями конкретного робочого місця.

Якщо помилка відображення не зникла, надішліть звернення до служби підтримки з назвою компанії, назвою та версією браузера, описом сторінки, де виникає помилка, та знімком екрана.`,
    },
    en: {
      title: 'XMtrade platform display errors',
      excerpt:
        '1. Clear your browser\'s cookies and cached content; see the separate article for details on clearing cookies and the cache. 2. Use an up-to-date browser...',
      body: `If pages of the XMtrade platform are displayed incorrectly (shifted or empty blocks, missing buttons or tables, data that does not refresh), take the following steps.

1. **Clear your browser's cookies and cached content.** See the article ${CLEAR_EN} for details.
2. **Use an up-to-date browser** — Google Chrome, Microsoft Edge or Mozilla Firefox. Outdated browsers (including Internet Explorer) are not supported.
3. **Disable browser extensions** that change page content (ad blockers, translators, script managers), or open the platform in a private window, where extensions are usually disabled.
4. **Set the page zoom to 100 %** with **Ctrl + 0**. With a very large zoom or a low screen resolution some elements may not fit.
5. **Force a reload of the page** with **Ctrl + F5** (**Cmd + Shift + R** on macOS).
6. **Check in another browser or on another computer** to find out whether the problem is related to the settings of one particular workstation.

If the display error does not go away, send a request to support with your company name, the browser name and version, a description of the page where the error occurs and a screenshot.`,
    },
  },
  {
    slug: 'xmtrade-bid-submission-errors',
    category: 'bid-submission',
    uk: {
      title: 'Помилка при подачі заявок на платформу XMtrade',
      excerpt:
        'При виникненні помилки при подачі заявки на платформу XMtrade: 1. Необхідно перевірити коректність заявки, оскільки платформа XMtrade не зареєструє заявку, якщо...',
      body: `При виникненні помилки при подачі заявки на платформу XMtrade виконайте наступні кроки.

1. **Перевірте коректність заявки**, оскільки платформа XMtrade не зареєструє заявку, якщо:
   - заявку подано поза часом приймання заявок для відповідної торгової доби чи торгового періоду (після закриття воріт торгів);
   - ціна виходить за межі встановлених граничних цін;
   - обсяг або ціна мають неправильний формат: порожні поля, зайві знаки після коми, неприпустимі від'ємні чи нульові значення;
   - заявка стосується торгової доби, періоду чи торгової зони, для яких подача не відкрита;
   - фінансового забезпечення (гарантії) учасника недостатньо для заявленого обсягу.
2. **Перевірте підпис заявки.** Заявка має бути підписана чинним ключем КЕП, зареєстрованим для вашого користувача (див. статтю «Проблема при використанні ключа для доступу до платформи XMtrade»).
3. **Перевірте журнал заявок.** Можливо, заявку вже зареєстровано, і повторна подача відхиляється; статус та причина відхилення відображаються на платформі.
4. **Під час завантаження заявки з файлу** використовуйте актуальний шаблон і не змінюйте його структуру (назви та порядок колонок, формат дат і чисел).
5. **Очистіть cookie та кешований вміст браузеру** (див. статтю ${CLEAR_UK}) і повторіть подачу.

Якщо заявку не вдається подати, якнайшвидше надішліть звернення до служби підтримки — до закриття воріт торгів. Вкажіть назву компанії, торгову добу (період), час спроби подачі, текст помилки та додайте знімок екрана або файл заявки.`,
    },
    en: {
      title: 'Error when submitting bids to the XMtrade platform',
      excerpt:
        'If you get an error when submitting a bid to the XMtrade platform: 1. Check that the bid is correct, because the XMtrade platform will not register a bid if...',
      body: `If you get an error when submitting a bid to the XMtrade platform, take the following steps.

1. **Check that the bid is correct**, because the XMtrade platform will not register a bid if:
   - it is submitted outside the bid acceptance time for the trading day or trading period (after gate closure);
   - the price is outside the established price limits;
   - the volume or price has a wrong format: empty fields, too many decimal places, disallowed negative or zero values;
   - it refers to a trading day, period or bidding zone for which submission is not open;
   - the participant's financial collateral (guarantee) does not cover the bid volume.
2. **Check the bid's signature.** The bid must be signed with a valid qualified e-signature key registered for your user (see “Problems using the key to access the XMtrade platform”).
3. **Check the bid log.** The bid may already be registered, and a repeated submission is rejected; the status and the reason for rejection are shown on the platform.
4. **When uploading a bid from a file**, use the current template and do not change its structure (column names and order, date and number formats).
5. **Clear your browser's cookies and cache** (see ${CLEAR_EN}) and submit again.

If you cannot submit the bid, send a request to support as soon as possible — before gate closure. Give your company name, the trading day (period), the time of the attempt and the error text, and attach a screenshot or the bid file.`,
    },
  },
  {
    slug: 'xmtrade-slow-performance',
    category: 'xmtrade-platform',
    uk: {
      title: 'Повільна робота (підвисання) під час роботи на платформі XMtrade',
      excerpt:
        'У разі виявлення повільної роботи (підвисання) під час роботи на платформі XMtrade: 1. Очистіть cookie та кешований вміст вашого браузеру, більш детальну інформацію наведено в окремій статті...',
      body: `У разі виявлення повільної роботи (підвисання) під час роботи на платформі XMtrade виконайте наступні кроки.

1. **Очистіть cookie та кешований вміст вашого браузеру.** Більш детальну інформацію щодо очищення cookie та кешованого вмісту наведено у статті ${CLEAR_UK}.
2. **Закрийте зайві вкладки та програми.** Велика кількість відкритих вкладок (зокрема кілька вкладок із платформою одночасно) та ресурсомісткі програми уповільнюють роботу браузера. Перевірте завантаження процесора й пам'яті в диспетчері завдань.
3. **Перевірте швидкість і стабільність Інтернет-з'єднання**, зокрема доступ до інших ресурсів (наприклад, czo.gov.ua, kpi.gov.ua, dfa.gov.ua). VPN або проксі-сервер можуть суттєво сповільнювати з'єднання.
4. **Оновіть браузер до актуальної версії та вимкніть зайві розширення.**
5. **Перевірте роботу в іншому браузері або на іншому комп'ютері**, щоб з'ясувати, чи пов'язане підвисання з конкретним робочим місцем.
6. **Зафіксуйте, коли саме виникає підвисання**: під час яких дій (вхід, перегляд результатів, подача заявок), в який час і як довго воно триває.

Якщо повільна робота не зникає, надішліть звернення до служби підтримки з назвою компанії, описом дій, під час яких виникає підвисання, часом спостереження та результатами перевірок вище.`,
    },
    en: {
      title: 'Slow performance (freezing) while working on the XMtrade platform',
      excerpt:
        'If the XMtrade platform works slowly or freezes: 1. Clear your browser\'s cookies and cached content; see the separate article for details...',
      body: `If the XMtrade platform works slowly or freezes while you work on it, take the following steps.

1. **Clear your browser's cookies and cached content.** See the article ${CLEAR_EN} for details.
2. **Close unneeded tabs and programs.** Many open tabs (especially several tabs with the platform at once) and resource-hungry programs slow the browser down. Check CPU and memory usage in the task manager.
3. **Check the speed and stability of your Internet connection**, including access to other resources (for example czo.gov.ua, kpi.gov.ua, dfa.gov.ua). A VPN or proxy server can slow the connection down considerably.
4. **Update your browser to the current version and disable unneeded extensions.**
5. **Check in another browser or on another computer** to find out whether the freezing is related to one particular workstation.
6. **Note when exactly the freezing happens**: during which actions (sign-in, viewing results, submitting bids), at what time and for how long.

If the slowness persists, send a request to support with your company name, a description of the actions during which it occurs, when you observed it, and the results of the checks above.`,
    },
  },
];
