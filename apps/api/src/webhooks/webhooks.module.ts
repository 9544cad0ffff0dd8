import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks (issue 16): the admins' endpoints (/api/staff/webhooks) and their delivery as subscribers of the event dispatcher. */
@Module({
  imports: [AuditModule, AuthModule, EventsModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhookSender, WebhookDeliveries, WebhooksService],
})
export class WebhooksModule {}
