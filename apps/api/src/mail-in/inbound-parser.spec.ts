import { InboundParser, ParseTimeoutError } from './inbound-parser';

const eml = (body: string, type = 'text/plain') =>
  Buffer.from(`From: Олена <olena@client.test>\r\nSubject: Test\r\nMessage-ID: <p@client.test>\r\nContent-Type: ${type}; charset=utf-8\r\n\r\n${body}`, 'utf8');

describe('12.1 parsing runs in a worker thread with a time budget', () => {
  jest.setTimeout(120_000);
  let parser: InboundParser | undefined;

  afterEach(async () => {
    await parser?.close();
  });

  it('parses in a worker, Buffers intact, and cuts the text at maxTextBytes', async () => {
    parser = new InboundParser({ timeoutMs: 60_000, workers: 1, maxTextBytes: 1024 });
    const mail = await parser.parse(eml(`Доброго дня! ${'слово '.repeat(1_000)}`));
    expect(mail.from).toEqual({ name: 'Олена', address: 'olena@client.test' });
    expect(Buffer.byteLength(mail.body)).toBeLessThanOrEqual(1024);
    expect(mail.body.startsWith('Доброго дня!')).toBe(true);
    expect(mail.textTruncated).toBe(true);
    expect(parser.workerCount).toBe(1);
  });

  it('makes an admin preview in the worker too', async () => {
    parser = new InboundParser({ timeoutMs: 60_000, workers: 1, maxTextBytes: 1024 });
    const preview = await parser.preview(eml('<p>Привіт <b>світ</b></p>', 'text/html'));
    expect(preview.text).toBe('Привіт світ');
    expect(preview.headers).toEqual(expect.arrayContaining([{ name: 'subject', value: 'Test' }]));
    expect(preview.parseError).toBeNull();
  });

  it('fails a message that runs over its budget with that reason, replaces the worker, and parses the next one', async () => {
    parser = new InboundParser({ timeoutMs: 60_000, workers: 1, maxTextBytes: 64 * 1024 * 1024 });
    // The worker is loaded (its start-up is not the message's time) before the budget is made tiny.
    await parser.parse(eml('warm-up'));
    (parser as unknown as { options: { timeoutMs: number } }).options.timeoutMs = 20;
    const slow = eml('<p>повільно</p>'.repeat(300_000), 'text/html');
    await expect(parser.parse(slow)).rejects.toThrow(ParseTimeoutError);
    await expect(parser.parse(slow)).rejects.toThrow(/longer than 20 ms/);
    (parser as unknown as { options: { timeoutMs: number } }).options.timeoutMs = 60_000;
    const next = await parser.parse(eml('наступний'));
    expect(next.body).toBe('наступний');
    expect(parser.workerCount).toBe(1);
  });
});
