import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { STAFF_DRAFT_KINDS, StaffDraft, StaffDrafts } from '@pidtrymka/contracts';
import { CurrentStaff, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { SaveStaffDraftDto, StaffDraftDto, StaffDraftsDto } from './dto/staff-drafts.dto';
import { StaffDraftsService } from './staff-drafts.service';

/** Issue 17 ("never lose typing"): the staff member's own unsent reply and note on a request. */
@StaffEndpoints()
@Controller('staff/tickets/:trackingId/drafts')
export class StaffDraftsController {
  constructor(private readonly drafts: StaffDraftsService) {}

  @Get()
  @ApiOperation({ summary: 'Issue 17: this staff member\'s own unsent reply and note on the request (never another\'s)' })
  @ApiOkResponse({ type: StaffDraftsDto })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  mine(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string): Promise<StaffDrafts> {
    return this.drafts.mine(staff, trackingId);
  }

  @Put(':kind')
  @ApiOperation({ summary: `Issue 17: keep the reply or note being typed (kind: ${STAFF_DRAFT_KINDS.join(' or ')}); an empty body deletes it; sending it deletes it too` })
  @ApiOkResponse({ type: StaffDraftDto, description: 'The kept draft; an empty answer when an empty body deleted it' })
  @ApiBadRequestResponse({ description: '`invalid_draft_kind`, or a body too long' })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  save(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string, @Param('kind') kind: string, @Body() input: SaveStaffDraftDto): Promise<StaffDraft | null> {
    return this.drafts.save(staff, trackingId, kind, input.body);
  }

  @Delete(':kind')
  @HttpCode(204)
  @ApiOperation({ summary: 'Issue 17: drop the kept reply or note' })
  @ApiNoContentResponse({ description: 'Deleted (or there was none)' })
  @ApiNotFoundResponse({ description: 'No such request, or outside the agent\'s categories' })
  async remove(@CurrentStaff() staff: StaffPrincipal, @Param('trackingId') trackingId: string, @Param('kind') kind: string): Promise<void> {
    await this.drafts.remove(staff, trackingId, kind);
  }
}
