import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { StaffTeamMember } from '@pidtrymka/contracts';
import { StaffAuthGuard } from './staff-auth.guard';
import { StaffAccountsService } from './staff-accounts.service';

/** Agents assign requests too, but may not manage accounts: this is the part of the staff list they need. */
@ApiTags('staff')
@ApiCookieAuth()
@ApiUnauthorizedResponse({ description: 'Signed out or expired' })
@UseGuards(StaffAuthGuard)
@Controller('staff/team')
export class StaffTeamController {
  constructor(private readonly accounts: StaffAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Active staff with their role and categories, for choosing an owner' })
  @ApiOkResponse({ description: 'StaffTeamMember[]: { id, name, role, categoryIds }' })
  team(): Promise<StaffTeamMember[]> {
    return this.accounts.team();
  }
}
