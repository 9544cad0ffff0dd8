import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFiles, UseInterceptors, type Type } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import { ATTACHMENTS_FIELD, CreateReplyResponse, CreateTicketResponse, ParticipantStatusResponse, RateReplyResponse, SatisfactionAnswerView, TicketView } from '@pidtrymka/contracts';
import type { Response } from 'express';
import { attachmentDownload, attachmentPreview } from '../attachments/attachment-response';
import { AttachmentUploadInterceptor } from '../attachments/attachment-upload.interceptor';
import type { IncomingFile } from '../attachments/attachments.service';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { ApiRateLimitedResponse, PublicEndpoints } from '../common/openapi.decorators';
import { SubmissionRateLimited } from '../common/rate-limits';
import { CreateReplyDto } from './dto/create-reply.dto';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { ParticipantStatusDto, RateReplyDto, SatisfactionDto } from './dto/participant-actions.dto';
import { TicketLookupQueryDto } from './dto/ticket-lookup.dto';
import { CreateReplyResponseDto, CreateTicketResponseDto, ParticipantStatusResponseDto, RateReplyResponseDto, SatisfactionAnswerViewDto, TicketViewDto } from './dto/ticket-views.dto';
import { TrackingReminderDto } from './dto/tracking-reminder.dto';
import { TicketsService } from './tickets.service';

/** A form's fields plus its files, for OpenAPI. */
function multipartBody(dto: Type<unknown>) {
  return {
    schema: {
      allOf: [
        { $ref: getSchemaPath(dto) },
        { type: 'object', properties: { [ATTACHMENTS_FIELD]: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'At most ATTACHMENT_MAX_COUNT files (R-SUB-6)' } } },
      ],
    },
  };
}

