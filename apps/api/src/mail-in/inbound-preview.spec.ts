import { QUARANTINE_TEXT_PREVIEW_MAX_CHARS } from '@pidtrymka/contracts';
import * as mailparser from 'mailparser';
import { previewInbound } from './inbound-preview';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('previewInbound (R-MAIL-6: what an admin reads of a quarantined e-mail)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('decodes headers, turns HTML into text and lists attachments without their bytes', async () => {
    const raw = crlf([
      'From: =?UTF-8?B?0KPRh9Cw0YHQvdC40Lo=?= <p@client.test>',
      'Received: from a',
      'Received: from b',
      'Subject: =?UTF-8?B?0JLRltC00LrQu9Cw0LTQtdC90LjQuSBIVE1M?=',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Привіт</p><script>alert(1)</script><img src="https://tracker.test/x.png" onerror="x()">',
      '--b',
      'Content-Type: application/pdf; name="акт.pdf"',
      'Content-Disposition: attachment; filename="=?UTF-8?B?0LDQutGCLnBkZg==?="',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4').toString('base64'),
      '--b--',
      '',
    ]);
    const preview = await previewInbound(raw);
    expect(preview.parseError).toBeNull();
    expect(preview.headers).toEqual(
      expect.arrayContaining([
        { name: 'from', value: '"Учасник" <p@client.test>' },
        { name: 'subject', value: 'Відкладений HTML' },
        { name: 'received', value: 'from a' },
        { name: 'received', value: 'from b' },
      ]),
    );
    expect(preview.text).toContain('Привіт');
    expect(preview.text).not.toMatch(/<|alert|tracker/);
    expect(preview.attachments).toEqual([{ filename: 'акт.pdf', contentType: 'application/pdf', size: 8 }]);
  });

  it('cuts a very long text and says so; strips control characters from headers', async () => {
    const raw = crlf(['From: p@client.test', 'Subject: a\u0007b', 'Content-Type: text/plain; charset=utf-8', '', 'я'.repeat(QUARANTINE_TEXT_PREVIEW_MAX_CHARS + 10)]);
    const preview = await previewInbound(raw);
    expect(preview.textTruncated).toBe(true);
    expect(preview.text).toHaveLength(QUARANTINE_TEXT_PREVIEW_MAX_CHARS);
    expect(preview.headers).toContainEqual({ name: 'subject', value: 'a b' });
  });

  it('still shows a message the parser cannot read: its header block and body as raw text', async () => {
    jest.spyOn(mailparser, 'simpleParser').mockRejectedValue(new Error('broken MIME'));
    const preview = await previewInbound(crlf(['From: p@client.test', 'Subject: Зламаний', '\tлист', '', 'тіло']));
    expect(preview).toEqual({
      headers: [
        { name: 'from', value: 'p@client.test' },
        { name: 'subject', value: 'Зламаний лист' },
      ],
      text: 'тіло',
      textTruncated: false,
      attachments: [],
      parseError: 'broken MIME',
    });
  });
});
