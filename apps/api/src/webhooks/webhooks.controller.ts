import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { WebhookDeliveryPage, WebhookPingResult, WebhookSecretResponse, WebhookView } from '@pidtrymka/contracts';
import { AdminEndpoints, CurrentStaff } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { PagedListQueryDto } from '../common/paged-list';
import { WebhookDeliveryPageDto, WebhookPingResultDto, WebhookSecretResponseDto, WebhookViewDto } from './dto/webhook-views.dto';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhooks.dto';
import { WebhooksService } from './webhooks.service';

@AdminEndpoints()
@Controller('staff/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'Outbound webhook endpoints (admins only); secrets are never listed' })
  @ApiOkResponse({ type: [WebhookViewDto] })
  list(): Promise<WebhookView[]> {
    return this.webhooks.list();
  }

  @Post()
  @ApiOperation({ summary: 'Register an endpoint; its signing secret is generated and returned once' })
  @ApiCreatedResponse({ type: WebhookSecretResponseDto })
  create(@Body() input: CreateWebhookDto, @CurrentStaff() staff: StaffPrincipal): Promise<WebhookSecretResponse> {
    return this.webhooks.create(input, staff);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, description, event types; enable or disable (a disabled endpoint keeps its deliveries for later)' })
  @ApiOkResponse({ type: WebhookViewDto })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  update(@Param('id') id: string, @Body() input: UpdateWebhookDto, @CurrentStaff() staff: StaffPrincipal): Promise<WebhookView> {
    return this.webhooks.update(id, input, staff);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such webhook' })
  async remove(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.webhooks.remove(id, staff);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret at once; the new one is returned once' })
  @ApiOkResponse({ type: WebhookSecretResponseDto })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  rotateSecret(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<WebhookSecretResponse> {
    return this.webhooks.rotateSecret(id, staff);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "An endpoint's deliveries, newest first: status, attempts, last error, the receiver's answer" })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  deliveries(@Param('id') id: string, @Query() query: PagedListQueryDto): Promise<WebhookDeliveryPage> {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/deliveries/:eventId/resend')
  @HttpCode(204)
  @ApiOperation({ summary: 'Send one delivery again, with a fresh round of attempts' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such webhook or delivery' })
  @ApiConflictResponse({ description: 'Being sent right now' })
  async resend(@Param('id') id: string, @Param('eventId') eventId: string, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.webhooks.resend(id, eventId, staff);
  }

  @Post(':id/ping')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a signed `webhook.ping` now and report the answer (not queued, not retried)' })
  @ApiOkResponse({ type: WebhookPingResultDto })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  ping(@Param('id') id: string): Promise<WebhookPingResult> {
    return this.webhooks.ping(id);
  }
}
