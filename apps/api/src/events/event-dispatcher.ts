import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { CoalescedWrites } from '../common/coalesced-writes';
import { PollingWorker, retryDelayMs } from '../common/polling-worker';
import { AppConfig } from '../config/app-config';
import type { SubscribedEvent } from '@pidtrymka/plugin-sdk';
import { ClaimedDelivery, DeliveryResponse, EventsRepository } from './events.repository';
import { REGISTERED_EVENT_SUBSCRIBERS, RegisteredEventSubscriber } from './registered-subscribers';

const BATCH_SIZE = 100;

/**
 * Subscribers that come and go at run time rather than by configuration
 * (outbound webhooks: `webhook:<id>`), registered by the module that owns
 * them, so this module needs none of its internals.
 */
export interface EventDeliveryTarget {
  /** The prefix of its subscriber keys, e.g. `webhook:`. */
  readonly prefix: string;
  /** Its subscribers whose deliveries are due to be sent now (e.g. the enabled webhooks). */
  activeSubscribers(): Promise<string[]>;
  /** Resolves on success; rejects (an EventDeliveryError to keep the receiver's answer) to be retried. */
  deliver(subscriber: string, event: SubscribedEvent): Promise<DeliveryResponse | void>;
}

/** A failed delivery that got an answer worth keeping in the delivery log. */
export class EventDeliveryError extends Error {
  constructor(
    message: string,
    readonly response: DeliveryResponse | null,
  ) {
    super(message);
  }
}

/**
 * Hands domain events to the event-subscriber plugins (issue 16), on the
 * processes that send the outbox (OUTBOX_WORKER_ENABLED) and with its
 * discipline: each round leases due deliveries (EventsRepository.claimDue:
 * in order per request, FOR UPDATE SKIP LOCKED, so several instances share
 * the work), calls each subscriber's `handle`, and marks the row delivered;
 * a rejection waits EVENT_BACKOFF_MS × 2^(attempt−1), and after
 * EVENT_MAX_ATTEMPTS is kept as `failed`.
 *
 * At least once: a row is marked only after `handle` resolved, so a crash in
 * between hands the event over again once its lease (EVENT_LEASE_SECONDS)
 * runs out; a `handle` slower than the lease is given up as a failure, as
 * another dispatcher may have taken the event by then. Subscribers are
 * separate rows, so one's failures delay only its own events, and the
 * change that wrote them never waits on any.
 */
@Injectable()
export class EventDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly subscribers: ReadonlyMap<string, RegisteredEventSubscriber['subscriber']>;
  private readonly targets: EventDeliveryTarget[] = [];
  // Anything claimed may have let a request's next event become due: look again at once.
  private readonly worker = new PollingWorker(this.logger, 'Event', async () => (await this.deliverDue()) > 0, () => this.config.events.pollMs);
  // Each delivery is still marked only after its receiver answered; the ones a round finishes together share one statement.
  private readonly delivered = new CoalescedWrites<{ delivery: ClaimedDelivery; response: DeliveryResponse | null }>((done) => this.events.markDeliveredMany(done));

  constructor(
    private readonly config: AppConfig,
    private readonly events: EventsRepository,
    @Optional() @Inject(REGISTERED_EVENT_SUBSCRIBERS) subscribers?: readonly RegisteredEventSubscriber[],
  ) {
    this.subscribers = new Map((subscribers ?? []).map((s) => [s.name, s.subscriber]));
  }

  /** Called by a target's module as it starts (before the application bootstrap that starts the worker). */
  registerTarget(target: EventDeliveryTarget): void {
    this.targets.push(target);
  }

  onApplicationBootstrap(): void {
    if (this.config.outbox.workerEnabled && (this.subscribers.size > 0 || this.targets.length > 0)) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** One round: claims what is due, hands each to its subscriber, records the outcome. Returns how many it claimed. */
  async deliverDue(): Promise<number> {
    const dynamic = await Promise.all(this.targets.map((target) => target.activeSubscribers()));
    const claimed = await this.events.claimDue([...this.subscribers.keys(), ...dynamic.flat()], BATCH_SIZE, this.config.events.leaseSeconds);
    // A claim holds at most one event per subscriber and request, so all of them may run side by side.
    const results = await Promise.allSettled(claimed.map((delivery) => this.deliver(delivery)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return claimed.length;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    let response: DeliveryResponse | null;
    try {
      const work = Promise.resolve().then(() => this.handOver(delivery));
      response = (await withTimeout(work, this.config.events.leaseSeconds * 1000)) ?? null;
    } catch (error) {
      await this.recordFailure(delivery, error as Error);
      return;
    }
    await this.delivered.add({ delivery, response });
  }

  private handOver(delivery: ClaimedDelivery): Promise<DeliveryResponse | void> {
    const plugin = this.subscribers.get(delivery.subscriber);
    if (plugin) return plugin.handle(delivery.event);
    const target = this.targets.find((t) => delivery.subscriber.startsWith(t.prefix));
    if (!target) throw new Error(`No subscriber ${delivery.subscriber}`);
    return target.deliver(delivery.subscriber, delivery.event);
  }

  private async recordFailure(delivery: ClaimedDelivery, error: Error): Promise<void> {
    const message = `${error?.message ?? error}`.slice(0, 2000);
    const response = error instanceof EventDeliveryError ? error.response : null;
    const what = `Event ${delivery.event.id} (${delivery.event.type}) for ${delivery.subscriber}`;
    if (delivery.attempts >= this.config.events.maxAttempts) {
      this.logger.warn(`${what} failed after ${delivery.attempts} attempt(s): ${message}`);
      await this.events.markFailed(delivery, message, response);
      return;
    }
    const retryInMs = retryDelayMs(this.config.events.backoffMs, delivery.attempts);
    this.logger.warn(`${what} not handled, retry in ${Math.round(retryInMs / 1000)} s: ${message}`);
    await this.events.markRetry(delivery, message, retryInMs, response);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handle did not finish within the lease (${ms} ms)`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
