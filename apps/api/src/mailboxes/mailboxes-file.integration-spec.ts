import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createSecondInstance, createTestApp, TestApp } from '../testing/test-app';
import { MailboxesService } from './mailboxes.service';

const RELOAD_MS = 200;

jest.setTimeout(60_000);

const sales = (dir: string, changes: Record<string, unknown> = {}) => ({
  name: 'Продажі',
  kind: 'maildir',
  settings: { dir, folder: 'INBOX' },
  fromName: 'Відділ продажів',
  fromAddress: 'sales@oree.com.ua',
  password: 'first-secret',
  ...changes,
});

/**
 * Issue 16: MAILBOXES_FILE is written into the database at start (secrets
 * sealed), and again within MAILBOXES_RELOAD_MS of its text changing; what it
 * describes as already stored is not written again (by a second instance, a
 * reformatted file), and a file removed or broken later changes nothing.
 */
describe('MAILBOXES_FILE: read at start, reloaded when it changes (issue 16)', () => {
  let t: TestApp;
  let dir: string;
  let file: string;
  const loaded = jest.spyOn(Logger.prototype, 'log');
  const errors = jest.spyOn(Logger.prototype, 'error');
  const loads = () => loaded.mock.calls.map(([message]) => String(message)).filter((message) => message.startsWith('Loaded '));
  const rows = () => t.db.query(`SELECT id, name, from_address, password, updated_at FROM mailboxes ORDER BY name`);
  const audit = () => t.db.query(`SELECT action, actor_name, details->>'name' AS name FROM audit_log WHERE action LIKE 'mailbox.%' ORDER BY id`);
  const until = async <T>(what: string, probe: () => Promise<T> | T, timeoutMs = 10 * RELOAD_MS + 3_000): Promise<T> => {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  /** Long enough for the file to have been looked at a few times. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 3 * RELOAD_MS));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pidtrymka-mailboxes-file-'));
    file = join(dir, 'mailboxes.json');
    await writeFile(file, JSON.stringify([sales(join(dir, 'sales'))]));
    t = await createTestApp({ MAILBOXES_FILE: file, MAILBOXES_RELOAD_MS: String(RELOAD_MS), SCHEDULER_ENABLED: 'false' });
  });

  afterAll(async () => {
    loaded.mockRestore();
    errors.mockRestore();
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is written into the database at start, its secret sealed', async () => {
    const [row] = await rows();
    expect(row).toMatchObject({ name: 'Продажі', from_address: 'sales@oree.com.ua' });
    expect(row.password).toMatch(/^v1:/);
    expect(row.password).not.toContain('first-secret');
    expect((await t.app.get(MailboxesService).find(row.id))?.password).toBe('first-secret');
    expect(await audit()).toEqual([{ action: 'mailbox.created', actor_name: 'MAILBOXES_FILE', name: 'Продажі' }]);
  });

  it('a second instance starting on the same file, or the same mailboxes written another way, writes nothing again', async () => {
    const [before] = await rows();
    const second = await createSecondInstance(t, { MAILBOXES_FILE: file, MAILBOXES_RELOAD_MS: String(RELOAD_MS), SCHEDULER_ENABLED: 'false' });
    await second.close();
    // Other whitespace and key order: new text, the same mailboxes.
    const looks = loads().length;
    const { settings, ...rest } = sales(join(dir, 'sales'));
    await writeFile(file, JSON.stringify([{ settings: { folder: settings.folder, dir: settings.dir }, ...rest }], null, 2));
    await until('the new text loaded', () => loads().length > looks);
    expect(loads().at(-1)).toMatch(/\(0 written\)$/);
    const [after] = await rows();
    expect(after.updated_at).toEqual(before.updated_at);
    expect(await audit()).toHaveLength(1);
  });

  it('a change to the file is written within MAILBOXES_RELOAD_MS: a changed mailbox, its new secret, one more', async () => {
    const changedAt = Date.now();
    await writeFile(
      file,
      JSON.stringify([
        sales(join(dir, 'sales'), { fromAddress: 'sales@prodazhi.oree.com.ua', password: 'second-secret' }),
        { name: 'Рахунки', kind: 'maildir', settings: { dir: join(dir, 'billing') }, fromName: 'Бухгалтерія', fromAddress: 'billing@oree.com.ua' },
      ]),
    );
    const service = t.app.get(MailboxesService);
    await until('the change in the database', async () => (await rows()).length === 2 && (await rows())[0].from_address === 'sales@prodazhi.oree.com.ua');
    // One look at most, and the write: well within a few reload periods even on a busy machine.
    expect(Date.now() - changedAt).toBeLessThan(10 * RELOAD_MS + 3_000);
    const [changed, billing] = await rows();
    expect(billing.name).toBe('Рахунки');
    // What the instance uses now, not just what the table holds.
    expect(await service.find(changed.id)).toMatchObject({ fromAddress: 'sales@prodazhi.oree.com.ua', password: 'second-secret' });
    expect(await audit()).toEqual([
      { action: 'mailbox.created', actor_name: 'MAILBOXES_FILE', name: 'Продажі' },
      { action: 'mailbox.updated', actor_name: 'MAILBOXES_FILE', name: 'Продажі' },
      { action: 'mailbox.created', actor_name: 'MAILBOXES_FILE', name: 'Рахунки' },
    ]);
  });

  it('a file broken later, or removed once loaded, changes nothing', async () => {
    const before = await rows();
    await writeFile(file, '[{"name": "Продажі", ');
    await until('the broken file reported', () => errors.mock.calls.some(([message]) => /MAILBOXES_FILE .*not JSON/.test(String(message))));
    await rm(file);
    await settle();
    expect(await rows()).toEqual(before);
    expect(await audit()).toHaveLength(3);
  });
});
