import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, getSchemaPath } from '@nestjs/swagger';
import { ATTACHMENTS_FIELD, BULK_MAX_TICKETS, BulkTicketsResponse, QueueCounts, QueuePage, RelatedTickets, StaffMessageResponse, StaffTicketView, TicketOrganisationPanel } from '@pidtrymka/contracts';
import type { Response } from 'express';
import { attachmentDownload, attachmentPreview } from '../attachments/attachment-response';
import { AttachmentUploadInterceptor } from '../attachments/attachment-upload.interceptor';
import type { IncomingFile } from '../attachments/attachments.service';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { AddTicketTagDto, BulkTicketsDto, MergeTicketDto, StaffMessageDto, UpdateTicketDto } from './dto/ticket-actions.dto';
import { BulkTicketsResponseDto } from './dto/tags.dto';
import { QueueFilterDto, QueueQueryDto } from './dto/queue.dto';
import { CollisionErrorBodyDto, QueueCountsDto, QueuePageDto, RelatedTicketsDto, StaffMessageResponseDto, StaffTicketViewDto } from './dto/staff-ticket-views.dto';
import { CurrentStaff, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { TicketOrganisationPanelDto } from '../organisations/dto/organisations.dto';
import { StaffTicketsService } from './staff-tickets.service';

@StaffEndpoints()
@ApiExtraModels(StaffMessageDto)
@Controller('staff/tickets')
export class StaffTicketsController {
  constructor(private readonly tickets: StaffTicketsService) {}

  @Get()
  @ApiOperation({ summary: 'A page of the queue: filters, search, sort, keyset pagination (R-STAFF-1)' })
  @ApiOkResponse({ type: QueuePageDto })
  queue(@CurrentStaff() staff: StaffPrincipal, @Query() query: QueueQueryDto, @CallerInfo() caller: Caller): Promise<QueuePage> {
    return this.tickets.queue(staff, query, caller.locale);
  }

  @Get('counts')
  @ApiOperation({ summary: 'How many requests per status under the same filters (status itself aside)' })
  @ApiOkResponse({ type: QueueCountsDto, description: 'How many requests per status' })
  counts(@CurrentStaff() staff: StaffPrincipal, @Query() query: QueueFilterDto): Promise<QueueCounts> {
    return this.tickets.counts(staff, query);
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({
    summary: `Issue 17: one change (status, closing, owner, priority, category, tags) to many requests, each as a single change makes it, each in its own transaction; at most ${BULK_MAX_TICKETS}`,
  })
  @ApiOkResponse({ type: BulkTicketsResponseDto, description: 'Per request: done, or refused and why (a request outside the agent\'s categories reads as not found)' })
  @ApiBadRequestResponse({ description: '`bulk_too_many`, `bulk_nothing_to_do`, `invalid_tag_name`, `category_not_found`' })
  bulk(@CurrentStaff() staff: StaffPrincipal, @Body() input: BulkTicketsDto, @CallerInfo() caller: Caller): Promise<BulkTicketsResponse> {
    return this.tickets.bulk(staff, input.trackingIds, input.action, caller.locale);
  }

  @Get(':trackingId')
  @ApiOperation({ summary: 'A request: messages, notes (marked), attachments, audit history; an old ID of a merged request leads to the merged one' })
  @ApiOkResponse({ type: StaffTicketViewDto })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  view(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string, @CallerInfo() caller: Caller): Promise<StaffTicketView> {
    return this.tickets.view(staff, trackingId, caller.locale);
  }

  @Get(':trackingId/organisation')
  @ApiOperation({ summary: 'Issue 18: the request\'s organisation (or the one its sender points to), with its other requests this staff member may see' })
  @ApiOkResponse({ type: TicketOrganisationPanelDto })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  organisation(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string): Promise<TicketOrganisationPanel> {
    return this.tickets.organisationPanel(staff, trackingId);
  }

  @Get(':trackingId/related')
  @ApiOperation({ summary: 'Issue 17: the participant\'s other requests (the same address, in any case) this staff member may see, newest first, at most 20' })
  @ApiOkResponse({ type: RelatedTicketsDto })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  related(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string): Promise<RelatedTickets> {
    return this.tickets.related(staff, trackingId);
  }

  @Post(':trackingId/messages')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiOperation({ summary: 'Reply (e-mailed to the participant, R-MAIL-2) or internal note; JSON or multipart with files' })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      allOf: [
        { $ref: getSchemaPath(StaffMessageDto) },
        { type: 'object', properties: { [ATTACHMENTS_FIELD]: { type: 'array', items: { type: 'string', format: 'binary' } } } },
      ],
    },
  })
  @ApiCreatedResponse({ type: StaffMessageResponseDto })
  @ApiConflictResponse({ type: CollisionErrorBodyDto, description: '`ticket_changed` with `newMessages` the author has not seen; `ticket_merged`' })
  addMessage(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('trackingId') trackingId: string,
    @Body() input: StaffMessageDto,
    @UploadedFiles() files: IncomingFile[] | undefined,
  ): Promise<StaffMessageResponse> {
    return this.tickets.addMessage(staff, trackingId, input, files ?? []);
  }

  @Patch(':trackingId')
  @ApiOperation({ summary: 'Change status (resolved closes, R-CLOSE-1; anything else reopens), priority, category, owner' })
  @ApiOkResponse({ type: StaffTicketViewDto })
  update(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string, @Body() input: UpdateTicketDto, @CallerInfo() caller: Caller): Promise<StaffTicketView> {
    return this.tickets.update(staff, trackingId, input, caller.locale);
  }

  @Post(':trackingId/tags')
  @ApiOperation({ summary: 'Issue 17: put a tag on the request (a new name makes a free tag); staff-only' })
  @ApiCreatedResponse({ type: StaffTicketViewDto })
  @ApiBadRequestResponse({ description: '`invalid_tag_name`' })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  addTag(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string, @Body() input: AddTicketTagDto, @CallerInfo() caller: Caller): Promise<StaffTicketView> {
    return this.tickets.update(staff, trackingId, { addTags: [input.name] }, caller.locale);
  }

  @Delete(':trackingId/tags/:name')
  @ApiOperation({ summary: 'Issue 17: take a tag off the request' })
  @ApiOkResponse({ type: StaffTicketViewDto })
  @ApiBadRequestResponse({ description: '`invalid_tag_name`' })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  removeTag(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string, @Param('name') name: string, @CallerInfo() caller: Caller): Promise<StaffTicketView> {
    return this.tickets.update(staff, trackingId, { removeTags: [name] }, caller.locale);
  }

  @Post(':trackingId/merge')
  @ApiOperation({ summary: 'Merge this request into another; the old tracking ID then leads to it' })
  @ApiCreatedResponse({ type: StaffTicketViewDto, description: 'The request merged into' })
  @ApiConflictResponse({ description: '`merge_across_participants`: the two requests are different participants\' (issue 12.2); `ticket_merged`' })
  merge(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string, @Body() input: MergeTicketDto, @CallerInfo() caller: Caller): Promise<StaffTicketView> {
    return this.tickets.merge(staff, trackingId, input.intoTrackingId, caller.locale);
  }

  @Get(':trackingId/attachments/:attachmentId')
  @ApiOperation({ summary: 'Download an attachment of any message, notes included; always as a file' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  async download(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('trackingId') trackingId: string,
    @Param('attachmentId') attachmentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { attachment, content } = await this.tickets.download(staff, trackingId, attachmentId);
    return attachmentDownload(response, attachment, content);
  }

  @Get(':trackingId/attachments/:attachmentId/preview')
  @ApiOperation({ summary: 'Issue 17: the same attachment for the page\'s preview: inline only when its bytes are a PNG, JPEG, GIF or WebP image, a PDF or UTF-8 text (as text/plain); otherwise as the download' })
  @ApiProduces('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, Content-Disposition: inline with X-Content-Type-Options: nosniff and a sandboxing Content-Security-Policy; or as the download', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'As the download' })
  async preview(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('trackingId') trackingId: string,
    @Param('attachmentId') attachmentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { attachment, content } = await this.tickets.download(staff, trackingId, attachmentId);
    return attachmentPreview(response, attachment, content);
  }
}
