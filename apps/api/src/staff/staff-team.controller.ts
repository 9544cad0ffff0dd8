import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { StaffTeamMember } from '@pidtrymka/contracts';
import { StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffTeamMemberDto } from './dto/staff-views.dto';
import { StaffAccountsService } from './staff-accounts.service';

/** Agents assign requests too, but may not manage accounts: this is the part of the staff list they need. */
@StaffEndpoints()
@Controller('staff/team')
export class StaffTeamController {
  constructor(private readonly accounts: StaffAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Active staff with their role and categories, for choosing an owner' })
  @ApiOkResponse({ type: [StaffTeamMemberDto] })
  team(): Promise<StaffTeamMember[]> {
    return this.accounts.team();
  }
}
