import { Body, Controller, Get, Header, HttpStatus, Param, Patch, PipeTransform, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { OrganisationImportResult, OrganisationPage, OrganisationView } from '@pidtrymka/contracts';
import { AdminOnly, CurrentStaff, StaffEndpoints } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { INT4_MAX } from '../common/validators';
import {
  CreateOrganisationDto,
  ImportOrganisationsDto,
  MergeOrganisationDto,
  OrganisationImportResultDto,
  OrganisationListQueryDto,
  OrganisationPageDto,
  OrganisationViewDto,
  UpdateOrganisationDto,
} from './dto/organisations.dto';
import { OrganisationsService } from './organisations.service';

/** An organisation's id from the path; anything an `integer` cannot hold is no organisation (404, never a failing query). */
class OrganisationIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : 0;
    if (id < 1 || id > INT4_MAX) throw new ApiException(HttpStatus.NOT_FOUND, 'organisation_not_found');
    return id;
  }
}

const ADMINS_ONLY = { description: '`staff_forbidden`: not an admin; `csrf_invalid`: no or wrong CSRF token' };

/** Issue 18: every staff member reads organisations; only admins change them. */
@StaffEndpoints()
@Controller('staff/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({ summary: 'Organisations by name, ЄДРПОУ or EIC (partial), active ones unless `all=true`' })
  @ApiOkResponse({ type: OrganisationPageDto })
  list(@Query() query: OrganisationListQueryDto): Promise<OrganisationPage> {
    return this.organisations.list(query);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="organisations.csv"')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Every organisation as CSV, in the columns the import reads' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV', schema: { type: 'string' } })
  exportCsv(): Promise<string> {
    return this.organisations.exportCsv();
  }

  @Get(':id')
  @ApiOperation({ summary: 'An organisation with its domains and contacts' })
  @ApiOkResponse({ type: OrganisationViewDto })
  @ApiNotFoundResponse({ description: '`organisation_not_found`' })
  view(@Param('id', OrganisationIdPipe) id: number): Promise<OrganisationView> {
    return this.organisations.view(id);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create an organisation (admins only)' })
  @ApiCreatedResponse({ type: OrganisationViewDto })
  @ApiForbiddenResponse(ADMINS_ONLY)
  @ApiConflictResponse({ description: '`organisation_code_taken`: the ЄДРПОУ or EIC is another organisation\'s' })
  create(@Body() input: CreateOrganisationDto, @CurrentStaff() staff: StaffPrincipal): Promise<OrganisationView> {
    return this.organisations.create(input, staff);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Change an organisation, its domains or contacts; `active: false` deactivates (admins only)' })
  @ApiOkResponse({ type: OrganisationViewDto })
  @ApiForbiddenResponse(ADMINS_ONLY)
  @ApiConflictResponse({ description: '`organisation_code_taken`' })
  update(@Param('id', OrganisationIdPipe) id: number, @Body() input: UpdateOrganisationDto, @CurrentStaff() staff: StaffPrincipal): Promise<OrganisationView> {
    return this.organisations.update(id, input, staff);
  }

  @Post(':id/merge')
  @AdminOnly()
  @ApiOperation({ summary: 'Merge this organisation into another: its contacts, domains, requests and missing codes move there, and it is deleted (admins only)' })
  @ApiCreatedResponse({ type: OrganisationViewDto, description: 'The organisation merged into' })
  @ApiForbiddenResponse(ADMINS_ONLY)
  merge(@Param('id', OrganisationIdPipe) id: number, @Body() input: MergeOrganisationDto, @CurrentStaff() staff: StaffPrincipal): Promise<OrganisationView> {
    return this.organisations.merge(id, input.intoId, staff);
  }

  @Post('import')
  @AdminOnly()
  @ApiOperation({ summary: 'Import organisations from CSV; a dry run (the default) writes nothing and tells what would be created, updated or rejected, and why (admins only)' })
  @ApiCreatedResponse({ type: OrganisationImportResultDto })
  @ApiForbiddenResponse(ADMINS_ONLY)
  importCsv(@Body() input: ImportOrganisationsDto, @CurrentStaff() staff: StaffPrincipal, @CallerInfo() caller: Caller): Promise<OrganisationImportResult> {
    return this.organisations.importCsv(input.csv, input.dryRun ?? true, staff, caller.locale);
  }
}
