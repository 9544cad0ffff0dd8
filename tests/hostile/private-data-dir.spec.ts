import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApiProcess, StartedApi } from '../support/api-process';
import { eventually } from '../support/smtp-capture';
import { multipart } from './support/openapi-fuzz';
import { exposedEntries } from './support/private-modes';
import { CallOptions, callRaw, closeRawAgent, jsonOf, RawResponse } from './support/raw-http';

/** Every file and folder under `root`. */
async function entries(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (path: string) => {
    found.push(path);
    if ((await lstat(path)).isDirectory()) for (const entry of await readdir(path)) await visit(join(path, entry));
  };
  await visit(root);
  return found;
}

jest.setTimeout(180_000);

/**
 * Issue 12.6: the built API, on its maildir transport and inbox and its
 * filesystem attachment store, plays a whole story; then nothing under
 * DATA_DIR may be open to another account of the machine — a sent .eml holds
 * a link that opens the request, an attachment is a participant's document.
 */
describe('12.6 other users of the machine read nothing: DATA_DIR after a full story', () => {
  const admin = { email: 'admin@pidtrymka.test', password: `admin-${randomBytes(9).toString('base64url')}` };
  let api: StartedApi;

  beforeAll(async () => {
    api = await startApiProcess({
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      ATTACHMENT_STORE: 'filesystem',
      MAIL_TRANSPORT: 'maildir',
      MAIL_IN_CHANNEL: 'maildir',
      MAIL_IN_ENABLED: 'true',
      MAIL_IN_POLL_MS: '200',
      OUTBOX_WORKER_ENABLED: 'true',
      OUTBOX_POLL_MS: '100',
      STAFF_NOTIFY_EMAIL: 'duty@pidtrymka.test',
    });
  });

  afterAll(async () => {
    closeRawAgent();
    await api?.stop();
  });

  const call = (method: string, path: string, options: CallOptions = {}): Promise<RawResponse> => callRaw(api.url, method, path, options);
  const json = jsonOf;

  it('writes the request, its attachment, the e-mails both ways and the secrets, every one private to the service (0700 folders, 0600 files)', async () => {
    // A request with an attachment, on the portal.
    const boundary = `----private${randomBytes(6).toString('hex')}`;
    const fields = { name: 'Олена Коваль', email: 'olena@client.test', subject: 'Договір', message: 'Надсилаю договір.' };
    const body = multipart(fields, [{ field: 'attachments', name: 'dogovir.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n'), type: 'application/pdf' }], boundary);
    const created = await call('POST', '/api/tickets', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(created.status).toBe(201);
    const { trackingId } = json(created);

    // A staff reply, sent as an .eml into DATA_DIR/mail/sent.
    const signIn = await call('POST', '/api/staff/auth/sign-in', { json: admin });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    const staff = { cookie, 'x-csrf-token': json(signIn).csrfToken as string };
    const view = json(await call('GET', `/api/staff/tickets/${trackingId}`, { headers: staff }));
    const reply = await call('POST', `/api/staff/tickets/${trackingId}/messages`, {
      headers: staff,
      json: { body: 'Дякуємо, договір отримали.', lastSeenMessageId: String(view.messages[view.messages.length - 1].id) },
    });
    expect(reply.status).toBe(201);

    // The participant answers by e-mail, delivered into the inbox as an MTA does (its own files 0600).
    const inbox = join(api.dataDir, 'mail', 'in');
    await eventually('the maildir inbox', () => readdir(join(inbox, 'new')).then(() => true, () => false));
    const name = `${Date.now()}.M1P1.private`;
    const raw = [`From: Olena <olena@client.test>`, `To: support@localhost`, `Subject: Re: [#${trackingId}] Договір`, `Message-ID: <${randomBytes(6).toString('hex')}@client.test>`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', 'Ще один лист.', ''].join('\r\n');
    await writeFile(join(inbox, 'tmp', name), raw, { mode: 0o600 });
    await rename(join(inbox, 'tmp', name), join(inbox, 'new', name));

    await eventually(
      'the e-mails sent and the inbound one decided',
      async () => {
        const [{ sent }] = await api.query<{ sent: number }>(`SELECT count(*)::int AS sent FROM outbox WHERE status = 'sent'`);
        const [{ decided }] = await api.query<{ decided: number }>(`SELECT count(*)::int AS decided FROM inbound_messages WHERE status <> 'received'`);
        return sent >= 3 && decided >= 1;
      },
      60_000,
    );

    const written = await entries(api.dataDir);
    // The story really wrote where we look: e-mails out, the attachment, the inbox, the generated mail secret.
    expect(written.some((path) => /mail\/sent\/.+\.eml$/.test(path))).toBe(true);
    expect(written.some((path) => path.includes(`${join(api.dataDir, 'attachments')}/`) && !path.endsWith('/'))).toBe(true);
    expect(written.some((path) => path.includes(join('mail', 'in', 'cur')))).toBe(true);
    expect(await exposedEntries(api.dataDir)).toEqual([]);
  });

  it('corrects an installation that an older version (or a hand) left readable, on start, with one log line saying how many', async () => {
    await api.process.stop();
    const sent = join(api.dataDir, 'mail', 'sent');
    const eml = (await readdir(sent)).find((file) => file.endsWith('.eml'))!;
    // What the API of before this issue left: world-readable folders and files, as its umask made them.
    await chmod(api.dataDir, 0o755);
    await chmod(sent, 0o755);
    await chmod(join(sent, eml), 0o644);
    await mkdir(join(api.dataDir, 'cms'), { mode: 0o755 });
    await chmod(join(api.dataDir, 'cms'), 0o755);
    await writeFile(join(api.dataDir, 'cms', 'data.db'), 'SQLite format 3\0');
    await chmod(join(api.dataDir, 'cms', 'data.db'), 0o644);
    await writeFile(join(api.dataDir, 'secrets.json'), '{}\n');
    await chmod(join(api.dataDir, 'secrets.json'), 0o666);
    const before = await exposedEntries(api.dataDir);
    expect(before).toHaveLength(6);

    const linesBefore = api.lines.length;
    await api.process.start();
    const lines = api.lines.slice(linesBefore).filter((line) => line.includes('DATA_DIR made private'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('6 files and folders');
    expect(await exposedEntries(api.dataDir)).toEqual([]);
    // Modes only: everything is still there and still the service's.
    expect((await lstat(join(sent, eml))).mode & 0o777).toBe(0o600);
    expect((await lstat(join(api.dataDir, 'cms'))).mode & 0o777).toBe(0o700);
  });
});
