import type { DomainEventType } from './events';

/**
 * Outbound webhooks (issue 16): endpoints an admin registers, each receiving
 * the domain events of the types it chose as a signed HTTP POST (Standard
 * Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`).
 */
export interface WebhookView {
  id: string;
  url: string;
  description: string;
  eventTypes: DomainEventType[];
  enabled: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface CreateWebhookRequest {
  /** https:// (http:// only where WEBHOOK_ALLOW_HTTP is on); no user or password in it. */
  url: string;
  description?: string;
  eventTypes: DomainEventType[];
  enabled?: boolean;
}

export type UpdateWebhookRequest = Partial<CreateWebhookRequest>;

/** The signing secret is shown here and after a rotation, never again. */
export interface WebhookSecretResponse {
  webhook: WebhookView;
  /** `whsec_…` (base64), for the receiver's Standard Webhooks `Webhook(secret).verify`. */
  secret: string;
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookDeliveryView {
  /** The event's id: the `webhook-id` header and the body's `id`. */
  eventId: string;
  eventType: DomainEventType;
  occurredAt: string;
  ticketId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastError: string | null;
  /** The receiver's HTTP status on the last attempt; null when none came (refused, timed out). */
  responseStatus: number | null;
  /** The start of the receiver's answer on the last attempt. */
  responseExcerpt: string | null;
}

/** The outcome of a test ping, sent at once rather than queued. */
export interface WebhookPingResult {
  delivered: boolean;
  responseStatus: number | null;
  responseExcerpt: string | null;
  error: string | null;
}

export interface WebhookDeliveryPage {
  items: WebhookDeliveryView[];
  nextCursor: string | null;
  total: number;
}
