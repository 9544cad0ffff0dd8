import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import {
  ATTACHMENTS_FIELD,
  type CreateReplyResponse,
  type MyRequestsPage,
  type ParticipantOrganisationView,
  type ParticipantRequestView,
  type ParticipantSessionView,
  type RequestCopiesResponse,
  type SetRequestVisibilityResponse,
} from '@pidtrymka/contracts';
import { attachmentDownload, attachmentPreview } from '../attachments/attachment-response';
import { AttachmentUploadInterceptor } from '../attachments/attachment-upload.interceptor';
import type { IncomingFile } from '../attachments/attachments.service';
import { SubmissionRateLimited } from '../common/rate-limits';
import type { Request, Response } from 'express';
import { CurrentParticipant, PARTICIPANT_COOKIE, ParticipantEndpoint, ParticipantSessionToken } from '../auth/participant-auth.guard';
import { ParticipantAuthService, type ParticipantPrincipal } from '../auth/participant-auth.service';
import { csrfTokenFor } from '../auth/credentials';
import { SameOriginOnly } from '../auth/same-origin.guard';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { ApiRateLimitedResponse, PublicEndpoints } from '../common/openapi.decorators';
import { AppConfig } from '../config/app-config';
import {
  MyRequestsPageDto,
  MyRequestsQueryDto,
  ParticipantOrganisationViewDto,
  ParticipantReplyDto,
  ParticipantRequestViewDto,
  ParticipantSessionViewDto,
  RedeemSignInLinkDto,
  RequestCopiesResponseDto,
  SetRequestCopiesDto,
  SetRequestVisibilityDto,
  SetRequestVisibilityResponseDto,
  SignInLinkDto,
} from './dto/participant.dto';
import { CreateReplyResponseDto } from './dto/ticket-views.dto';
import { ParticipantRequestsService } from './participant-requests.service';
import { ParticipantSpaceService } from './participant-space.service';

/** Where the cookie goes: every API call, as the staff one (the two guards each read their own). */
const COOKIE_PATH = '/api';

