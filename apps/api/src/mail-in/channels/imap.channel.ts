import { Injectable } from '@nestjs/common';
import { MailInChannel, MailInConnectionState, MailInSink, parseNumber, Setting } from '@pidtrymka/plugin-sdk';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, Max, Min } from 'class-validator';
import { ImapFlow } from 'imapflow';
import { MailInBatchSettings } from './mail-in-batch.settings';

const BATCH = 200;
const RECONNECT_DELAY_MS = 1000;
const IDLE_AFTER_MS = 200;

/**
 * Issue 16: how a mailbox of the database logs in, when not with IMAP_PASSWORD:
 * its opened password, or an OAuth2 access token (XOAUTH2/OAUTHBEARER), and
 * what to do when the server refuses it (drop the cached token).
 */
export interface ImapLogin {
  credentials(): Promise<{ pass: string } | { accessToken: string }>;
  refused?(): void;
  /** Keeps the mailbox's position apart from any other's. */
  stateKeyPrefix: string;
}

interface MailboxPosition {
  uidValidity: string;
  lastUid: number;
}

/** The support mailbox. */
export class ImapChannelSettings extends MailInBatchSettings {
  @Setting('IMAP_HOST') @IsNotEmpty({ message: 'MAIL_IN_CHANNEL=imap needs IMAP_HOST' })
  readonly host: string = '';

  @Setting('IMAP_USER') @IsNotEmpty({ message: 'MAIL_IN_CHANNEL=imap needs IMAP_USER' })
  readonly user: string = '';

  @Setting('IMAP_PASSWORD')
  readonly password: string = '';

  /** Off: plain IMAP, without STARTTLS either (a test server). */
  @Setting('IMAP_TLS') @IsBoolean()
  readonly tls: boolean = true;

  /** Unset: 993, or 143 without TLS. */
  @Setting('IMAP_PORT', parseNumber) @IsOptional() @IsInt() @Min(1) @Max(65535)
  readonly givenPort?: number;

  @Setting('IMAP_TLS_REJECT_UNAUTHORIZED') @IsBoolean()
  readonly rejectUnauthorized: boolean = true;

  /** The folder read. */
  @Setting('IMAP_MAILBOX')
  readonly mailbox: string = 'INBOX';

  /** A folder handled mail is moved to (it must exist); unset: flagged \Seen and left where it is. */
  @Setting('IMAP_MOVE_TO')
  readonly moveTo?: string;

  get port(): number {
    return this.givenPort ?? (this.tls ? 993 : 143);
  }
}

/**
 * Reads a mailbox over IMAP (ImapChannelSettings). It remembers UIDVALIDITY
 * and the last UID it took, in the database, and never goes by `\Seen` alone: another client reading the mailbox loses
 * nothing. (Only on its very first start does it look at `\Seen`: unread
 * mail is taken, what was read before it existed is left alone.) A message
 * is flagged (or moved) only after it is committed; a crash in between
 * offers it again, and its recorded Message-ID makes that harmless. New
 * mail wakes it through IDLE; the runner's polling is the fallback, and a
 * dropped connection is reopened.
 */
@Injectable()
export class ImapMailInChannel implements MailInChannel {
  readonly name = 'imap';
  private sink?: MailInSink;
  private client?: ImapFlow;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  /** Why the last connection attempt failed or the connection dropped; cleared by the next success. */
  private lastError?: string;

  /** Issue 16: set for a mailbox of the database (not DI: the environment's channel has none). */
  login?: ImapLogin;

  constructor(private readonly settings: ImapChannelSettings) {}

  private get stateKey(): string {
    return `${this.login?.stateKeyPrefix ?? ''}imap:${this.settings.user}@${this.settings.host}:${this.settings.port}/${this.settings.mailbox}`;
  }

  async start(sink: MailInSink): Promise<void> {
    this.sink = sink;
    this.stopped = false;
  }

