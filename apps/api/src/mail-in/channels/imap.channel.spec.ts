import { MailInSink } from '@pidtrymka/plugin-sdk';
import { settingsFrom } from '../../config/settings';
import { ImapChannelSettings, ImapMailInChannel } from './imap.channel';

/** A mailbox of messages by UID, and what the channel fetched whole from it, call by call. */
const mailbox = new Map<number, Buffer>();
const sourceFetches: number[][] = [];

jest.mock('imapflow', () => ({
  ImapFlow: class {
    usable = true;
    mailbox = { uidValidity: 1n, uidNext: 100 };
    on() {}
    async connect() {}
    async mailboxOpen() {}
    async search() {
      return [...mailbox.keys()];
    }
    async fetchAll(range: string, query: { size?: boolean; source?: boolean }) {
      const uids = range.split(',').map(Number);
      if (query.source) sourceFetches.push(uids);
      return uids.map((uid) => (query.source ? { uid, source: mailbox.get(uid) } : { uid, size: mailbox.get(uid)!.length }));
    }
    async messageFlagsAdd() {}
    async logout() {}
    close() {}
  },
}));

/** Issue 12.1: the IMAP channel fetches at most MAIL_IN_BATCH_BYTES of whole messages per batch (at least one), not 200 at once. */
describe('12.1 the IMAP channel reads by a byte budget', () => {
  it('fetches message sources in batches within MAIL_IN_BATCH_BYTES, a larger message alone, and takes them all', async () => {
    const sizes = [30_000, 30_000, 30_000, 30_000, 250_000, 10_000, 60_000, 60_000];
    sizes.forEach((size, n) => mailbox.set(n + 1, Buffer.alloc(size, 'a')));
    const settings: Record<string, string> = { IMAP_HOST: 'imap.test', IMAP_USER: 'support', IMAP_TLS: 'false', MAIL_IN_BATCH_BYTES: '100000' };
    const channel = new ImapMailInChannel(settingsFrom(ImapChannelSettings, settings));
    const delivered: number[] = [];
    let state: unknown = { uidValidity: '1', lastUid: 0 };
    const sink = {
      deliverMany: async (messages: { raw: Buffer }[]) => (delivered.push(...messages.map((m) => m.raw.length)), messages.map(() => true)),
      loadState: async () => state,
      saveState: async (_: string, value: unknown) => void (state = value),
      log: () => undefined,
    } as unknown as MailInSink;
    await channel.start(sink);
    await channel.poll();
    expect(delivered).toEqual(sizes);
    expect(sourceFetches).toEqual([[1, 2, 3], [4], [5], [6, 7], [8]]);
    expect(state).toEqual({ uidValidity: '1', lastUid: 8 });
    await channel.stop();
  });
});
