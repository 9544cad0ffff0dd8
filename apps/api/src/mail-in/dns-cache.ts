/**
 * Issue 14: mailauth 7 walks the DNS for every message (DKIM keys, the
 * DMARC tree walk, SPF), and each walk is a handful of queries in a row, so
 * inbound throughput fell from ~53 to ~30 messages/s on one core. Mail comes
 * from a few domains over and over; their answers are kept here, in the
 * process, for as long as the DNS allows and never longer than a bound, the
 * way a local caching resolver would keep them.
 *
 * A cache is not state of record: each API process keeps its own, and losing
 * it costs only the queries again.
 */

/** What mailauth calls: the shape of `dns.promises.resolve` (`(name, rrtype)`, records or a rejection with a `code`). */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

/** One answer from upstream; `ttlSeconds` where the DNS told it (Node gives it for A and AAAA only). */
export interface DnsAnswer {
  records: unknown;
  ttlSeconds?: number;
}

/** Where the cache asks what it does not hold. */
export type DnsSource = (name: string, rrtype: string) => Promise<DnsAnswer>;

export interface DnsCacheOptions {
  /** Questions kept at most; past it the least recently used goes. */
  maxEntries?: number;
  /** An answer without a TTL (TXT, MX…) is kept this long, and one with a TTL never longer. */
  answerTtlMs?: number;
  /** NXDOMAIN and NODATA (ENOTFOUND, ENODATA, EBADNAME): what most small senders' `_dmarc` gives. */
  negativeTtlMs?: number;
  /** SERVFAIL, timeouts, a DNS that cannot be reached: kept briefly, so a dead DNS costs one wait per few seconds, not one per message. */
  failureTtlMs?: number;
  /** An upstream that does not settle within this is a timeout (ETIMEOUT), so a question never waits forever. */
  queryTimeoutMs?: number;
  now?: () => number;
}

export const DNS_CACHE_DEFAULTS = {
  maxEntries: 10_000,
  answerTtlMs: 5 * 60_000,
  negativeTtlMs: 60_000,
  failureTtlMs: 5_000,
  queryTimeoutMs: 5_000,
} as const;

/** mailauth reads these as "no such record" (a definite answer), every other code as a temporary error. */
const NEGATIVE_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EBADNAME']);

type Outcome = { ok: true; records: unknown } | { ok: false; error: unknown };

interface Entry {
  outcome: Promise<Outcome>;
  /** Infinity while the question is in flight. */
  expiresAt: number;
}

/**
 * A bounded LRU of DNS answers and failures by (name, rrtype), sharing one
 * upstream question among concurrent askers. Every caller gets its own copy
 * of the records and of the error: mailauth sorts MX lists in place and
 * writes its SPF result onto the error it is given.
 */
export class DnsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly settings: Required<Omit<DnsCacheOptions, 'now'>>;
  private readonly now: () => number;

  constructor(
    private readonly source: DnsSource,
    options: DnsCacheOptions = {},
  ) {
    const { now, ...rest } = options;
    this.settings = { ...DNS_CACHE_DEFAULTS, ...rest };
    this.now = now ?? Date.now;
  }

  /** Questions held, answered or in flight. */
  get size(): number {
    return this.entries.size;
  }

  readonly resolve: DnsResolver = async (name, rrtype) => {
    const key = `${rrtype.toUpperCase()} ${name.toLowerCase()}`;
    let entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (entry) {
      // Most recently used goes last; the first in the map is the next to go.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = this.ask(key, name, rrtype);
    }
    const outcome = await entry.outcome;
    if (outcome.ok) return structuredClone(outcome.records);
    throw copyError(outcome.error);
  };

  private ask(key: string, name: string, rrtype: string): Entry {
    const entry: Entry = { expiresAt: Infinity, outcome: undefined as unknown as Promise<Outcome> };
    entry.outcome = this.withTimeout(name, rrtype).then(
      (answer): Outcome => {
        this.settle(key, entry, this.answerTtl(answer.ttlSeconds));
        return { ok: true, records: answer.records };
      },
      (error: unknown): Outcome => {
        const code = (error as { code?: unknown } | null)?.code;
        this.settle(key, entry, typeof code === 'string' && NEGATIVE_CODES.has(code) ? this.settings.negativeTtlMs : this.settings.failureTtlMs);
        return { ok: false, error };
      },
    );
    this.entries.set(key, entry);
    while (this.entries.size > this.settings.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return entry;
  }

  private settle(key: string, entry: Entry, ttlMs: number): void {
    // An entry evicted while in flight stays out; one replaced meanwhile is not ours to touch.
    if (this.entries.get(key) !== entry) return;
    if (ttlMs > 0) entry.expiresAt = this.now() + ttlMs;
    else this.entries.delete(key);
  }

  private answerTtl(ttlSeconds: number | undefined): number {
    if (ttlSeconds === undefined || !Number.isFinite(ttlSeconds)) return this.settings.answerTtlMs;
    return Math.min(Math.max(0, ttlSeconds) * 1000, this.settings.answerTtlMs);
  }

  private withTimeout(name: string, rrtype: string): Promise<DnsAnswer> {
    return new Promise<DnsAnswer>((resolve, reject) => {
      const timer = setTimeout(() => reject(Object.assign(new Error(`DNS query for ${name} (${rrtype}) timed out`), { code: 'ETIMEOUT', hostname: name })), this.settings.queryTimeoutMs);
      Promise.resolve()
        .then(() => this.source(name, rrtype))
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  }
}

/** A plain resolver (records only, as tests' fakes answer) as a source: its answers are kept for the default time. */
export function sourceOf(resolver: DnsResolver): DnsSource {
  return async (name, rrtype) => ({ records: await resolver(name, rrtype) });
}

/** The same error for every caller, each its own object: `code`, `hostname` and the rest copied. */
function copyError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return Object.assign(new Error(error.message), error);
}
