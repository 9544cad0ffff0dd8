import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { MailInRunner } from '../../apps/api/src/mail-in/mail-in.runner';
import { MailInService } from '../../apps/api/src/mail-in/mail-in.service';
import { OutboxWorker } from '../../apps/api/src/notifications/outbox.worker';
import { createTestApp, TestApp } from '../../apps/api/src/testing/test-app';
import { eventually } from '../support/smtp-capture';

jest.setTimeout(30_000);

const repoRoot = join(__dirname, '..', '..');
const compose = (options: Mail.Options): Promise<Buffer> => new MailComposer({ to: 'support@localhost', ...options }).compile().build();

function runCli(script: string, args: string[], env: Record<string, string>, stdin?: Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(repoRoot, 'apps/api/dist/mail-in/cli', script), ...args], { env: { ...process.env, ...env }, cwd: repoRoot }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? Buffer.alloc(0));
  });
}

/** The embedded defaults (nothing configured): maildir in, maildir out; and the pipe and replay commands. */
describe('mail with nothing configured, the pipe and the replay command', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The defaults of `npm start`: MAIL_TRANSPORT and MAIL_IN_CHANNEL unset.
    t = await createTestApp({ MAIL_IN_POLL_MS: '100', OUTBOX_POLL_MS: '50' });
    await t.app.get(MailInRunner).start();
    t.app.get(OutboxWorker).start();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('R-MAIL-3: a file dropped in DATA_DIR/mail/in/new becomes a request, and the confirmation is an .eml in DATA_DIR/mail/sent', async () => {
    const inbox = join(t.dataDir, 'mail', 'in');
    await mkdir(join(inbox, 'new'), { recursive: true });
    await writeFile(join(inbox, 'new', '1700000000.M1P1.test'), await compose({ from: 'Олена <olena@client.test>', subject: 'Через maildir', text: 'Доброго дня!' }));
    const [ticket] = await eventually('the request', async () => {
      const rows = await t.db.query(`SELECT tracking_id FROM tickets WHERE requester_email = 'olena@client.test'`);
      return rows.length && rows;
    });
    expect(await readdir(join(inbox, 'new'))).toEqual([]);
    expect(await readdir(join(inbox, 'cur'))).toEqual(['1700000000.M1P1.test:2,S']);
    const sentDir = join(t.dataDir, 'mail', 'sent');
    const [file] = await eventually('the sent e-mail', () => readdir(sentDir).catch(() => []).then((files) => files.filter((f) => f.endsWith('.eml'))).then((f) => f.length && f));
    const sent = await simpleParser(await readFile(join(sentDir, file)));
    expect(sent.subject).toBe(`[#${ticket.tracking_id}] Запит отримано: Через maildir`);
    expect(sent.from?.value[0]).toEqual({ name: 'Технічна підтримка', address: 'support@localhost' });
    // The secret for our Message-IDs was made on first start and kept under DATA_DIR, never in the repository.
    expect((await readFile(join(t.dataDir, 'mail-secret'), 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('npm run mail:pipe: one message on stdin is recorded once, however often the MTA hands it over', async () => {
    const raw = await compose({ from: 'pipe@client.test', subject: 'Через pipe', text: 'Лист з MTA', messageId: '<pipe-1@client.test>' });
    const first = await runCli('mail-pipe.js', [], { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir }, raw);
    expect(first).toMatchObject({ code: 0 });
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'processed', duplicate: false });
    const again = await runCli('mail-pipe.js', [], { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir }, raw);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'processed', duplicate: true });
    expect(await t.db.query(`SELECT subject FROM tickets WHERE requester_email = 'pipe@client.test'`)).toEqual([{ subject: 'Через pipe' }]);
  });

  it('npm run mail:pipe exits 75 (try again) when the database cannot be reached, so the MTA keeps the message', async () => {
    const raw = await compose({ from: 'pipe@client.test', subject: 'x', text: 'x' });
    const result = await runCli('mail-pipe.js', [], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: t.dataDir }, raw);
    expect(result.code).toBe(75);
  });

  it('R-MAIL-6: a message that cannot be processed is quarantined with its reason and replayed by mail:replay', async () => {
    // A transient failure: the database refuses this one request for a while.
    await t.db.query(`ALTER TABLE tickets ADD CONSTRAINT test_refuse CHECK (subject <> 'Відкладений лист')`);
    const raw = await compose({ from: 'later@client.test', subject: 'Відкладений лист', text: 'Спробуйте пізніше', messageId: '<replay-1@client.test>' });
    const piped = await runCli('mail-pipe.js', [], { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir }, raw);
    expect(JSON.parse(piped.stdout)).toMatchObject({ status: 'quarantined' });
    const [row] = await t.db.query(`SELECT id, status, reason, reason_params FROM inbound_messages WHERE message_id = 'replay-1@client.test'`);
    expect(row).toMatchObject({ status: 'quarantined', reason: 'processing-failed', reason_params: { error: expect.stringContaining('test_refuse') } });

    await t.db.query(`ALTER TABLE tickets DROP CONSTRAINT test_refuse`);
    const replayed = await runCli('mail-replay.js', [String(row.id)], { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir });
    expect(replayed).toMatchObject({ code: 0, stdout: `${row.id}\tprocessed\n` });
    expect(await t.db.query(`SELECT subject FROM tickets WHERE requester_email = 'later@client.test'`)).toEqual([{ subject: 'Відкладений лист' }]);
  });

  it('R-SUB-6: attachments over the limits are kept with the raw message and listed to staff, never dropped', async () => {
    const raw = await compose({
      from: 'files@client.test',
      subject: 'Багато файлів',
      text: 'Файли у вкладенні',
      attachments: [
        { filename: 'a.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
        { filename: 'virus.exe', content: Buffer.from('MZ') },
        { filename: 'big.zip', content: Buffer.alloc(2 * 1024 * 1024 + 1) },
        { filename: 'b.txt', content: Buffer.from('b') },
        { filename: 'c.txt', content: Buffer.from('c') },
      ],
    });
    const piped = await runCli('mail-pipe.js', [], { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir }, raw);
    expect(JSON.parse(piped.stdout)).toMatchObject({ status: 'processed' });
    const [ticket] = await t.db.query(`SELECT id FROM tickets WHERE requester_email = 'files@client.test'`);
    const files = await t.db.query(`SELECT filename FROM attachments WHERE ticket_id = $1 ORDER BY filename`, [ticket.id]);
    expect(files.map((f: { filename: string }) => f.filename)).toEqual(['a.pdf', 'b.txt']);
    const [note] = await t.db.query(`SELECT body, is_internal, author_type FROM messages WHERE ticket_id = $1 AND is_internal`, [ticket.id]);
    expect(note).toMatchObject({ is_internal: true, author_type: 'system' });
    expect(note.body).toMatch(/virus\.exe.*тип файлу не дозволено/);
    expect(note.body).toMatch(/big\.zip.*перевищено розмір/);
    expect(note.body).toMatch(/c\.txt.*перевищено кількість вкладень/);
    const [inbound] = await t.db.query(`SELECT details, length(raw) AS size FROM inbound_messages WHERE ticket_id = $1`, [ticket.id]);
    expect(inbound.details.skippedAttachments).toHaveLength(3);
    expect(inbound.size).toBeGreaterThan(2 * 1024 * 1024);
  });

  it('R-MAIL-8, 12.4: our own address is ignored, and a burst of new requests from one sender (more than 5 in 5 minutes) is held, kept for an admin to release', async () => {
    const receive = async (options: Mail.Options) => t.app.get(MailInService).receive(await compose(options), 'test');
    expect(await receive({ from: 'Технічна підтримка <support@localhost>', subject: 'Луна', text: 'x' })).toMatchObject({ status: 'ignored' });
    const statuses = [];
    for (let i = 1; i <= 7; i++) statuses.push((await receive({ from: 'flood@client.test', subject: `Лист ${i}`, text: 'x' })).status);
    // Issue 12.4 changed this from `ignored` (which no one ever saw) to `held`, listed on the admins' mail pages.
    expect(statuses).toEqual(['processed', 'processed', 'processed', 'processed', 'processed', 'held', 'held']);
    const reasons = await t.db.query(`SELECT status, reason, reason_params FROM inbound_messages WHERE status IN ('ignored', 'held') ORDER BY id`);
    const burst = { status: 'held', reason: 'burst', reason_params: { limit: 5, seconds: 300, sender: 'flood@client.test' } };
    expect(reasons).toEqual([
      { status: 'ignored', reason: 'loop', reason_params: {} },
      burst,
      burst,
    ]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM tickets WHERE requester_email = 'flood@client.test'`)).toEqual([{ n: 5 }]);
  });
});
