import { Injectable, OnModuleInit } from '@nestjs/common';
import type { SubscribedEvent } from '@pidtrymka/plugin-sdk';
import { EventDeliveryError, EventDeliveryTarget, EventDispatcher } from '../events/event-dispatcher';
import type { DeliveryResponse } from '../events/events.repository';
import { SecretsService } from '../secrets/secrets.service';
import { openSigningSecret, webhookBody, WebhookSender } from './webhook-sender';
import { WebhooksRepository } from './webhooks.repository';

const PREFIX = 'webhook:';

/**
 * Makes every webhook a subscriber of the domain-event dispatcher
 * (`webhook:<id>`): its deliveries are written with the event, leased,
 * retried with backoff and kept in order per request exactly as a plugin's;
 * this only turns one into a signed POST. A 2xx answer is delivered,
 * anything else (or none) a failure the dispatcher retries.
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

  onModuleInit(): void {
    this.dispatcher.registerTarget(this);
  }

  activeSubscribers(): Promise<string[]> {
    return this.webhooks.enabledSubscribers();
  }

  async deliver(subscriber: string, event: SubscribedEvent): Promise<DeliveryResponse> {
    const webhook = await this.webhooks.find(subscriber.slice(PREFIX.length));
    // Disabled between the claim and now: kept for later, as its other deliveries are.
    if (!webhook?.enabled) throw new EventDeliveryError('the webhook is disabled or deleted', null);
    const secret = openSigningSecret(this.secrets, webhook);
    // Recorded as a failed attempt, retried with backoff like any other: a key given back to the instance delivers it.
    if (typeof secret !== 'string') throw new EventDeliveryError(secret.error, null);
    const result = await this.sender.post({ url: webhook.url, secret, messageId: event.id, body: webhookBody(event) });
    if (!result.delivered) throw new EventDeliveryError(result.error ?? 'not delivered', result.response);
    return result.response;
  }
}
