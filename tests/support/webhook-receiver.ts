import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DOMAIN_EVENT_TYPES } from '@pidtrymka/contracts';

/** One POST as the receiver got it. */
export interface WebhookArrival {
  /** The `webhook-id` header: the event's id, the same on every retry. */
  webhookId: string;
  ticketId: string | null;
  type: string;
  /** Its position among all arrivals, from 1. */
  seq: number;
  at: number;
  /** The Standard Webhooks signature checked out with the endpoint's secret. */
  verified: boolean;
  /** What the test's `tag` said of the request (e.g. which process sent it). */
  tag?: string;
}

/**
 * A webhook receiver on 127.0.0.1 for the cross-app suites: records every
 * POST once its body is in (before answering, so a sender killed while
 * waiting for the answer still counts as delivered to it) and answers 200
 * after `delayMs` (a number, or a function for a random delay), so that
 * several deliveries are in flight at once as with a real receiver.
 */
export class WebhookReceiver {
  readonly arrivals: WebhookArrival[] = [];
  /** Set once the endpoint is created (the secret is shown once). */
  secret = '';
  port = 0;
  private server?: Server;
  private waiters: { count: number; resolve: () => void }[] = [];
  /** Called as each POST comes in, while its connection is open. */
  tag?: (request: IncomingMessage) => string | undefined;
  /** From this many arrivals on, answers wait for `release()`. */
  private holdFrom?: number;
  private parked: (() => void)[] = [];

  constructor(private readonly delayMs: number | (() => number) = 0) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Signs in to the API at `apiUrl` as `admin` and adds this receiver as a webhook of every event type; keeps its secret to verify. */
  async subscribe(apiUrl: string, admin: { email: string; password: string }, description: string): Promise<void> {
    const signIn = await fetch(`${apiUrl}/api/staff/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('pidtrymka_staff='))!;
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const created = await fetch(`${apiUrl}/api/staff/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ url: this.url, description, eventTypes: DOMAIN_EVENT_TYPES }),
    });
    if (created.status !== 201) throw new Error(`POST /api/staff/webhooks: ${created.status} ${await created.text()}`);
    this.secret = ((await created.json()) as { secret: string }).secret;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => String(req.headers[name] ?? '');
        let verified = false;
        let event: { ticketId?: string; type?: string } = {};
        try {
          event = new Webhook(this.secret).verify(body, { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') }) as typeof event;
          verified = true;
        } catch {
          event = safeJson(body);
        }
        const tag = this.tag?.(req);
        this.arrivals.push({ webhookId: header('webhook-id'), ticketId: event.ticketId ?? null, type: event.type ?? '', seq: this.arrivals.length + 1, at: Date.now(), verified, ...(tag ? { tag } : {}) });
        const due = this.waiters.filter((w) => this.arrivals.length >= w.count);
        this.waiters = this.waiters.filter((w) => this.arrivals.length < w.count);
        for (const waiter of due) waiter.resolve();
        const delay = typeof this.delayMs === 'function' ? this.delayMs() : this.delayMs;
        const answer = () => {
          if (this.holdFrom !== undefined && this.arrivals.length >= this.holdFrom) return void this.parked.push(answer);
          if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        };
        if (delay > 0) setTimeout(answer, delay);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /**
   * Once `count` POSTs have come in, answers none until `release()`: a sender killed then surely has
   * deliveries received and not answered, however late the kill lands on a busy machine.
   */
  holdAnswersFrom(count: number): void {
    this.holdFrom = count;
  }

  /** Answers what was held (to a sender still there) and answers at once again. */
  release(): void {
    this.holdFrom = undefined;
    const parked = this.parked;
    this.parked = [];
    for (const answer of parked) answer();
  }

  /** Resolves as the `count`th POST comes in (in the same turn of the event loop as it is recorded). */
  reached(count: number): Promise<void> {
    if (this.arrivals.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** How many times each webhook-id came. */
  copies(): Map<string, number> {
    const copies = new Map<string, number>();
    for (const arrival of this.arrivals) copies.set(arrival.webhookId, (copies.get(arrival.webhookId) ?? 0) + 1);
    return copies;
  }

  /**
   * The requests where an event arrived after a later event of the same
   * request had: out of order. A repeat of the latest one is not (that is
   * at-least-once, judged apart).
   */
  outOfOrder(): string[] {
    const latest = new Map<string, bigint>();
    const wrong = new Set<string>();
    for (const arrival of this.arrivals) {
      if (!arrival.ticketId) continue;
      const id = BigInt(arrival.webhookId);
      const before = latest.get(arrival.ticketId);
      if (before !== undefined && id < before) wrong.add(arrival.ticketId);
      else latest.set(arrival.ticketId, id);
    }
    return [...wrong];
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }
}

function safeJson(body: string): { ticketId?: string; type?: string } {
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
}
