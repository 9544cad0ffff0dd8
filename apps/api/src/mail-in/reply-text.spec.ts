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

describe('15.1 every word the participant wrote, none of ours (R-MAIL-4)', () => {
  it('keeps inline answers between quoted lines', () => {
    const text = 'See my answers.\n\nOn Mon, May 3, 2021 at 2:02 PM Support <s@oree.com.ua> wrote:\n> Which browser?\nFirefox 88.\n> Do you see the button?\nNo.\n>\n> Regards';
    expect(stripQuotedText(text)).toBe('See my answers.\n\nFirefox 88.\n\nNo.');
  });

  it('keeps a sign-off and a P.S. below the quote', () => {
    const text = 'Attached.\n\nOn 04/19/2011 07:10 AM, Support wrote:\n\n>\n> Please send it.\n\nRegards, Roman\nP.S. the file is signed';
    expect(stripQuotedText(text)).toBe('Attached.\n\nRegards, Roman\nP.S. the file is signed');
  });

  it('keeps the reply below a quote that starts with a date-first header', () => {
    expect(stripQuotedText('On 04/19/2011 07:10 AM, Roman Tkachenko wrote:\n\n>\n> Test\nTest reply')).toBe('Test reply');
  });

  it('finds the header on the same line as the last words, also after ---', () => {
    expect(stripQuotedText('reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:\n> Hi')).toBe('reply');
    expect(stripQuotedText('reply\nbla-bla - bla--- On Wed, Apr 4, 2012 at 3:59 PM, me@domain.com wrote:\n> Hi')).toBe('reply\nbla-bla - bla');
    expect(stripQuotedText('Thanks\n---\nOn Wed, Apr 4, 2012 at 3:59 PM, me@domain.com wrote:\n> Hi')).toBe('Thanks');
  });

  it.each([
    ['de', 'Am 29.04.2021 um 10:55 schrieb Support <s@oree.com.ua>:'],
    ['fr', 'Le 29 avr. 2021 à 10:55, Support <s@oree.com.ua> a écrit :'],
    ['pl', 'W dniu 29.04.2021 o 10:55, Support pisze:'],
    ['es', 'El jue, 29 abr 2021 a las 10:55, Support (<s@oree.com.ua>) escribió:'],
    ['it', 'Il giorno gio 29 apr 2021 alle ore 10:55 Support <s@oree.com.ua> ha scritto:'],
    ['pt', 'Em qui., 29 de abr. de 2021 às 10:55, Support <s@oree.com.ua> escreveu:'],
    ['nl', 'Op do 29 apr. 2021 om 10:55 schreef Support <s@oree.com.ua>:'],
    ['ru', 'чт, 29 апр. 2021 г. в 10:55, Support <s@oree.com.ua>:'],
    ['uk', 'чт, 29 квіт. 2021 р. о 10:55 Технічна підтримка <s@oree.com.ua> пише:'],
  ])('recognises the %s quote header, quoted or not', (_, header) => {
    expect(stripQuotedText(`Готово.\n\n${header}\n> Будь ласка, перевірте.`)).toBe('Готово.');
    expect(stripQuotedText(`Готово.\n\n${header}\nБудь ласка, перевірте.`)).toBe('Готово.');
  });

  it.each([
    ['-----Original Message-----\nFrom: Support [mailto:s@oree.com.ua]\nSent: Thursday'],
    ['________________________________\nFrom: Support <s@oree.com.ua>\nSent: Thursday, April 29, 2021 10:55 AM\nTo: me'],
    ['Von: Support <s@oree.com.ua>\nGesendet: Donnerstag, 29. April 2021 10:55\nAn: Jens'],
    ['De : Support <s@oree.com.ua>\nEnvoyé : jeudi 29 avril 2021 10:55\nÀ : Claire'],
    ['Od: Support <s@oree.com.ua>\nWysłano: czwartek, 29 kwietnia 2021 10:55\nDo: Anna'],
    ['От: Технічна підтримка <s@oree.com.ua>\nОтправлено: 29 апреля 2021 г. 10:55\nКому: Иван'],
  ])('cuts at an Outlook-style block: %s', (block) => {
    expect(stripQuotedText(`Ok.\n\n${block}\n\nPlease check.`)).toBe('Ok.');
  });

  it('keeps a forwarded message whole: it is the participant\'s message', () => {
    const text = 'See below.\n\n---------- Forwarded message ---------\nFrom: Bank <b@bank.example>\nDate: Mon, May 3, 2021\nSubject: Rejected\n\nYour payment was rejected.';
    expect(stripQuotedText(text)).toBe(text);
    const outlook = 'FYI\n\n________________________________\nFrom: Bank <b@bank.example>\nSent: Monday, May 3, 2021 8:00 AM\nSubject: FW: Rejected\n\nYour payment was rejected.';
    expect(stripQuotedText(outlook)).toBe(outlook);
  });

  it('does not take text that only looks like a header for one', () => {
    expect(stripQuotedText('This is what my colleague wrote:\nthe certificate expired on 01.05.2021.')).toBe('This is what my colleague wrote:\nthe certificate expired on 01.05.2021.');
    expect(stripQuotedText('From: 1 May to 5 May our office is closed.\nPlease answer after that.')).toBe('From: 1 May to 5 May our office is closed.\nPlease answer after that.');
  });

  it('reads CRLF and CR line ends', () => {
    expect(stripQuotedText('Thanks.\r\n\r\nOn Thu, Apr 29, 2021 at 10:55 AM Support <s@x.ua> wrote:\r\n> hi\r\nbye\ry')).toBe('Thanks.\n\nbye\ny');
  });
});

