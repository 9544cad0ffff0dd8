import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { DecidedCopyView, PendingCopyView } from '@pidtrymka/contracts';
import { AdminEndpoints, CurrentStaff } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { DecidedCopyViewDto, PendingCopyViewDto } from './dto/staff-copies.dto';
import { StaffCopiesService } from './staff-copies.service';

const NOT_PENDING = { description: '`copy_not_pending`: no such copy waits for a decision (decided meanwhile, or taken out by the author)' };

/** Issue 18: outside addresses put in copy of requests, for admins to approve or refuse. */
@AdminEndpoints()
@Controller('staff/copies')
export class StaffCopiesController {
  constructor(private readonly copies: StaffCopiesService) {}

  @Get('pending')
  @ApiOperation({ summary: 'Issue 18: outside addresses put in copy of a request, waiting for an admin, oldest first (admins only)' })
  @ApiOkResponse({ type: [PendingCopyViewDto] })
  pending(@CallerInfo() caller: Caller): Promise<PendingCopyView[]> {
    return this.copies.pending(caller.locale);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue 18: approve an outside address in copy: it gets the author\'s e-mails and may reply by e-mail; audited' })
  @ApiOkResponse({ type: DecidedCopyViewDto })
  @ApiNotFoundResponse(NOT_PENDING)
  approve(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<DecidedCopyView> {
    return this.copies.decide(id, true, staff);
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue 18: refuse an outside address in copy: the copy is removed; audited' })
  @ApiOkResponse({ type: DecidedCopyViewDto })
  @ApiNotFoundResponse(NOT_PENDING)
  refuse(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<DecidedCopyView> {
    return this.copies.decide(id, false, staff);
  }
}
