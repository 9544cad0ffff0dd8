import { ApiProperty } from '@nestjs/swagger';
import {
  DOMAIN_EVENT_TYPES,
  DomainEventType,
  WEBHOOK_DELIVERY_STATUSES,
  WebhookDeliveryPage,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
  WebhookPingResult,
  WebhookSecretResponse,
  WebhookView,
} from '@pidtrymka/contracts';
import { NEXT_CURSOR } from '../../common/list-views.dto';

// OpenAPI documentation of the answers in libs/contracts/src/webhooks.ts; `implements` keeps each class in step with its interface.

export class WebhookViewDto implements WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'https://crm.example.com/hooks/pidtrymka' }) url!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, isArray: true }) eventTypes!: DomainEventType[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'The admin who created it' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'The admin who changed it last' }) updatedBy!: string;
}

export class WebhookSecretResponseDto implements WebhookSecretResponse {
  @ApiProperty({ type: WebhookViewDto }) webhook!: WebhookView;
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Shown now and never again' }) secret!: string;
}

export class WebhookDeliveryViewDto implements WebhookDeliveryView {
  @ApiProperty({ example: '1042' }) eventId!: string;
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES }) eventType!: DomainEventType;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ticketId!: string | null;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status!: WebhookDeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a pending delivery is tried next' }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed (technical, in English)' }) lastError!: string | null;
  @ApiProperty({ type: Number, nullable: true }) responseStatus!: number | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 500 }) responseExcerpt!: string | null;
}

export class WebhookDeliveryPageDto implements WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryViewDto] }) items!: WebhookDeliveryView[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
  @ApiProperty({ description: 'Every delivery of this webhook, not just this page' }) total!: number;
}

export class WebhookPingResultDto implements WebhookPingResult {
  @ApiProperty({ description: 'The receiver answered 2xx' }) delivered!: boolean;
  @ApiProperty({ type: Number, nullable: true }) responseStatus!: number | null;
  @ApiProperty({ type: String, nullable: true }) responseExcerpt!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}
