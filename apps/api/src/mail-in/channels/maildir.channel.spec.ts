import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailInSink } from '@pidtrymka/plugin-sdk';
import { settingsFrom } from '../../config/settings';
import { MaildirChannelSettings, MaildirMailInChannel } from './maildir.channel';

/** Issue 12.1: a channel holds at most MAIL_IN_BATCH_BYTES of mail in memory at once (at least one message), not 200 whole messages. */
describe('12.1 the maildir channel reads by a byte budget', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pidtrymka-maildir-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('delivers batches within MAIL_IN_BATCH_BYTES, a larger message alone, and takes every file', async () => {
    const settings: Record<string, string> = { MAIL_IN_DIR: root, MAIL_IN_BATCH_BYTES: String(100_000) };
    const channel = new MaildirMailInChannel({ dataDir: root }, settingsFrom(MaildirChannelSettings, settings));
    const batches: number[][] = [];
    const sink = { deliverMany: async (messages: { raw: Buffer }[]) => (batches.push(messages.map((m) => m.raw.length)), messages.map(() => true)) } as unknown as MailInSink;
    await channel.start(sink);
    const sizes = [30_000, 30_000, 30_000, 30_000, 250_000, 10_000, 60_000, 60_000];
    for (const [n, size] of sizes.entries()) await writeFile(join(root, 'new', `${1_000 + n}.M${n}.test`), Buffer.alloc(size, 'a'));
    await channel.poll();
    expect(batches.flat()).toEqual(sizes);
    for (const batch of batches) expect(batch.length === 1 || batch.reduce((a, b) => a + b, 0) <= 100_000).toBe(true);
    expect(batches).toEqual([[30_000, 30_000, 30_000], [30_000], [250_000], [10_000, 60_000], [60_000]]);
    expect(await readdir(join(root, 'new'))).toEqual([]);
    await channel.stop();
  });
});