  /** One pass at a time; a wake-up during a pass makes one more pass right after it. */
  poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.takeNew();
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** From memory: the readiness check must not cost the mail server a login per probe. */
  connectionState(): MailInConnectionState {
    if (this.client?.usable) return { state: 'connected' };
    return this.lastError ? { state: 'disconnected', error: this.lastError } : { state: 'connecting' };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client) await client.logout().catch(() => client.close());
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    try {
      return await this.open();
    } catch (error) {
      // A refused OAuth2 token (expired or revoked early): once more with a fresh one.
      if (!this.login?.refused || !(error as { cause?: { authenticationFailed?: boolean } }).cause?.authenticationFailed) throw error;
      this.login.refused();
      return this.open();
    }
  }

  private async open(): Promise<ImapFlow> {
    const { host, port, tls, user, password, mailbox, rejectUnauthorized } = this.settings;
    let auth: { user: string; pass?: string; accessToken?: string } = { user, pass: password };
    if (this.login) {
      try {
        auth = { user, ...(await this.login.credentials()) };
      } catch (error) {
        this.lastError = (error as Error).message;
        throw error;
      }
    }
    // IDLE soon after each pass (imapflow waits 15 s by default), so new mail is taken when it arrives.
    const client = new ImapFlow({ host, port, secure: tls, doSTARTTLS: tls ? undefined : false, auth, logger: false, tls: { rejectUnauthorized }, autoIdleDelay: IDLE_AFTER_MS });
    client.on('error', (error: Error) => this.sink?.log('warn', `IMAP ${host}: ${error.message}`));
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = undefined;
      if (!this.stopped) this.lastError = 'connection closed';
      // Reconnect soon rather than at the next poll; if that fails too, the runner's polling keeps trying.
      if (!this.stopped) setTimeout(() => void this.poll().catch((error: Error) => this.sink?.log('warn', `IMAP ${host}: ${error.message}`)), RECONNECT_DELAY_MS).unref();
    });
    client.on('exists', () => {
      if (!this.stopped) void this.poll().catch((error: Error) => this.sink?.log('warn', `IMAP ${host}: ${error.message}`));
    });
    try {
      await client.connect();
      await client.mailboxOpen(mailbox);
    } catch (error) {
      this.lastError = describeImapError(error);
      client.close();
      throw new Error(this.lastError, { cause: error });
    }
    this.client = client;
    this.lastError = undefined;
    return client;
  }

  private async takeNew(): Promise<void> {
    if (this.stopped || !this.sink) return;
    const sink = this.sink;
    const client = await this.connect();
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error('no mailbox selected');
    const uidValidity = String(mailbox.uidValidity);
    const saved = await sink.loadState<MailboxPosition>(this.stateKey);
    let position: MailboxPosition;
    if (!saved) {
      // The first start on a mailbox: its unread mail is new to us, what was read before we came is history.
      const unseen = await client.search({ seen: false }, { uid: true });
      const firstUnseen = unseen && unseen.length ? Math.min(...unseen) : Number(mailbox.uidNext);
      position = { uidValidity, lastUid: firstUnseen - 1 };
    } else if (saved.uidValidity !== uidValidity) {
      // Old UIDs mean nothing now: look at everything again (recorded Message-IDs keep it from doubling).
      position = { uidValidity, lastUid: 0 };
    } else {
      position = saved;
    }

    while (!this.stopped) {
      const found = await client.search({ uid: `${position.lastUid + 1}:*` }, { uid: true });
      // `n:*` always names the last message, even below n.
      const candidates: number[] = (found || []).filter((uid: number) => uid > position.lastUid).sort((a, b) => a - b).slice(0, BATCH);
      if (candidates.length === 0) return;
      // Issue 12.1: sizes first, then only as many whole messages as MAIL_IN_BATCH_BYTES holds (at least one).
      const sizes = new Map((await client.fetchAll(candidates.join(','), { uid: true, size: true }, { uid: true })).map((m) => [m.uid, m.size ?? 0]));
      const uids: number[] = [];
      let bytes = 0;
      for (const uid of candidates) {
        const size = sizes.get(uid) ?? 0;
        if (uids.length > 0 && bytes + size > this.settings.batchBytes) break;
        uids.push(uid);
        bytes += size;
      }
      const fetched = await client.fetchAll(uids.join(','), { uid: true, source: true }, { uid: true });
      const messages = fetched.filter((m) => m.source).sort((a, b) => a.uid - b.uid);
      const done = await sink.deliverMany(messages.map((m) => ({ raw: m.source!, origin: this.stateKey })));
      const committed = messages.filter((_, i) => done[i]).map((m) => m.uid);
      if (committed.length) {
        await client.messageFlagsAdd(committed.join(','), ['\\Seen'], { uid: true });
        if (this.settings.moveTo) await client.messageMove(committed.join(','), this.settings.moveTo, { uid: true });
      }
      // Move past the messages taken, up to the first one that could not be recorded (it is offered again next time).
      const firstFailed = messages.find((_, i) => !done[i])?.uid;
      const lastTaken: number = firstFailed === undefined ? uids[uids.length - 1] : firstFailed - 1;
      if (lastTaken > position.lastUid) {
        position = { uidValidity, lastUid: lastTaken };
        await sink.saveState(this.stateKey, position);
      }
      if (firstFailed !== undefined) throw new Error(`message UID ${firstFailed} could not be recorded; will retry`);
    }
  }
}

/** imapflow says only "Command failed" for a refused login; the server's answer is in its properties. */
function describeImapError(error: unknown): string {
  const { message, authenticationFailed, serverResponseCode, responseText } = error as Error & { authenticationFailed?: boolean; serverResponseCode?: string; responseText?: string };
  if (authenticationFailed) return `authentication failed${responseText ? `: ${responseText}` : ''}`;
  return [message || String(error), serverResponseCode, responseText].filter(Boolean).join(': ');
}
