import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { CreateStaffResponse, StaffAccountView } from '@pidtrymka/contracts';
import { CreateStaffDto, UpdateStaffDto } from './dto/staff-accounts.dto';
import { CreateStaffResponseDto, StaffAccountViewDto } from './dto/staff-views.dto';
import { AdminEndpoints, CurrentStaff } from '../auth/staff-auth.guard';
import { StaffAccountsService } from './staff-accounts.service';
import { StaffPrincipal } from '../auth/staff-principal';

@AdminEndpoints()
@Controller('staff/accounts')
export class StaffAccountsController {
  constructor(private readonly accounts: StaffAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Every staff account (admins only)' })
  @ApiOkResponse({ type: [StaffAccountViewDto] })
  list(): Promise<StaffAccountView[]> {
    return this.accounts.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff account (admins only); a generated password is returned once' })
  @ApiCreatedResponse({ type: CreateStaffResponseDto })
  create(@Body() input: CreateStaffDto, @CurrentStaff() staff: StaffPrincipal): Promise<CreateStaffResponse> {
    return this.accounts.create(input, staff);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, role, language, categories; deactivate; reset two-factor sign-in (admins only)' })
  @ApiOkResponse({ type: StaffAccountViewDto })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() input: UpdateStaffDto, @CurrentStaff() staff: StaffPrincipal): Promise<StaffAccountView> {
    return this.accounts.update(id, input, staff);
  }
}
