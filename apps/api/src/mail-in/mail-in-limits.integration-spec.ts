import { createTestApp, TestApp } from '../testing/test-app';
import { MailInService } from './mail-in.service';

jest.setTimeout(120_000);

function eml(id: string, body: string, type = 'text/plain'): Buffer {
  return Buffer.from(
    [`From: Олена <${id}@client.test>`, 'To: support@localhost', `Subject: Ліміти ${id}`, `Message-ID: <${id}@client.test>`, `Content-Type: ${type}; charset=utf-8`, '', body, ''].join('\r\n'),
    'utf8',
  );
}

/**
 * Issue 12.1, defence in depth, on the real app and PostgreSQL: the text
 * processed is capped and the request says so; parsing has a time budget;
 * a message is attempted at most MAIL_IN_MAX_ATTEMPTS times.
 */
describe('12.1 one e-mail must never stall the API: limits of mail-in', () => {
  let t: TestApp;
  const receive = (raw: Buffer) => t.app.get(MailInService).receive(raw, 'test');
  const inbound = async (id: string) =>
    (await t.db.query(`SELECT id::text, status, reason, reason_params, attempts, details, ticket_id FROM inbound_messages WHERE id = $1`, [id]))[0] as {
      id: string;
      status: string;
      reason: string | null;
      reason_params: Record<string, string | number>;
      attempts: number;
      details: Record<string, unknown>;
      ticket_id: string | null;
    };

  beforeAll(async () => {
    t = await createTestApp({ MAIL_IN_MAX_TEXT_BYTES: '2048', MAIL_IN_MAX_ATTEMPTS: '3', MAIL_IN_PARSE_TIMEOUT_MS: '60000', MAIL_IN_BURST_LIMIT: '1000' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('processes only MAIL_IN_MAX_TEXT_BYTES of a long text and notes in the request that the rest is in the original', async () => {
    const { inboundId, status } = await receive(eml('long', `Початок. ${'довгий текст '.repeat(2_000)}кінець`));
    expect(status).toBe('processed');
    const row = await inbound(inboundId);
    expect(row.details).toEqual(expect.objectContaining({ textTruncatedAtBytes: 2048 }));
    const messages: { body: string; author_type: string; is_internal: boolean }[] = await t.db.query(`SELECT body, author_type, is_internal FROM messages WHERE ticket_id = $1 ORDER BY id`, [row.ticket_id]);
    const participant = messages.find((m) => m.author_type === 'participant')!;
    expect(participant.body.startsWith('Початок.')).toBe(true);
    expect(Buffer.byteLength(participant.body)).toBeLessThanOrEqual(2048);
    const note = messages.find((m) => m.author_type === 'system');
    expect(note).toEqual(expect.objectContaining({ is_internal: true }));
    expect(note!.body).toContain(`вхідний лист № ${inboundId}`);
  });

  it('quarantines, with that reason, a message whose processing did not finish MAIL_IN_MAX_ATTEMPTS times', async () => {
    const { inboundId } = await receive(eml('ordinary', 'Звичайний лист'));
    // As if three processes had died on it: recorded, undecided, three attempts counted.
    await t.db.query(`UPDATE inbound_messages SET status = 'received', reason = NULL, ticket_id = NULL, attempts = 3 WHERE id = $1`, [inboundId]);
    const again = await t.app.get(MailInService).process(inboundId);
    expect(again.status).toBe('quarantined');
    const row = await inbound(inboundId);
    expect(row.attempts).toBe(4);
    expect(row).toMatchObject({ reason: 'max-attempts', reason_params: { max: 3 } });
  });

  it('quarantines a message that runs over the parse time budget, and the next one is processed', async () => {
    const service = t.app.get(MailInService);
    // The budget is cut only now, with the worker loaded: its start-up is no message's time.
    (service as unknown as { parser: { options: { timeoutMs: number; maxTextBytes: number } } }).parser.options.timeoutMs = 20;
    (service as unknown as { parser: { options: { timeoutMs: number; maxTextBytes: number } } }).parser.options.maxTextBytes = 64 * 1024 * 1024;
    const slow = await receive(eml('slow', '<p>повільно</p>'.repeat(300_000), 'text/html'));
    (service as unknown as { parser: { options: { timeoutMs: number; maxTextBytes: number } } }).parser.options.timeoutMs = 60_000;
    expect(slow.status).toBe('quarantined');
    expect((await inbound(slow.inboundId)).reason_params.error).toMatch(/parsing took longer than 20 ms/);
    const next = await receive(eml('next', 'Наступний лист'));
    expect(next.status).toBe('processed');
  });
});
