import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from '../support/api-process';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';
import { eventually } from '../support/smtp-capture';

const MAX_ATTEMPTS = 3;
const POISON_ID = 'poison@fault.test';

jest.setTimeout(10 * 60_000);

/**
 * Issue 12.1, "never retried forever": a poison e-mail — one whose
 * processing kills the process (here: the API is SIGKILLed each time it is
 * busy with it, as an out-of-memory kill or a crash would) — is delivered
 * again by the maildir after every restart. Each start counts an attempt
 * before the work, so after MAIL_IN_MAX_ATTEMPTS it is quarantined with that
 * reason instead of taking the process down again, and the mail after it
 * flows.
 */
describe('12.1 fault: a poison e-mail delivered again after each restart', () => {
  let db: ScratchDatabase;
  let api: ApiProcess;
  let dataDir = '';
  let inbox = '';

  const query = async <T>(sql: string, params: unknown[] = []) => (await db.client.query(sql, params)).rows as T[];
  const deliver = async (name: string, raw: Buffer) => {
    await writeFile(join(inbox, 'tmp', name), raw);
    await rename(join(inbox, 'tmp', name), join(inbox, 'new', name));
  };

  beforeAll(async () => {
    db = await scratchDatabase('fault_poison');
    dataDir = await mkdtemp(join(tmpdir(), 'pidtrymka-fault-poison-'));
    inbox = join(dataDir, 'mail', 'in');
    api = new ApiProcess({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      MAIL_IN_ENABLED: 'true',
      MAIL_IN_CHANNEL: 'maildir',
      MAIL_IN_POLL_MS: '200',
      MAIL_IN_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      // The poison must be slow enough to be caught in the act: no cap on its text, no time budget to end it first.
      MAIL_IN_MAX_TEXT_BYTES: String(64 * 1024 * 1024),
      MAIL_IN_PARSE_TIMEOUT_MS: '600000',
      OUTBOX_WORKER_ENABLED: 'false',
      SCHEDULER_ENABLED: 'false',
    });
    await api.start();
    await eventually('the maildir folders', () => readdir(join(inbox, 'new')).then(() => true, () => false));
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`is quarantined after ${MAX_ATTEMPTS} attempts that killed the process, and the mail after it flows`, async () => {
    // Seconds of HTML to make text: the kill comes while a worker is still at it.
    const poison = Buffer.from(`From: Poison <poison@client.test>\r\nTo: support@localhost\r\nSubject: Poison\r\nMessage-ID: <${POISON_ID}>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${'<p>отрута</p>'.repeat(400_000)}`);
    await deliver('poison', poison);
    const kills: { attempts: number; status: string }[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [row] = await eventually(
        `attempt ${attempt} under way`,
        () => query<{ attempts: number; status: string }>(`SELECT attempts, status FROM inbound_messages WHERE message_id = $1 AND attempts >= $2`, [POISON_ID, attempt]).then((rows) => (rows.length ? rows : null)),
        120_000,
      );
      expect(row).toEqual({ attempts: attempt, status: 'received' });
      await api.kill();
      kills.push(row);
      await api.start();
    }
    // The next start takes it from the maildir again, and quarantines it without touching it.
    const [decided] = await eventually(
      'the poison quarantined',
      () => query<{ attempts: number; status: string; reason: string }>(`SELECT attempts, status, reason FROM inbound_messages WHERE message_id = $1 AND status <> 'received'`, [POISON_ID]).then((rows) => (rows.length ? rows : null)),
      60_000,
    );
    expect(decided.status).toBe('quarantined');
    expect(decided.reason).toBe('max-attempts');
    expect(decided.attempts).toBe(MAX_ATTEMPTS + 1);
    await eventually('the poison file taken out of new/', async () => !(await readdir(join(inbox, 'new'))).includes('poison'), 30_000);

    await deliver('after', Buffer.from(`From: Олена <after-poison@client.test>\r\nTo: support@localhost\r\nSubject: Після отрути\r\nMessage-ID: <after-poison@client.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nДоброго дня!\r\n`));
    const [ticket] = await eventually('the request of the next e-mail', () => query<{ subject: string }>(`SELECT subject FROM tickets WHERE requester_email = 'after-poison@client.test'`).then((rows) => (rows.length ? rows : null)), 60_000);
    expect(ticket.subject).toBe('Після отрути');
    expect(api.kills).toBe(MAX_ATTEMPTS);
    console.log(`FAULT REPORT ${JSON.stringify({ suite: 'mail-poison', kills, final: decided })}`);
  });
});
