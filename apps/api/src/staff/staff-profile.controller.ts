import { Body, Controller, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { UpdateOwnProfileRequest } from '@pidtrymka/contracts';
import { CurrentStaff, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { UpdateOwnProfileDto } from './dto/staff-accounts.dto';
import { StaffAccountsService } from './staff-accounts.service';

/** What every staff member sets for themselves (issue 17); the rest of an account is the admins' (staff/accounts). */
@StaffEndpoints()
@Controller('staff/profile')
export class StaffProfileController {
  constructor(private readonly accounts: StaffAccountsService) {}

  @Patch()
  @ApiOperation({ summary: 'Choose which e-mails about requests one gets (R-STAFF-2): all of one\'s categories, only as a fallback, only assigned ones, or none' })
  @ApiOkResponse({ type: UpdateOwnProfileDto })
  update(@Body() input: UpdateOwnProfileDto, @CurrentStaff() staff: StaffPrincipal): Promise<UpdateOwnProfileRequest> {
    return this.accounts.updateOwnProfile(staff, input.newRequestEmails);
  }
}
