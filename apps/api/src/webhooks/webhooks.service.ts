import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateWebhookRequest,
  MailListQuery,
  UpdateWebhookRequest,
  WebhookDeliveryPage,
  WebhookPingResult,
  WebhookSecretResponse,
  WebhookView,
} from '@pidtrymka/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { pageOf, ROW_ID } from '../common/paged-list';
import { AppConfig } from '../config/app-config';
import { SEALED_COLUMNS } from '../secrets/sealed-columns.repository';
import { SecretsService } from '../secrets/secrets.service';
import { WebhookEntity } from './webhook.entity';
import { newWebhookSecret, openSigningSecret, WebhookSender } from './webhook-sender';
import { parseWebhookUrl, resolveWebhookAddress, WebhookUrlError } from './webhook-url-guard';
import { WebhookDeliveryRow, WebhookFields, WebhooksRepository } from './webhooks.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The admins' side of outbound webhooks (issue 16): endpoints with their
 * signing secrets (shown once, stored sealed, never answered again), the
 * delivery log, re-sends and test pings. Every change is audited; the secret never is.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly sender: WebhookSender,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
  ) {}

  async list(): Promise<WebhookView[]> {
    return (await this.webhooks.list()).map(toView);
  }

  async create(input: CreateWebhookRequest, actor: StaffPrincipal): Promise<WebhookSecretResponse> {
    await this.checkUrl(input.url);
    const fields: WebhookFields = { url: input.url, description: input.description ?? '', eventTypes: input.eventTypes, enabled: input.enabled ?? true };
    const id = randomUUID();
    const secret = newWebhookSecret();
    const webhook = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.webhooks.insert(manager, id, fields, this.secrets.seal(SEALED_COLUMNS.webhookSecret, id, secret), actor.name);
      await this.audit.record(manager, { ticketId: null, actor: staffActor(actor), action: 'webhook.created', details: { webhookId: inserted.id, ...fields } });
      return inserted;
    });
    return { webhook: toView(webhook), secret };
  }

  async update(id: string, input: UpdateWebhookRequest, actor: StaffPrincipal): Promise<WebhookView> {
    await this.existing(id);
    if (input.url !== undefined) await this.checkUrl(input.url);
    const fields: Partial<WebhookFields> = {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    };
    const updated = await this.dataSource.transaction(async (manager) => {
      await this.webhooks.update(manager, id, fields, actor.name);
      await this.audit.record(manager, { ticketId: null, actor: staffActor(actor), action: 'webhook.updated', details: { webhookId: id, ...fields } });
      return this.webhooks.find(id, manager);
    });
    return toView(updated!);
  }

  async remove(id: string, actor: StaffPrincipal): Promise<void> {
    const webhook = await this.existing(id);
    await this.dataSource.transaction(async (manager) => {
      await this.webhooks.delete(manager, id);
      await this.audit.record(manager, { ticketId: null, actor: staffActor(actor), action: 'webhook.deleted', details: { webhookId: id, url: webhook.url } });
    });
  }

  /** A new secret at once: deliveries from now on are signed with it, so the receiver must be given it too. */
  async rotateSecret(id: string, actor: StaffPrincipal): Promise<WebhookSecretResponse> {
    await this.existing(id);
    const secret = newWebhookSecret();
    const updated = await this.dataSource.transaction(async (manager) => {
      await this.webhooks.update(manager, id, { secret: this.secrets.seal(SEALED_COLUMNS.webhookSecret, id, secret) }, actor.name);
      await this.audit.record(manager, { ticketId: null, actor: staffActor(actor), action: 'webhook.secret_rotated', details: { webhookId: id } });
      return this.webhooks.find(id, manager);
    });
    return { webhook: toView(updated!), secret };
  }

  async deliveries(id: string, query: MailListQuery): Promise<WebhookDeliveryPage> {
    // The query is judged before the endpoint is looked up: a malformed cursor is a 400 whatever the id (12.5).
    return pageOf(
      query,
      async (limit, cursor) => {
        await this.existing(id);
        return this.webhooks.deliveries(id, limit, cursor);
      },
      toDeliveryView,
    );
  }

  async resend(id: string, eventId: string, actor: StaffPrincipal): Promise<void> {
    await this.existing(id);
    if (!ROW_ID.test(eventId)) throw new ApiException(HttpStatus.NOT_FOUND, 'webhook_delivery_not_found');
    const outcome = await this.webhooks.resend(id, eventId);
    if (outcome === 'missing') throw new ApiException(HttpStatus.NOT_FOUND, 'webhook_delivery_not_found');
    if (outcome === 'sending') throw new ApiException(HttpStatus.CONFLICT, 'webhook_delivery_in_progress');
    await this.audit.record(this.dataSource.manager, { ticketId: null, actor: staffActor(actor), action: 'webhook.resent', details: { webhookId: id, eventId } });
  }

  /** A `webhook.ping` sent now, signed like any event, whether or not the webhook is enabled; nothing is queued or kept. */
  async ping(id: string): Promise<WebhookPingResult> {
    const webhook = await this.existing(id);
    const secret = openSigningSecret(this.secrets, webhook);
    if (typeof secret !== 'string') return { delivered: false, responseStatus: null, responseExcerpt: null, error: secret.error };
    const messageId = `ping_${randomUUID()}`;
    const body = JSON.stringify({ id: messageId, type: 'webhook.ping', version: 1, occurredAt: new Date().toISOString(), data: { webhookId: id } });
    const result = await this.sender.post({ url: webhook.url, secret, messageId, body });
    return { delivered: result.delivered, responseStatus: result.response.status, responseExcerpt: result.response.excerpt, error: result.error };
  }

  private async existing(id: string): Promise<WebhookEntity> {
    const webhook = UUID.test(id) ? await this.webhooks.find(id) : null;
    if (!webhook) throw new ApiException(HttpStatus.NOT_FOUND, 'webhook_not_found');
    return webhook;
  }

  /** The checks a delivery makes, made on saving too, so a URL that could never be sent to is refused with a reason. */
  private async checkUrl(raw: string): Promise<void> {
    try {
      await resolveWebhookAddress(parseWebhookUrl(raw, this.config.webhooks), this.config.webhooks, this.sender.resolver);
    } catch (error) {
      if (error instanceof WebhookUrlError) throw new ApiException(HttpStatus.BAD_REQUEST, error.problem);
      throw error;
    }
  }
}

const staffActor = (actor: StaffPrincipal) => ({ type: 'staff' as const, name: actor.name });

function toView(webhook: WebhookEntity): WebhookView {
  return {
    id: webhook.id,
    url: webhook.url,
    description: webhook.description,
    eventTypes: webhook.eventTypes as WebhookView['eventTypes'],
    enabled: webhook.enabled,
    createdAt: webhook.createdAt.toISOString(),
    createdBy: webhook.createdBy,
    updatedAt: webhook.updatedAt.toISOString(),
    updatedBy: webhook.updatedBy,
  };
}

function toDeliveryView(row: WebhookDeliveryRow) {
  return {
    eventId: row.id,
    eventType: row.eventType,
    occurredAt: row.occurredAt.toISOString(),
    ticketId: row.ticketId,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    lastError: row.lastError,
    responseStatus: row.responseStatus,
    responseExcerpt: row.responseExcerpt,
  };
}