@ApiTags('participants')
@ApiExtraModels(CreateTicketDto, CreateReplyDto)
@PublicEndpoints()
@ApiRateLimitedResponse()
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @SubmissionRateLimited()
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiOperation({ summary: 'Submit a request (R-SUB-1…6); JSON, or multipart/form-data with files' })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody(multipartBody(CreateTicketDto))
  @ApiCreatedResponse({ type: CreateTicketResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid field, captcha, category or file type; the message names the problem' })
  @ApiPayloadTooLargeResponse({ description: 'A file over ATTACHMENT_MAX_BYTES' })
  create(@Body() input: CreateTicketDto, @UploadedFiles() files: IncomingFile[] | undefined, @CallerInfo() caller: Caller): Promise<CreateTicketResponse> {
    return this.tickets.create(input, files ?? [], caller);
  }

  @Post('remind')
  @HttpCode(202)
  @SubmissionRateLimited()
  @ApiOperation({ summary: 'E-mail the list of an address\'s requests (R-VIEW-4); always 202' })
  @ApiAcceptedResponse({ description: 'Queued if that address has requests; the answer is the same either way' })
  async remind(@Body() input: TrackingReminderDto, @CallerInfo() caller: Caller): Promise<void> {
    await this.tickets.sendTrackingReminder(input.email, caller);
  }

  @Get(':trackingId')
  @ApiOperation({ summary: 'A request with its conversation and details (R-VIEW-1, R-VIEW-3)' })
  @ApiOkResponse({ type: TicketViewDto })
  @ApiNotFoundResponse({ description: 'Unknown tracking ID or wrong e-mail (indistinguishable)' })
  view(@Param('trackingId') trackingId: string, @Query() query: TicketLookupQueryDto, @CallerInfo() caller: Caller): Promise<TicketView> {
    return this.tickets.view(trackingId, query.email, caller);
  }

  @Post(':trackingId/replies')
  @SubmissionRateLimited()
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiOperation({ summary: 'The participant\'s reply (R-VIEW-5); JSON, or multipart/form-data with files' })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody(multipartBody(CreateReplyDto))
  @ApiCreatedResponse({ type: CreateReplyResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown tracking ID or wrong e-mail (indistinguishable)' })
  reply(
    @Param('trackingId') trackingId: string,
    @Body() input: CreateReplyDto,
    @UploadedFiles() files: IncomingFile[] | undefined,
    @CallerInfo() caller: Caller,
  ): Promise<CreateReplyResponse> {
    return this.tickets.reply(trackingId, input, files ?? [], caller);
  }

  // Not a submission: one vote per reply bounds it, and voting on a long conversation must not run into the limit of new messages.
  @Post(':trackingId/messages/:messageId/rating')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue 19: "Was this reply helpful?" on one staff reply, once' })
  @ApiOkResponse({ type: RateReplyResponseDto })
  @ApiBadRequestResponse({ description: 'Not a staff reply (the participant\'s own message), or an unknown rating' })
  @ApiNotFoundResponse({ description: 'Unknown request, wrong e-mail, or no such reply visible on this request (a note is none)' })
  @ApiConflictResponse({ description: 'The reply was rated already; a rating is never changed' })
  rate(@Param('trackingId') trackingId: string, @Param('messageId') messageId: string, @Body() input: RateReplyDto, @CallerInfo() caller: Caller): Promise<RateReplyResponse> {
    return this.tickets.rateReply(trackingId, messageId, input.email, input.rating, caller);
  }

  // Rate-limited as the participant's other changes; one answer per closing bounds it further.
  @Post(':trackingId/satisfaction')
  @HttpCode(200)
  @SubmissionRateLimited()
  @ApiOperation({ summary: 'Issue 19: satisfaction after closing, 1–5 stars and an optional comment, once per closing' })
  @ApiOkResponse({ type: SatisfactionAnswerViewDto })
  @ApiBadRequestResponse({ description: 'Stars not 1–5, or a comment too long' })
  @ApiNotFoundResponse({ description: 'Unknown tracking ID or wrong e-mail (indistinguishable)' })
  @ApiConflictResponse({ description: 'The request is not closed, or this closing was answered already' })
  answerSatisfaction(@Param('trackingId') trackingId: string, @Body() input: SatisfactionDto, @CallerInfo() caller: Caller): Promise<SatisfactionAnswerView> {
    return this.tickets.answerSatisfaction(trackingId, input.email, input.stars, input.comment, caller);
  }

  @Post(':trackingId/close')
  @HttpCode(200)
  @SubmissionRateLimited()
  @ApiOperation({ summary: 'Issue 19: the participant closes their own request (status resolved, no closed e-mail)' })
  @ApiOkResponse({ type: ParticipantStatusResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown tracking ID or wrong e-mail (indistinguishable)' })
  @ApiConflictResponse({ description: 'Already closed, or merged into a request of another address' })
  close(@Param('trackingId') trackingId: string, @Body() input: ParticipantStatusDto, @CallerInfo() caller: Caller): Promise<ParticipantStatusResponse> {
    return this.tickets.close(trackingId, input.email, caller);
  }

  @Post(':trackingId/reopen')
  @HttpCode(200)
  @SubmissionRateLimited()
  @ApiOperation({ summary: 'Issue 19, R-CLOSE-2: the participant reopens their closed request (status waiting_reply)' })
  @ApiOkResponse({ type: ParticipantStatusResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown tracking ID or wrong e-mail (indistinguishable)' })
  @ApiConflictResponse({ description: 'Not closed, or merged into a request of another address' })
  reopen(@Param('trackingId') trackingId: string, @Body() input: ParticipantStatusDto, @CallerInfo() caller: Caller): Promise<ParticipantStatusResponse> {
    return this.tickets.reopen(trackingId, input.email, caller);
  }

  @Get(':trackingId/attachments/:attachmentId')
  @ApiOperation({ summary: 'Download an attachment: always as a file, never rendered (R-SUB-6)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Unknown request, wrong e-mail or unknown attachment' })
  async download(
    @Param('trackingId') trackingId: string,
    @Param('attachmentId') attachmentId: string,
    @Query() query: TicketLookupQueryDto,
    @CallerInfo() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { attachment, content } = await this.tickets.download(trackingId, attachmentId, query.email, caller);
    return attachmentDownload(response, attachment, content);
  }

  @Get(':trackingId/attachments/:attachmentId/preview')
  @ApiOperation({ summary: 'Issue 17: the same attachment for the page\'s preview: inline only when its bytes are a PNG, JPEG, GIF or WebP image, a PDF or UTF-8 text (as text/plain); otherwise as the download' })
  @ApiProduces('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, Content-Disposition: inline with X-Content-Type-Options: nosniff and a sandboxing Content-Security-Policy; or as the download', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'As the download' })
  async preview(
    @Param('trackingId') trackingId: string,
    @Param('attachmentId') attachmentId: string,
    @Query() query: TicketLookupQueryDto,
    @CallerInfo() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { attachment, content } = await this.tickets.download(trackingId, attachmentId, query.email, caller);
    return attachmentPreview(response, attachment, content);
  }
}