describe('15.2 HTML mail: the clients\' quote containers, paragraphs and lists (R-MAIL-4)', () => {
  it.each([
    ['Apple Mail', '<div>Done.</div><blockquote type="cite"><div>On 29 Apr 2021, at 10:55, Support &lt;s@oree.com.ua&gt; wrote:</div><div>Please check.</div></blockquote>'],
    ['Thunderbird', '<p>Done.</p><div class="moz-cite-prefix">On 29.04.21 10:55, Support wrote:<br></div><blockquote type="cite">Please check.</blockquote>'],
    ['Yahoo', '<div>Done.</div><div id="yahoo_quoted_1" class="yahoo_quoted"><div>Please check.</div></div>'],
    ['a webmail quote div', '<div>Done.</div><div class="mail-quote"><div>Please check.</div></div>'],
    ['Outlook on the web', '<div>Done.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Support &lt;s@oree.com.ua&gt;<br><b>Sent:</b> Thursday<br><b>To:</b> me</div><div>Please check.</div>'],
  ])('removes the quote of %s', (_, html) => {
    expect(htmlToText(html, { withoutQuotes: true })).toBe('Done.');
    expect(htmlToText(html, { withoutQuotes: false })).toContain('Please check.');
  });

  it('keeps answers between blockquotes and a Gmail forward', () => {
    expect(htmlToText('<div>Answers.</div><blockquote>Which browser?</blockquote><div>Firefox.</div>', { withoutQuotes: true })).toBe('Answers.\n\nFirefox.');
    const forward = '<div>FYI<div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>From: Bank &lt;b@bank.example&gt;<br>Date: Mon, May 3, 2021<br>Subject: Rejected<br></div><br>Rejected.</div></div>';
    expect(htmlToText(forward, { withoutQuotes: true })).toBe('FYI\n---------- Forwarded message ---------\nFrom: Bank <b@bank.example>\nDate: Mon, May 3, 2021\nSubject: Rejected\n\nRejected.');
  });

  it('keeps paragraph breaks, line breaks and lists, and drops styles, scripts and comments', () => {
    const html = '<html><head><style>p{color:red}</style><title>t</title></head><body><p>One<br>two</p><!-- x --><p>Three &amp; four</p><ul><li>a</li><li>b</li></ul><ol start="3"><li>c</li></ol><script>alert(1)</script></body></html>';
    expect(htmlToText(html, { withoutQuotes: true })).toBe('One\ntwo\n\nThree & four\n\n- a\n- b\n\n3. c');
  });

  it('keeps the text after an unclosed <style> rather than losing it', () => {
    expect(htmlToText('<style>p{}<p>My words</p>', { withoutQuotes: true })).toContain('My words');
  });
});
