import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { CannedResponseView, RenderedCannedResponse } from '@pidtrymka/contracts';
import { CannedResponsesService } from './canned-responses.service';
import { CannedResponseDto } from './dto/canned-responses.dto';
import { CannedResponseViewDto, RenderedCannedResponseDto } from './dto/staff-ticket-views.dto';
import { CurrentStaff, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';

@StaffEndpoints()
@Controller('staff')
export class CannedResponsesController {
  constructor(private readonly canned: CannedResponsesService) {}

  @Get('canned-responses')
  @ApiOperation({ summary: 'Every canned response' })
  @ApiOkResponse({ type: [CannedResponseViewDto] })
  list(): Promise<CannedResponseView[]> {
    return this.canned.list();
  }

  @Post('canned-responses')
  @ApiOperation({ summary: 'Create a canned response; {{name}}, {{trackingId}}, {{agentName}} are filled in on use' })
  @ApiCreatedResponse({ type: CannedResponseViewDto })
  create(@Body() input: CannedResponseDto, @CurrentStaff() staff: StaffPrincipal): Promise<CannedResponseView> {
    return this.canned.create(input, staff);
  }

  @Put('canned-responses/:id')
  @ApiOperation({ summary: 'Edit a canned response: its author\'s own, or any as an admin' })
  @ApiOkResponse({ type: CannedResponseViewDto })
  @ApiForbiddenResponse({ description: '`canned_response_not_yours`: another staff member\'s, and the caller is not an admin; `csrf_invalid`: no or wrong CSRF token' })
  update(@Param('id') id: string, @Body() input: CannedResponseDto, @CurrentStaff() staff: StaffPrincipal): Promise<CannedResponseView> {
    return this.canned.update(id, input, staff);
  }

  @Delete('canned-responses/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a canned response: its author\'s own, or any as an admin' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: '`canned_response_not_yours`; `csrf_invalid`' })
  async remove(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.canned.remove(id, staff);
  }

  @Get('tickets/:trackingId/canned-responses/:id')
  @ApiOperation({ summary: 'Use a canned response on a request: its body with the placeholders filled in' })
  @ApiOkResponse({ type: RenderedCannedResponseDto })
  render(@Param('trackingId') trackingId: string, @Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<RenderedCannedResponse> {
    return this.canned.render(id, trackingId, staff);
  }
}
