import { Injectable, OnModuleInit } from '@nestjs/common';
import type { SubscribedEvent } from '@pidtrymka/plugin-sdk';
import { EventDeliveryError, EventDeliveryTarget, EventDispatcher } from '../events/event-dispatcher';
import type { DeliveryResponse } from '../events/events.repository';
import { SecretsService } from '../secrets/secrets.service';
import { openSigningSecret, webhookBody, WebhookSender } from './webhook-sender';
import type { WebhookEntity } from './webhook.entity';
import { webhookSubscriber, WebhooksRepository } from './webhooks.repository';

const PREFIX = 'webhook:';

interface RoundWebhook {
  webhook: WebhookEntity | null;
  /** Opened on the first delivery of the round (or why it cannot be). */
  secret?: string | { error: string };
}

/**
 * Makes every webhook a subscriber of the domain-event dispatcher
 * (`webhook:<id>`): its deliveries are written with the event, leased,
 * retried with backoff and kept in order per request exactly as a plugin's;
 * this only turns one into a signed POST. A 2xx answer is delivered,
 * anything else (or none) a failure the dispatcher retries.
 *
 * Each round reads the enabled webhooks once, with the claim, and opens each
 * secret once: a round's deliveries cost no query of their own (they cost two
 * each before: 186 events/s to a local receiver). A webhook disabled during a
 * round still gets what that round claimed; the next round claims nothing for it.
 */
@Injectable()
export class WebhookDeliveries implements EventDeliveryTarget, OnModuleInit {
  readonly prefix = PREFIX;

  constructor(
    private readonly dispatcher: EventDispatcher,
    private readonly webhooks: WebhooksRepository,
    private readonly sender: WebhookSender,
    private readonly secrets: SecretsService,
  ) {}

  /** The enabled webhooks as this round found them, by id, with each secret opened on first use. */
  private round = new Map<string, RoundWebhook>();

  onModuleInit(): void {
    this.dispatcher.registerTarget(this);
  }

  async activeSubscribers(): Promise<string[]> {
    const webhooks = await this.webhooks.enabledWebhooks();
    this.round = new Map(webhooks.map((webhook) => [webhook.id, { webhook }]));
    return webhooks.map((webhook) => webhookSubscriber(webhook.id));
  }

  async deliver(subscriber: string, event: SubscribedEvent): Promise<DeliveryResponse> {
    const id = subscriber.slice(PREFIX.length);
    const known: RoundWebhook = this.round.get(id) ?? { webhook: await this.webhooks.find(id) };
    const webhook = known.webhook;
    // Disabled or deleted before the round began: kept for later, as its other deliveries are.
    if (!webhook?.enabled) throw new EventDeliveryError('the webhook is disabled or deleted', null);
    const secret = (known.secret ??= openSigningSecret(this.secrets, webhook));
    // Recorded as a failed attempt, retried with backoff like any other: a key given back to the instance delivers it.
    if (typeof secret !== 'string') throw new EventDeliveryError(secret.error, null);
    const result = await this.sender.post({ url: webhook.url, secret, messageId: event.id, body: webhookBody(event) });
    if (!result.delivered) throw new EventDeliveryError(result.error ?? 'not delivered', result.response);
    return result.response;
  }
}
