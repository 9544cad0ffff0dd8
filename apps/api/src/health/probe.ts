/** What one look at a dependency found. */
export interface ProbeResult {
  up: boolean;
  /** Why it is down, in a few words fit for a public answer (no hosts, no addresses). */
  reason?: string;
  /** The whole error, for the log. */
  error?: string;
}

/**
 * Runs a check within `timeoutMs` and keeps its answer for `ttlMs`, one
 * check at a time: readiness probes of every instance every few seconds
 * then cost the SMTP server or the CMS one connection per TTL, not one per probe.
 */
export class CachedProbe {
  private last?: { result: ProbeResult; at: number };
  private running?: Promise<ProbeResult>;

  constructor(
    private readonly check: () => Promise<void>,
    private readonly options: { ttlMs: number; timeoutMs: number },
  ) {}

  async result(): Promise<ProbeResult> {
    if (this.last && Date.now() - this.last.at < this.options.ttlMs) return this.last.result;
    this.running ??= probe(this.check, this.options.timeoutMs).then((result) => {
      this.last = { result, at: Date.now() };
      this.running = undefined;
      return result;
    });
    return this.running;
  }
}

export async function probe(check: () => Promise<void>, timeoutMs: number): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ up: false, reason: `no answer within ${timeoutMs} ms`, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const attempt = check().then(
    (): ProbeResult => ({ up: true }),
    (error: unknown): ProbeResult => ({ up: false, reason: publicReason(error), error: errorText(error) }),
  );
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const REASONS: [RegExp, string][] = [
  [/ECONNREFUSED/, 'connection refused'],
  [/ENOTFOUND|EAI_AGAIN/, 'host not found'],
  [/ETIMEDOUT|ESOCKETTIMEDOUT|timeout/i, 'timed out'],
  [/ECONNRESET|EPIPE|terminated unexpectedly|connection closed/i, 'connection lost'],
  [/EHOSTUNREACH|ENETUNREACH/, 'host unreachable'],
  [/EAUTH|authenticat|password/i, 'authentication failed'],
  [/not currently accepting connections|too many connections|is starting up|is shutting down/i, 'refusing connections'],
  [/CERT|certificate|self[- ]signed|UNABLE_TO_VERIFY/i, 'TLS certificate not trusted'],
  [/answered \d{3}/, 'unexpected answer'],
];

/**
 * Health answers may be seen from outside: they say what kind of failure it
 * was, never the host, port or address in the error (that goes to the log).
 */
export function publicReason(error: unknown): string {
  const text = `${String((error as { code?: unknown })?.code ?? '')} ${errorText(error)}`;
  return REASONS.find(([pattern]) => pattern.test(text))?.[1] ?? 'unavailable (see the log)';
}

/** The message, and its cause's (fetch says only "fetch failed" and keeps ECONNREFUSED in the cause). */
function errorText(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const own = error instanceof Error ? error.message : String(error);
  const text = cause ? `${own}: ${String(cause.code ?? '')} ${String(cause.message ?? '')}`.trim() : own;
  return text.slice(0, 500);
}
