import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { ReportView } from '@pidtrymka/contracts';
import type { Response } from 'express';
import { CurrentStaff, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { ReportExportQueryDto, ReportQueryDto, ReportViewDto } from './dto/reports.dto';
import { ReportsService } from './reports.service';

/** Issue 19: reports; an admin's cover everything, an agent's their own requests in their categories. */
@StaffEndpoints()
@Controller('staff/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ summary: 'Requests created, resolved and open per day, week or month; first response and resolution times, SLA met, ratings per group; backlog by age' })
  @ApiOkResponse({ type: ReportViewDto })
  @ApiBadRequestResponse({ description: 'A date, the range, the interval or the grouping is not valid' })
  report(@CurrentStaff() staff: StaffPrincipal, @Query() query: ReportQueryDto, @CallerInfo() caller: Caller): Promise<ReportView> {
    return this.reports.report(staff, query, caller.locale);
  }

  @Get('export')
  @ApiOperation({ summary: 'One table of the report as CSV or XLSX' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file, with Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'A date, the range, the interval, the grouping, the table or the format is not valid' })
  async export(@CurrentStaff() staff: StaffPrincipal, @Query() query: ReportExportQueryDto, @CallerInfo() caller: Caller, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const file = await this.reports.export(staff, query, caller.locale);
    response.attachment(file.filename);
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(file.content, { type: file.contentType, length: file.content.length });
  }
}
