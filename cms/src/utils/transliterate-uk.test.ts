import { slugFromTitle, transliterateUk } from './transliterate-uk';

/**
 * Issue 17.11: the resolution's own table of examples (Cabinet of Ministers of Ukraine, No. 55 of
 * 27.01.2010), every one of them; then the slugs the CMS makes of article titles.
 */
describe('transliterateUk: the official transliteration (KMU resolution No. 55, 2010)', () => {
  const RESOLUTION_EXAMPLES: [string, string][] = [
    ['Алушта', 'Alushta'], ['Андрій', 'Andrii'],
    ['Борщагівка', 'Borshchahivka'], ['Борисенко', 'Borysenko'],
    ['Вінниця', 'Vinnytsia'], ['Володимир', 'Volodymyr'],
    ['Гадяч', 'Hadiach'], ['Богдан', 'Bohdan'], ['Згурський', 'Zghurskyi'],
    ['Ґалаґан', 'Galagan'], ['Ґорґани', 'Gorgany'],
    ['Донецьк', 'Donetsk'], ['Дмитро', 'Dmytro'],
    ['Рівне', 'Rivne'], ['Олег', 'Oleh'], ['Есмань', 'Esman'],
    ['Єнакієве', 'Yenakiieve'], ['Гаєвич', 'Haievych'], ['Короп\'є', 'Koropie'],
    ['Житомир', 'Zhytomyr'], ['Жанна', 'Zhanna'], ['Жежелів', 'Zhezheliv'],
    ['Закарпаття', 'Zakarpattia'], ['Казимирчук', 'Kazymyrchuk'],
    ['Медвин', 'Medvyn'], ['Михайленко', 'Mykhailenko'],
    ['Іванків', 'Ivankiv'], ['Іващенко', 'Ivashchenko'],
    ['Їжакевич', 'Yizhakevych'], ['Кадиївка', 'Kadyivka'], ['Мар\'їне', 'Marine'],
    ['Йосипівка', 'Yosypivka'], ['Стрий', 'Stryi'], ['Олексій', 'Oleksii'],
    ['Київ', 'Kyiv'], ['Коваленко', 'Kovalenko'],
    ['Лебедин', 'Lebedyn'], ['Леонід', 'Leonid'],
    ['Миколаїв', 'Mykolaiv'], ['Маринич', 'Marynych'],
    ['Ніжин', 'Nizhyn'], ['Наталія', 'Nataliia'],
    ['Одеса', 'Odesa'], ['Онищенко', 'Onyshchenko'],
    ['Полтава', 'Poltava'], ['Петро', 'Petro'],
    ['Решетилівка', 'Reshetylivka'], ['Рибчинський', 'Rybchynskyi'],
    ['Суми', 'Sumy'], ['Соломія', 'Solomiia'],
    ['Тернопіль', 'Ternopil'], ['Троць', 'Trots'],
    ['Ужгород', 'Uzhhorod'], ['Уляна', 'Uliana'],
    ['Фастів', 'Fastiv'], ['Філіпчук', 'Filipchuk'],
    ['Харків', 'Kharkiv'], ['Христина', 'Khrystyna'],
    ['Біла Церква', 'Bila Tserkva'], ['Стеценко', 'Stetsenko'],
    ['Чернівці', 'Chernivtsi'], ['Шевченко', 'Shevchenko'],
    ['Шостка', 'Shostka'], ['Кишеньки', 'Kyshenky'],
    ['Щербухи', 'Shcherbukhy'], ['Гоща', 'Hoshcha'], ['Гаращенко', 'Harashchenko'],
    ['Юрій', 'Yurii'], ['Корюківка', 'Koriukivka'],
    ['Яготин', 'Yahotyn'], ['Ярошенко', 'Yaroshenko'], ['Костянтин', 'Kostiantyn'], ['Знам\'янка', 'Znamianka'], ['Феодосія', 'Feodosiia'],
    ['Згорани', 'Zghorany'], ['Розгон', 'Rozghon'],
  ];

  it.each(RESOLUTION_EXAMPLES)('%s → %s', (ukrainian, latin) => {
    expect(transliterateUk(ukrainian)).toBe(latin);
  });

  it('treats each word\'s start on its own, and keeps what is not Cyrillic', () => {
    expect(transliterateUk('Юрій Яковенко, Київ-2010: «Єдність»')).toBe('Yurii Yakovenko, Kyiv-2010: «Yednist»');
    expect(transliterateUk('XMtrade і КЕП')).toBe('XMtrade i KEP');
  });

  it('writes a word in capitals in capitals', () => {
    expect(transliterateUk('ЩЕРБУХИ ЗГОРАНИ')).toBe('SHCHERBUKHY ZGHORANY');
  });

  it('takes every apostrophe Ukrainian text is typed with', () => {
    for (const apostrophe of ["'", '’', 'ʼ']) expect(transliterateUk(`Знам${apostrophe}янка`)).toBe('Znamianka');
  });
});

describe('slugFromTitle', () => {
  it('makes the manual\'s article titles into readable slugs', () => {
    expect(slugFromTitle('Неможливість доступу до платформи XMtrade')).toBe('nemozhlyvist-dostupu-do-platformy-xmtrade');
    expect(slugFromTitle('Очистка файлів cookie та кешованого вмісту браузеру')).toBe('ochystka-failiv-cookie-ta-keshovanoho-vmistu-brauzeru');
    expect(slugFromTitle('Повільна робота (підвисання) під час роботи на платформі XMtrade')).toBe('povilna-robota-pidvysannia-pid-chas-roboty-na-platformi-xmtrade');
    expect(slugFromTitle('Cannot access the XMtrade platform')).toBe('cannot-access-the-xmtrade-platform');
  });

  it('cuts a long title at a word\'s end', () => {
    const slug = slugFromTitle('Дуже довга назва статті '.repeat(10), 40);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect('duzhe-dovha-nazva-statti-duzhe-dovha-nazva-statti'.startsWith(slug)).toBe(true);
  });

  it('is empty for a title with nothing to make a slug of', () => {
    expect(slugFromTitle(' — ? ')).toBe('');
  });
});
