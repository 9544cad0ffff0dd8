/** Token under which the chosen `MailInChannel` is provided. */
export const MAIL_IN_CHANNEL = 'pidtrymka:MailInChannel';

/** What the API gives a channel when it starts it. */
export interface MailInSink {
  /**
   * Records one raw message and processes it. Resolves once it is committed
   * (or was recorded before): only then may the channel tell the mail server
   * (flag, move, delete). Rejects when nothing could be recorded; the channel
   * must then leave the message where it is, to be offered again.
   */
  deliver(raw: Buffer, origin: string): Promise<void>;
  /**
   * Several at once: one sender's messages in the order given, different
   * senders' in parallel. Resolves with, for each message, whether it is
   * committed (and may be acknowledged).
   */
  deliverMany(messages: readonly { raw: Buffer; origin: string }[]): Promise<boolean[]>;
  /** A channel's own durable state (e.g. IMAP UIDVALIDITY and last UID), kept in the API's database. */
  loadState<T>(key: string): Promise<T | null>;
  saveState<T>(key: string, value: T): Promise<void>;
  log(level: 'log' | 'warn' | 'error', message: string): void;
}

/**
 * A source of inbound e-mail (R-MAIL-3…8). The API starts it once with a
 * sink and stops it on shutdown; `poll` fetches whatever is waiting now.
 */
export interface MailInChannel {
  readonly name: string;
  start(sink: MailInSink): Promise<void>;
  /** Takes everything waiting now; resolves when it has all been delivered and acknowledged. */
  poll(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Optional, for the API's readiness check: the state of the channel's
   * connection as it last saw it. It must answer at once, from memory — a
   * readiness probe every few seconds must not cost the mail server a login.
   */
  connectionState?(): MailInConnectionState;
}

export interface MailInConnectionState {
  /** `connecting`: not connected yet and no attempt has failed (e.g. just started). */
  state: 'connected' | 'connecting' | 'disconnected';
  /** Why the last attempt failed, when it did. */
  error?: string;
}
