import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminEndpoints, CurrentStaff } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { CreateMailboxDto, MailboxViewDto, UpdateMailboxDto } from './dto/mailboxes.dto';
import type { MailboxView } from '@pidtrymka/contracts';
import { MailboxesService } from './mailboxes.service';

/** Issue 16: admins manage the inbound mailboxes besides the environment's default one. */
@AdminEndpoints()
@Controller('staff/mailboxes')
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxesService) {}

  @Get()
  @ApiOperation({ summary: 'Inbound mailboxes with their state (admins only); secrets only as "set"' })
  @ApiOkResponse({ type: [MailboxViewDto] })
  list(): Promise<MailboxView[]> {
    return this.mailboxes.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One mailbox' })
  @ApiOkResponse({ type: MailboxViewDto })
  @ApiNotFoundResponse({ description: 'No such mailbox' })
  get(@Param('id') id: string): Promise<MailboxView> {
    return this.mailboxes.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Add a mailbox; its secrets are sealed at rest and never returned' })
  @ApiCreatedResponse({ type: MailboxViewDto })
  @ApiBadRequestResponse({ description: 'Incomplete settings' })
  @ApiConflictResponse({ description: 'The name is taken' })
  create(@Body() input: CreateMailboxDto, @CurrentStaff() staff: StaffPrincipal): Promise<MailboxView> {
    return this.mailboxes.create(input, staff);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a mailbox; a secret given is replaced, null clears it, absent keeps it' })
  @ApiOkResponse({ type: MailboxViewDto })
  @ApiNotFoundResponse({ description: 'No such mailbox' })
  @ApiConflictResponse({ description: 'The name is taken' })
  update(@Param('id') id: string, @Body() input: UpdateMailboxDto, @CurrentStaff() staff: StaffPrincipal): Promise<MailboxView> {
    return this.mailboxes.update(id, input, staff);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a mailbox; its requests keep going, answered from the default identity' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such mailbox' })
  async remove(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.mailboxes.remove(id, staff);
  }
}
