import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FailedEmailPage, HeldEmailPage, ReleaseResponse, RetryResponse } from '@pidtrymka/contracts';
import { AdminEndpoints, CurrentStaff } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { PagedListQueryDto } from '../common/paged-list';
import { FailedEmailPageDto, HeldEmailPageDto, ReleaseResponseDto, RetryResponseDto } from './dto/outbox-admin-views.dto';
import { OutboxAdminService } from './outbox-admin.service';

/** The outgoing half of the staff's mail pages (/api/staff/mail): held and failed e-mails. */
@AdminEndpoints()
@Controller('staff/mail')
export class OutboxAdminController {
  constructor(private readonly mail: OutboxAdminService) {}

  @Get('outgoing-held')
  @ApiOperation({ summary: 'Automatic e-mails held by the per-address hourly cap (RFC 3834 §2), in the order they will be sent' })
  @ApiOkResponse({ type: HeldEmailPageDto })
  heldOutgoing(@Query() query: PagedListQueryDto): Promise<HeldEmailPage> {
    return this.mail.heldOutgoing(query);
  }

  @Post('outgoing-held/release-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send every held automatic e-mail now' })
  @ApiOkResponse({ type: ReleaseResponseDto })
  releaseAllOutgoing(@CurrentStaff() staff: StaffPrincipal): Promise<ReleaseResponse> {
    return this.mail.releaseOutgoing('all', staff);
  }

  @Post('outgoing-held/:id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send one held automatic e-mail now' })
  @ApiOkResponse({ type: ReleaseResponseDto })
  @ApiNotFoundResponse({ description: 'Not held' })
  releaseOutgoing(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<ReleaseResponse> {
    return this.mail.releaseOutgoing([id], staff);
  }

  @Get('failed')
  @ApiOperation({ summary: 'Outgoing e-mails the outbox gave up on, newest first, with the last error (admins only)' })
  @ApiOkResponse({ type: FailedEmailPageDto })
  failed(@Query() query: PagedListQueryDto): Promise<FailedEmailPage> {
    return this.mail.failed(query);
  }

  @Post('failed/retry-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put every failed e-mail back in the outbox with a fresh set of attempts' })
  @ApiOkResponse({ type: RetryResponseDto })
  retryAll(@CurrentStaff() staff: StaffPrincipal): Promise<RetryResponse> {
    return this.mail.retry('all', staff);
  }

  @Post('failed/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put one failed e-mail back in the outbox with a fresh set of attempts' })
  @ApiOkResponse({ type: RetryResponseDto })
  @ApiNotFoundResponse({ description: 'Not a failed e-mail' })
  retry(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<RetryResponse> {
    return this.mail.retry([id], staff);
  }
}
