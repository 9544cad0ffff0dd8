import { parseInbound, recordedMessageId } from './inbound-mail';

describe('the Message-ID an inbound e-mail is recorded under (R-MAIL-6)', () => {
  it('is the header\'s, without angle brackets', () => {
    expect(recordedMessageId(Buffer.from('From: a@b.c\r\nMessage-ID: <x1@client.test>\r\n\r\nbody'))).toBe('x1@client.test');
  });

  it.each([
    ['none', 'From: a@b.c\r\n\r\nbody'],
    ['too long', `Message-ID: <${'i'.repeat(1000)}@x>\r\n\r\nbody`],
    // Found by tests/hostile: PostgreSQL refused the NUL, so the message was never recorded and was offered again on every poll.
    ['with a NUL', 'Message-ID: <a\u0000b@x>\r\n\r\nbody'],
    ['with control characters', 'Message-ID: <a\u0007\u001bb@x>\r\n\r\nbody'],
  ])('falls back to a hash of the bytes when the id is unusable (%s), the same for the same bytes', (_, text) => {
    const id = recordedMessageId(Buffer.from(text, 'latin1'));
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(recordedMessageId(Buffer.from(text, 'latin1'))).toBe(id);
  });
});

describe('reading an inbound e-mail', () => {
  // Found by tests/hostile: PostgreSQL refuses NUL, so such a message was quarantined whole.
  it('drops NUL and other control characters from the subject, the sender\'s name and the body', async () => {
    const raw = Buffer.from('From: =?utf-8?Q?Ole=00na?= <olena@client.test>\r\nSubject: =?utf-8?Q?=D0=A2=D0=B5=00=D0=BC=D0=B0=07?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nДоб\u0000рий\u001b день\tвсім\r\nрядок 2\r\n', 'utf8');
    const mail = await parseInbound(raw);
    expect(mail.from).toEqual({ name: 'Olena', address: 'olena@client.test' });
    expect(mail.subject).toBe('Тема');
    expect(mail.body).toBe('Добрий день\tвсім\nрядок 2');
  });
});

describe('15.5 decoding what real clients send', () => {
  const iconv = jest.requireActual<typeof import('iconv-lite')>('iconv-lite');
  /** A message whose Subject and From name are raw bytes in `charset`, as old and East Asian clients write them. */
  function rawMail(charset: string, subject: string, name: string, body: string, declare = true): Buffer {
    return Buffer.concat([
      Buffer.from('From: '),
      iconv.encode(name, charset),
      Buffer.from(' <sender@client.test>\r\nSubject: '),
      iconv.encode(subject, charset),
      Buffer.from(`\r\nMIME-Version: 1.0\r\nContent-Type: text/plain${declare ? `; charset=${charset}` : ''}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
      iconv.encode(body, charset),
    ]);
  }

  it.each([
    ['windows-1251', 'Тема листа про підпис', 'Олена Коваль', 'Добрий день, надсилаю файл.'],
    ['koi8-u', 'Тема листа про підпис', 'Олена Коваль', 'Добрий день, надсилаю файл.'],
    ['gbk', '关于签名的问题', '王小明', '您好，附件是签名文件。'],
    ['shift_jis', '署名についての質問', '山田太郎', 'こんにちは、署名ファイルを添付します。'],
    ['iso-8859-2', 'Zażółć gęślą jaźń', 'Paweł Nowak', 'Dzień dobry, plik w załączniku.'],
  ])('reads a raw 8-bit %s subject and sender name in the declared charset', async (charset, subject, name, body) => {
    const mail = await parseInbound(rawMail(charset, subject, name, body));
    expect(mail.subject).toBe(subject);
    expect(mail.from).toEqual({ name, address: 'sender@client.test' });
    expect(mail.body).toBe(body);
  });

  it('detects the charset of a raw 8-bit subject when the message declares none', async () => {
    const body = 'Добрий день! Надсилаю вам підписаний файл у вкладенні. Перевірте, будь ласка, чи все гаразд з підписом.';
    const mail = await parseInbound(rawMail('windows-1251', 'Проблема з підписом заявки', 'Петро', body, false));
    expect(mail.subject).toBe('Проблема з підписом заявки');
  });

  it('reads an ISO-2022-JP subject written without encoded words', async () => {
    const Encoding = jest.requireActual<typeof import('encoding-japanese')>('encoding-japanese');
    const jis = Buffer.from(Encoding.convert(Encoding.stringToCode('署名の質問'), { from: 'UNICODE', to: 'JIS' }));
    const raw = Buffer.concat([Buffer.from('From: a@client.test\r\nSubject: '), jis, Buffer.from('\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\nhello')]);
    expect((await parseInbound(raw)).subject).toBe('署名の質問');
  });

  it('leaves encoded words and UTF-8 subjects to the parser', async () => {
    const raw = Buffer.from('From: a@client.test\r\nSubject: =?utf-8?B?0KLQtdC80LA=?= Тест\r\nContent-Type: text/plain; charset=windows-1251\r\n\r\nhello', 'utf8');
    expect((await parseInbound(raw)).subject).toBe('Тема Тест');
  });
});

describe('15.5 files inside a text part, and a message that is only an image', () => {
  /** uuencode as `uuencode(1)` writes it. */
  function uuencode(name: string, data: Buffer): string {
    const enc = (n: number) => String.fromCharCode(n === 0 ? 0x60 : n + 32);
    const lines: string[] = [`begin 644 ${name}`];
    for (let i = 0; i < data.length; i += 45) {
      const chunk = data.subarray(i, i + 45);
      let line = enc(chunk.length);
      for (let k = 0; k < chunk.length; k += 3) {
        const [a, b = 0, c = 0] = [chunk[k], chunk[k + 1], chunk[k + 2]];
        line += enc(a >> 2) + enc(((a & 3) << 4) | (b >> 4)) + enc(((b & 15) << 2) | (c >> 6)) + enc(c & 63);
      }
      lines.push(line);
    }
    return [...lines, '`', 'end'].join('\r\n');
  }

  it('turns a uuencoded file in the text into an attachment, and keeps the words around it', async () => {
    const csv = Buffer.from('номер;сума\n1;1200\n2;3400\n'.repeat(20), 'utf8');
    const raw = Buffer.from(`From: a@client.test\r\nSubject: csv\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nЗвіт у вкладенні.\r\n\r\n${uuencode('report.csv', csv)}\r\n\r\nДякую!\r\n`, 'utf8');
    const mail = await parseInbound(raw);
    expect(mail.body).toBe('Звіт у вкладенні.\n\nДякую!');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'report.csv', inline: false });
    expect(mail.attachments[0].content.equals(csv)).toBe(true);
  });

  it('leaves a "begin" that is no uuencoded block as text', async () => {
    const raw = Buffer.from('From: a@client.test\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbegin 644 notes.txt\r\nthis is not encoded at all\r\nend\r\n', 'utf8');
    const mail = await parseInbound(raw);
    expect(mail.body).toBe('begin 644 notes.txt\nthis is not encoded at all\nend');
    expect(mail.attachments).toEqual([]);
  });

  it('keeps a message whose only part is an image as that image, attached', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const raw = Buffer.from(`From: a@client.test\r\nSubject: scan\r\nMIME-Version: 1.0\r\nContent-Type: image/png; name="scan.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${png}\r\n`);
    const mail = await parseInbound(raw);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'scan.png', inline: false });
    expect(mail.attachments[0].content.equals(Buffer.from(png, 'base64'))).toBe(true);
  });
});
