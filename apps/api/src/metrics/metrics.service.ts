import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A scrape must answer even when the database hangs: a probe that waits longer is dropped. */
const SCRAPE_HOOK_TIMEOUT_MS = 2_000;

/**
 * Every metric of the API, on a registry of its own (not prom-client's
 * global one: each app, and each test app, counts for itself). Modules
 * count through the fields here; values that live in the database are read
 * once per scrape by hooks (`onScrape`). Labels are closed sets — channel,
 * status, job name, route template — never anything a participant typed.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private readonly scrapeHooks: (() => Promise<void>)[] = [];

  readonly ticketsCreated = new Counter({
    name: 'pidtrymka_tickets_created_total',
    help: 'Requests (tickets) created, by the channel they came in through (web, email)',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  readonly mailReceived = new Counter({
    name: 'pidtrymka_mail_in_received_total',
    help: 'Inbound e-mails recorded for the first time (a duplicate delivery of one Message-ID is not counted)',
    registers: [this.registry],
  });

  readonly mailDecided = new Counter({
    name: 'pidtrymka_mail_in_decided_total',
    help: 'Inbound e-mails decided, by outcome: processed (a request or a reply), ignored (auto-replies, bounces, loops), duplicate, held (a burst of new requests), quarantined',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly outboxSent = new Counter({
    name: 'pidtrymka_outbox_sent_total',
    help: 'E-mails the outbox worker handed to the mail transport',
    registers: [this.registry],
  });

  readonly outboxSendFailures = new Counter({
    name: 'pidtrymka_outbox_send_failures_total',
    help: 'Failed attempts to send an e-mail, by what follows: retry (later, with backoff), failed (given up; staff may retry it) or skipped (its recipient may no longer see the request; never sent)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly outboxDepth = new Gauge({
    name: 'pidtrymka_outbox_depth',
    help: 'E-mails waiting to be sent (pending, or being sent), read from the database at each scrape',
    registers: [this.registry],
  });

  readonly outboxOldestDueAge = new Gauge({
    name: 'pidtrymka_outbox_oldest_due_age_seconds',
    help: 'How long the oldest e-mail that is due has been waiting for a worker (0 when none is due): grows when delivery is stuck',
    registers: [this.registry],
  });

  readonly outboxFailed = new Gauge({
    name: 'pidtrymka_outbox_failed',
    help: 'E-mails given up after their attempts, waiting for staff to retry them, read from the database at each scrape',
    registers: [this.registry],
  });

  readonly mailQuarantined = new Gauge({
    name: 'pidtrymka_mail_in_quarantined',
    help: 'Inbound e-mails in quarantine now (mail:replay takes them out), read from the database at each scrape',
    registers: [this.registry],
  });

  readonly jobRuns = new Counter({
    name: 'pidtrymka_job_runs_total',
    help: 'Timed job ticks, by job and outcome: ok, error, or skipped (another instance ran this tick or is running it)',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'pidtrymka_job_duration_seconds',
    help: 'How long the timed jobs this instance ran took, by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'pidtrymka_http_request_duration_seconds',
    help: 'HTTP answers, by method, route template (e.g. /api/tickets/:trackingId; "unmatched" for no route) and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    // Process and Node.js runtime metrics under their usual names (process_*, nodejs_*), as dashboards expect them.
    collectDefaultMetrics({ register: this.registry });
    // Series that exist from the start, so a rate() over them is 0 rather than absent.
    for (const channel of ['web', 'email']) this.ticketsCreated.inc({ channel }, 0);
    for (const status of ['processed', 'ignored', 'duplicate', 'held', 'quarantined']) this.mailDecided.inc({ status }, 0);
    for (const outcome of ['retry', 'failed']) this.outboxSendFailures.inc({ outcome }, 0);
  }

  /** A hook run before each scrape, e.g. one query that sets several gauges. */
  onScrape(hook: () => Promise<void>): void {
    this.scrapeHooks.push(hook);
  }

  /** The Prometheus text exposition of every metric. */
  async render(): Promise<string> {
    await Promise.all(this.scrapeHooks.map((hook) => this.runHook(hook)));
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async runHook(hook: () => Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([hook(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${SCRAPE_HOOK_TIMEOUT_MS} ms`)), SCRAPE_HOOK_TIMEOUT_MS)))]);
    } catch (error) {
      this.logger.warn(`A metric could not be read: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
