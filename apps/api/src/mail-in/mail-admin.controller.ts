import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type {
  KeptEmailPage,
  KeptEmailView,
  MailProblemCounts,
  QuarantinedEmailPage,
  QuarantinedEmailView,
  ReplayResponse,
} from '@pidtrymka/contracts';
import type { Response } from 'express';
import { PagedListQueryDto } from '../common/paged-list';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { KeptEmailQueryDto, OpenQuarantinedRequestDto } from './dto/mail-admin.dto';
import { KeptEmailPageDto, KeptEmailViewDto, MailProblemCountsDto, QuarantinedEmailPageDto, QuarantinedEmailViewDto, ReplayResponseDto } from './dto/mail-admin-views.dto';
import { MailAdminService } from './mail-admin.service';
import { AdminEndpoints, CurrentStaff } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';

@AdminEndpoints()
@Controller('staff/mail')
export class MailAdminController {
  constructor(private readonly mail: MailAdminService) {}

  @Get('counts')
  @ApiOperation({ summary: 'How many inbound e-mails are in quarantine or held, how many outgoing ones failed or are held (admins only)' })
  @ApiOkResponse({ type: MailProblemCountsDto })
  counts(): Promise<MailProblemCounts> {
    return this.mail.counts();
  }

  @Get('kept')
  @ApiOperation({ summary: 'Inbound e-mails kept without effect (ignored, duplicate, held, quarantined) or flagged, newest first, with the reason (R-MAIL-8)' })
  @ApiOkResponse({ type: KeptEmailPageDto })
  kept(@Query() query: KeptEmailQueryDto, @CallerInfo() caller: Caller): Promise<KeptEmailPage> {
    return this.mail.kept(query, caller.locale);
  }

  @Get('kept/:id')
  @ApiOperation({ summary: 'One kept or flagged e-mail: decoded headers, its text (HTML only as text), attachments listed' })
  @ApiOkResponse({ type: KeptEmailViewDto })
  @ApiNotFoundResponse({ description: 'Not kept' })
  keptMessage(@Param('id') id: string, @CallerInfo() caller: Caller): Promise<KeptEmailView> {
    return this.mail.keptMessage(id, caller.locale);
  }

  @Get('kept/:id/raw')
  @ApiOperation({ summary: 'A kept or flagged message exactly as received, as an .eml download' })
  @ApiProduces('message/rfc822')
  @ApiOkResponse({ description: 'The raw bytes, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Not kept' })
  async keptRaw(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    return emlDownload(id, await this.mail.rawKept(id), response);
  }

  @Post('kept/:id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a kept e-mail: it is processed as if new, past the rule that kept it, and makes or joins a request' })
  @ApiOkResponse({ type: ReplayResponseDto })
  @ApiNotFoundResponse({ description: 'Not kept' })
  release(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal, @CallerInfo() caller: Caller): Promise<ReplayResponse> {
    return this.mail.release(id, staff, caller.locale);
  }

  @Get('quarantine')
  @ApiOperation({ summary: 'Inbound e-mails that could not be processed, newest first, with the reason (R-MAIL-6; admins only)' })
  @ApiOkResponse({ type: QuarantinedEmailPageDto })
  quarantined(@Query() query: PagedListQueryDto, @CallerInfo() caller: Caller): Promise<QuarantinedEmailPage> {
    return this.mail.quarantined(query, caller.locale);
  }

  @Post('quarantine/replay-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Process every quarantined e-mail again, and any left undecided (as `npm run mail:replay -- --all`)' })
  @ApiOkResponse({ type: ReplayResponseDto })
  replayAll(@CurrentStaff() staff: StaffPrincipal, @CallerInfo() caller: Caller): Promise<ReplayResponse> {
    return this.mail.replay('all', staff, caller.locale);
  }

  @Get('quarantine/:id')
  @ApiOperation({ summary: 'One quarantined e-mail: decoded headers, its text (HTML only as text), attachments listed' })
  @ApiOkResponse({ type: QuarantinedEmailViewDto })
  @ApiNotFoundResponse({ description: 'Not in quarantine' })
  message(@Param('id') id: string, @CallerInfo() caller: Caller): Promise<QuarantinedEmailView> {
    return this.mail.quarantinedMessage(id, caller.locale);
  }

  @Get('quarantine/:id/raw')
  @ApiOperation({ summary: 'The message exactly as received, as an .eml download' })
  @ApiProduces('message/rfc822')
  @ApiOkResponse({ description: 'The raw bytes, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Not in quarantine' })
  async raw(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    return emlDownload(id, await this.mail.rawQuarantined(id), response);
  }

  @Get('messages/:messageId/original')
  @ApiOperation({ summary: "The e-mail a request's message was made from, exactly as received, as an .eml download (admins only)" })
  @ApiProduces('message/rfc822')
  @ApiOkResponse({ description: 'The raw bytes, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'The message did not come by e-mail' })
  async original(@Param('messageId') messageId: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const { id, raw } = await this.mail.rawOfMessage(messageId);
    response.attachment(`inbound-${id}.eml`);
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(raw, { type: 'message/rfc822', length: raw.length });
  }

  @Post('quarantine/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Process one quarantined e-mail again; it makes or joins a request, or stays with a new reason' })
  @ApiOkResponse({ type: ReplayResponseDto })
  @ApiNotFoundResponse({ description: 'Not in quarantine' })
  replay(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal, @CallerInfo() caller: Caller): Promise<ReplayResponse> {
    return this.mail.replay([id], staff, caller.locale);
  }

  @Post('quarantine/:id/open-request')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make a request of a quarantined e-mail without a usable sender, as from the participant the admin names (issue 17)',
    description: 'The request opens as any e-mail\'s would: confirmation to that address, staff notices, attachments kept; the admin is named in its audit, and the e-mail is marked released into it.',
  })
  @ApiOkResponse({ type: ReplayResponseDto })
  @ApiBadRequestResponse({ description: 'No valid e-mail address, or a name too long' })
  @ApiNotFoundResponse({ description: 'Not in quarantine' })
  @ApiConflictResponse({ description: '`quarantined_email_has_sender` (replay it instead) or `quarantined_email_unreadable`' })
  openRequest(@Param('id') id: string, @Body() input: OpenQuarantinedRequestDto, @CurrentStaff() staff: StaffPrincipal): Promise<ReplayResponse> {
    return this.mail.openRequest(id, input, staff);
  }

  @Post('quarantine/:id/dismiss')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take an e-mail out of quarantine without processing it; it is kept, as ignored' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not in quarantine' })
  async dismiss(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.mail.dismiss(id, staff);
  }

}

/** A message's bytes as a download that no browser renders. */
function emlDownload(id: string, raw: Buffer, response: Response): StreamableFile {
  response.attachment(`inbound-${id}.eml`);
  response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  response.setHeader('Cache-Control', 'private, no-store');
  return new StreamableFile(raw, { type: 'message/rfc822', length: raw.length });
}
