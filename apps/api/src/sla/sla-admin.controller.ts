import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, PipeTransform, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { PublicHolidayView, SlaCalendarView, SlaPolicyView } from '@pidtrymka/contracts';
import { AdminEndpoints, CurrentStaff } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { isInt4Text } from '../common/validators';
import { HolidaysQueryDto, PublicHolidayViewDto, SLA_EXTRA_MODELS, SlaCalendarDto, SlaCalendarViewDto, SlaPolicyDto, SlaPolicyViewDto } from './dto/sla-admin.dto';
import { SlaAdminService } from './sla-admin.service';

/** A serial id in the path: a whole number an `integer` holds, or a 400 before PostgreSQL would refuse it with a 500. */
class IdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global ValidationPipe (transform) may have made a number of it already.
    const text = String(value);
    if (!isInt4Text(text) || Number(text) < 1) throw new ApiException(HttpStatus.BAD_REQUEST, 'bad_request');
    return Number(text);
  }
}

/** Issue 19: business-hours calendars and SLA policies (admins only). */
@AdminEndpoints()
@ApiExtraModels(...SLA_EXTRA_MODELS)
@Controller('staff/sla')
export class SlaAdminController {
  constructor(private readonly sla: SlaAdminService) {}

  @Get('calendars')
  @ApiOperation({ summary: 'Every working-time calendar (admins only)' })
  @ApiOkResponse({ type: [SlaCalendarViewDto] })
  calendars(): Promise<SlaCalendarView[]> {
    return this.sla.calendars();
  }

  @Post('calendars')
  @ApiOperation({ summary: 'Create a calendar (admins only)' })
  @ApiCreatedResponse({ type: SlaCalendarViewDto })
  createCalendar(@Body() input: SlaCalendarDto, @CurrentStaff() staff: StaffPrincipal): Promise<SlaCalendarView> {
    return this.sla.saveCalendar(null, input, staff);
  }

  @Put('calendars/:id')
  @ApiOperation({ summary: 'Change a calendar: hours, public holidays observed or worked, extra days off (admins only)' })
  @ApiOkResponse({ type: SlaCalendarViewDto })
  updateCalendar(@Param('id', IdPipe) id: number, @Body() input: SlaCalendarDto, @CurrentStaff() staff: StaffPrincipal): Promise<SlaCalendarView> {
    return this.sla.saveCalendar(id, input, staff);
  }

  @Delete('calendars/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a calendar no policy uses (admins only)' })
  @ApiNoContentResponse()
  async deleteCalendar(@Param('id', IdPipe) id: number, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.sla.deleteCalendar(id, staff);
  }

  @Get('holidays')
  @ApiOperation({ summary: "Ukraine's public holidays of a year, in the caller's language (admins only)" })
  @ApiOkResponse({ type: [PublicHolidayViewDto] })
  holidays(@Query() query: HolidaysQueryDto, @CallerInfo() caller: Caller): PublicHolidayView[] {
    return this.sla.holidays(query.year, caller.locale);
  }

  @Get('policies')
  @ApiOperation({ summary: 'Every SLA policy (admins only)' })
  @ApiOkResponse({ type: [SlaPolicyViewDto] })
  policies(): Promise<SlaPolicyView[]> {
    return this.sla.policies();
  }

  @Post('policies')
  @ApiOperation({ summary: 'Create a policy for a category and/or priority (admins only)' })
  @ApiCreatedResponse({ type: SlaPolicyViewDto })
  createPolicy(@Body() input: SlaPolicyDto, @CurrentStaff() staff: StaffPrincipal): Promise<SlaPolicyView> {
    return this.sla.savePolicy(null, input, staff);
  }

  @Put('policies/:id')
  @ApiOperation({ summary: 'Change a policy; its targets apply to requests as their clocks next move (admins only)' })
  @ApiOkResponse({ type: SlaPolicyViewDto })
  updatePolicy(@Param('id', IdPipe) id: number, @Body() input: SlaPolicyDto, @CurrentStaff() staff: StaffPrincipal): Promise<SlaPolicyView> {
    return this.sla.savePolicy(id, input, staff);
  }

  @Delete('policies/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a policy other than the default one (admins only)' })
  @ApiNoContentResponse()
  async deletePolicy(@Param('id', IdPipe) id: number, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.sla.deletePolicy(id, staff);
  }
}