/** Issue 18: the participant's own space — sign-in without a password, and "My requests". */
@ApiTags('participants')
@ApiExtraModels(ParticipantReplyDto)
@PublicEndpoints()
@ApiRateLimitedResponse()
@Controller('participant')
export class ParticipantSpaceController {
  constructor(
    private readonly space: ParticipantSpaceService,
    private readonly requestsOf: ParticipantRequestsService,
    private readonly auth: ParticipantAuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('auth/link')
  @HttpCode(202)
  @ApiOperation({ summary: 'E-mail a one-time sign-in link (15 minutes, single use) to the address; always 202, whether or not it has requests' })
  @ApiAcceptedResponse({ description: 'Queued; the answer is the same for every address' })
  @ApiTooManyRequestsResponse({ description: '`too_many_sign_in_links`: RATE_LIMIT_SIGN_IN_LINKS for this address or RATE_LIMIT_SIGN_IN_LINKS_PER_IP from this IP this hour' })
  async link(@Body() input: SignInLinkDto, @CallerInfo() caller: Caller): Promise<void> {
    await this.space.sendLink(input.email, caller);
  }

  @Post('auth/redeem')
  @HttpCode(200)
  // Before the token is read: a forged call from another site neither signs the visitor in as the link's owner nor uses the link up.
  @SameOriginOnly()
  @ApiOperation({ summary: 'Use up a sign-in link\'s token; sets the httpOnly participant session cookie (SameSite=Strict)' })
  @ApiOkResponse({ type: ParticipantSessionViewDto })
  @ApiBadRequestResponse({ description: '`sign_in_link_invalid`: unknown, used or expired (indistinguishable)' })
  async redeem(@Body() input: RedeemSignInLinkDto, @CallerInfo() caller: Caller, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ParticipantSessionView> {
    const { token, view } = await this.auth.redeem(input.token, caller.ip, request.header('user-agent') ?? '');
    response.cookie(PARTICIPANT_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https:'),
      path: COOKIE_PATH,
      maxAge: this.config.participant.sessionMaxMs,
    });
    response.setHeader('Cache-Control', 'no-store');
    return view;
  }

  @Get('auth/session')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: 'The signed-in participant and the session\'s CSRF token (after a page reload)' })
  @ApiOkResponse({ type: ParticipantSessionViewDto })
  session(@CurrentParticipant() participant: ParticipantPrincipal & { expiresAt: Date }, @ParticipantSessionToken() token: string, @Res({ passthrough: true }) response: Response): ParticipantSessionView {
    response.setHeader('Cache-Control', 'no-store');
    return { email: participant.email, csrfToken: csrfTokenFor(token), expiresAt: participant.expiresAt.toISOString() };
  }

  @Post('auth/sign-out')
  @HttpCode(204)
  @ParticipantEndpoint({ csrf: true })
  @ApiOperation({ summary: 'End this session' })
  @ApiNoContentResponse()
  async signOut(@CurrentParticipant() participant: ParticipantPrincipal, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.signOut(participant);
    response.clearCookie(PARTICIPANT_COOKIE, { path: COOKIE_PATH });
  }

  @Post('auth/sign-out-everywhere')
  @HttpCode(204)
  @ParticipantEndpoint({ csrf: true })
  @ApiOperation({ summary: 'End every session of this address, in every browser' })
  @ApiNoContentResponse()
  async signOutEverywhere(@CurrentParticipant() participant: ParticipantPrincipal, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.signOutEverywhere(participant);
    response.clearCookie(PARTICIPANT_COOKIE, { path: COOKIE_PATH });
  }

  @Get('requests')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: '"My requests": the signed-in participant\'s requests (their address, any case), a merged one as the one it went into' })
  @ApiOkResponse({ type: MyRequestsPageDto })
  @ApiBadRequestResponse({ description: 'A bad filter, sort, page or page size; the message names it' })
  async requests(@CurrentParticipant() participant: ParticipantPrincipal, @Query() query: MyRequestsQueryDto, @Res({ passthrough: true }) response: Response): Promise<MyRequestsPage> {
    response.setHeader('Cache-Control', 'private, no-store');
    return this.space.myRequests(participant, query);
  }

  @Get('organisations')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: 'Issue 18: the active organisations the signed-in address is a contact of, with their default visibility (for the submit form)' })
  @ApiOkResponse({ type: [ParticipantOrganisationViewDto] })
  organisations(@CurrentParticipant() participant: ParticipantPrincipal, @CallerInfo() caller: Caller, @Res({ passthrough: true }) response: Response): Promise<ParticipantOrganisationView[]> {
    response.setHeader('Cache-Control', 'private, no-store');
    return this.requestsOf.organisations(participant, caller.locale);
  }

  @Get('requests/:trackingId')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: 'Issue 18: a request of the signed-in participant, or a colleague\'s shared with their organisation, with its conversation' })
  @ApiOkResponse({ type: ParticipantRequestViewDto })
  @ApiNotFoundResponse({ description: 'Unknown, or not one this participant may see (indistinguishable)' })
  async request(@CurrentParticipant() participant: ParticipantPrincipal, @Param('trackingId') trackingId: string, @CallerInfo() caller: Caller, @Res({ passthrough: true }) response: Response): Promise<ParticipantRequestView> {
    response.setHeader('Cache-Control', 'private, no-store');
    return this.requestsOf.view(participant, trackingId, caller);
  }

  @Post('requests/:trackingId/replies')
  @ParticipantEndpoint({ csrf: true })
  @SubmissionRateLimited()
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiOperation({ summary: 'Issue 18: a reply as the signed-in participant (a colleague\'s shows their own name and address); JSON, or multipart/form-data with files' })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      allOf: [
        { $ref: getSchemaPath(ParticipantReplyDto) },
        { type: 'object', properties: { [ATTACHMENTS_FIELD]: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'At most ATTACHMENT_MAX_COUNT files (R-SUB-6)' } } },
      ],
    },
  })
  @ApiCreatedResponse({ type: CreateReplyResponseDto })
  @ApiPayloadTooLargeResponse({ description: 'A file over ATTACHMENT_MAX_BYTES' })
  @ApiNotFoundResponse({ description: 'Unknown, or not one this participant may see (indistinguishable)' })
  reply(
    @CurrentParticipant() participant: ParticipantPrincipal,
    @Param('trackingId') trackingId: string,
    @Body() input: ParticipantReplyDto,
    @UploadedFiles() files: IncomingFile[] | undefined,
    @CallerInfo() caller: Caller,
  ): Promise<CreateReplyResponse> {
    return this.requestsOf.reply(participant, trackingId, input.message, files ?? [], caller);
  }

  @Get('requests/:trackingId/attachments/:attachmentId')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: 'Issue 18: an attachment of a request this participant may see: always as a file, never rendered (R-SUB-6)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Unknown request or attachment, or not one this participant may see' })
  async download(
    @CurrentParticipant() participant: ParticipantPrincipal,
    @Param('trackingId') trackingId: string,
    @Param('attachmentId') attachmentId: string,
    @CallerInfo() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { attachment, content } = await this.requestsOf.download(participant, trackingId, attachmentId, caller);
    return attachmentDownload(response, attachment, content);
  }

  @Get('requests/:trackingId/attachments/:attachmentId/preview')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: 'Issue 17: the same attachment for the page\'s preview: inline only when its bytes are a PNG, JPEG, GIF or WebP image, a PDF or UTF-8 text (as text/plain); otherwise as the download' })
  @ApiProduces('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, Content-Disposition: inline with X-Content-Type-Options: nosniff and a sandboxing Content-Security-Policy; or as the download', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'As the download' })
  async preview(
    @CurrentParticipant() participant: ParticipantPrincipal,
    @Param('trackingId') trackingId: string,
    @Param('attachmentId') attachmentId: string,
    @CallerInfo() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { attachment, content } = await this.requestsOf.download(participant, trackingId, attachmentId, caller);
    return attachmentPreview(response, attachment, content);
  }

  @Put('requests/:trackingId/visibility')
  @ParticipantEndpoint({ csrf: true })
  @ApiOperation({ summary: 'Issue 18: the author shares their request with their organisation\'s contacts, or makes it theirs alone (audited)' })
  @ApiOkResponse({ type: SetRequestVisibilityResponseDto })
  @ApiBadRequestResponse({ description: 'An unknown visibility' })
  @ApiNotFoundResponse({ description: 'Unknown, or not the signed-in participant\'s own request (a colleague\'s too)' })
  setVisibility(
    @CurrentParticipant() participant: ParticipantPrincipal,
    @Param('trackingId') trackingId: string,
    @Body() input: SetRequestVisibilityDto,
    @CallerInfo() caller: Caller,
  ): Promise<SetRequestVisibilityResponse> {
    return this.requestsOf.setVisibility(participant, trackingId, input.visibility, caller);
  }

  @Get('requests/:trackingId/copies')
  @ParticipantEndpoint({ csrf: false })
  @ApiOperation({ summary: 'Issue 18: the colleagues the author may put in copy of their request (the other active contacts of its organisation), and who is' })
  @ApiOkResponse({ type: RequestCopiesResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown, or not the signed-in participant\'s own request (a colleague\'s too)' })
  copies(@CurrentParticipant() participant: ParticipantPrincipal, @Param('trackingId') trackingId: string, @CallerInfo() caller: Caller): Promise<RequestCopiesResponse> {
    return this.requestsOf.copies(participant, trackingId, caller);
  }

  @Put('requests/:trackingId/copies')
  @ParticipantEndpoint({ csrf: true })
  @ApiOperation({ summary: 'Issue 18: the author sets who is in copy (they get the e-mails the author gets and may reply by e-mail); each change audited' })
  @ApiOkResponse({ type: RequestCopiesResponseDto })
  @ApiBadRequestResponse({ description: 'An address that is not an active contact of the request\'s organisation' })
  @ApiNotFoundResponse({ description: 'Unknown, or not the signed-in participant\'s own request (a colleague\'s too)' })
  setCopies(
    @CurrentParticipant() participant: ParticipantPrincipal,
    @Param('trackingId') trackingId: string,
    @Body() input: SetRequestCopiesDto,
    @CallerInfo() caller: Caller,
  ): Promise<RequestCopiesResponse> {
    return this.requestsOf.setCopies(participant, trackingId, input.emails, caller);
  }
}
