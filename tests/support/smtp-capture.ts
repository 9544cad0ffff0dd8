import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
  /** When the server had the whole e-mail and kept it (Date.now()), just before it answers 250. */
  acceptedAt: number;
}

/**
 * A real SMTP server (the smtp-server package) on 127.0.0.1 that keeps what
 * it accepts, for the app's `smtp` transport to deliver to. `stop()` and
 * `start()` again on the same port simulate an outage.
 */
export class SmtpCapture {
  readonly received: CapturedMail[] = [];
  /** Set to delay the server's answer to an e-mail it has taken (and kept): resolve the promise to answer. */
  holdAnswer?: (mail: CapturedMail) => Promise<void> | undefined;
  private server?: SMTPServer;
  port = 0;

  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // An outage in a test: drop the client's pooled connections at once instead of waiting 30 s for them.
      closeTimeout: 100,
      size: 50 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            async (parsed) => {
              const mail = {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                raw,
                parsed,
                acceptedAt: Date.now(),
              };
              this.received.push(mail);
              await this.holdAnswer?.(mail);
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    // A client killed mid-session resets its connection; smtp-server reports that as an 'error', which is no fault of the server.
    server.on('error', () => undefined);
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): CapturedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }
}

/** Polls `probe` until it returns something truthy, or fails with `what` after `timeoutMs`. */
/** What `if (value)` lets through: a probe answering `list.length && list` resolves with the list. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

export async function eventually<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 10_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
