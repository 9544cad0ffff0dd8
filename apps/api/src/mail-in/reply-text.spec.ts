import { htmlToText, stripQuotedText } from './reply-text';

const manualQuote = `Направляю вам підписаний файл у вкладенні.

29.04.2021 14:33, Технічна підтримка пише:

Доброго дня, Тестовий контрагент,

Щойно було отримано відповідь від чергового техпідтримки на запит "Проблема з підписом заявки".
З повагою, черговий техпідтримки.`;

describe('stripQuotedText (R-MAIL-4)', () => {
  it('keeps only the participant\'s words above the manual\'s quote header', () => {
    expect(stripQuotedText(manualQuote)).toBe('Направляю вам підписаний файл у вкладенні.');
  });

  it('cuts at an English "On … wrote:" header, also when the client wrapped it', () => {
    expect(stripQuotedText('Thanks, done.\n\nOn Thu, 29 Apr 2021 at 10:55, Support <support@oree.com.ua> wrote:\n> Hello')).toBe('Thanks, done.');
    expect(stripQuotedText('Thanks.\n\nOn Thu, 29 Apr 2021 at 10:55, Support <support@oree.com.ua>\nwrote:\n> Hello')).toBe('Thanks.');
  });

  it('cuts at Outlook\'s From/Sent block in English and Ukrainian, with its rule', () => {
    const en = 'See attached.\n\n________________________________\nFrom: Support <support@oree.com.ua>\nSent: Thursday, April 29, 2021 10:55\nTo: me\nSubject: Re';
    const uk = 'Дивіться вкладення.\n\nВід: Технічна підтримка <support@oree.com.ua>\nНадіслано: 29 квітня 2021 р. 10:55\nКому: я';
    expect(stripQuotedText(en)).toBe('See attached.');
    expect(stripQuotedText(uk)).toBe('Дивіться вкладення.');
  });

  it('cuts at -----Original Message----- and drops > lines', () => {
    expect(stripQuotedText('Ok\n-----Original Message-----\nFrom: x')).toBe('Ok');
    expect(stripQuotedText('> quoted\nMy answer\n> more quoted')).toBe('My answer');
  });

  it('leaves a message without a quote as it is', () => {
    expect(stripQuotedText('Рядок 1\nРядок 2: пояснення')).toBe('Рядок 1\nРядок 2: пояснення');
  });
});

describe('htmlToText', () => {
  it('drops scripts and Gmail\'s quote container, keeps the text and links', () => {
    const html = '<div dir="ltr">Файл у вкладенні, <a href="https://czo.gov.ua/sign">перевірка</a><script>alert(1)</script></div>'
      + '<div class="gmail_quote"><div class="gmail_attr">On Thu, Support wrote:</div><blockquote>old</blockquote></div>';
    const text = htmlToText(html, { withoutQuotes: true });
    expect(text).toContain('Файл у вкладенні');
    expect(text).toContain('https://czo.gov.ua/sign');
    expect(text).not.toMatch(/alert|old|wrote/);
  });

  it('cuts Outlook HTML at its From/Sent block', () => {
    const html = '<div>Готово.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>Від:</b> Технічна підтримка<br><b>Надіслано:</b> 29 квітня 2021 р.</div><div>Доброго дня…</div>';
    expect(htmlToText(html, { withoutQuotes: true })).toBe('Готово.');
  });
});
