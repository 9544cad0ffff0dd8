import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  ContactInput,
  ContactView,
  CreateOrganisationRequest,
  MergeOrganisationRequest,
  OrganisationImportAction,
  OrganisationImportResult,
  OrganisationImportRow,
  OrganisationListItem,
  OrganisationListQuery,
  OrganisationPage,
  OrganisationSummary,
  RelatedTicketItem,
  OrganisationView,
  TicketOrganisationPanel,
  TicketStatus,
} from '@pidtrymka/contracts';
import { REQUEST_VISIBILITIES, TICKET_STATUSES, type RequestVisibility } from '@pidtrymka/contracts';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { RequiredText } from '../../common/text-field.decorators';
import { IsIntegerId } from '../../common/validators';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value);

export class ContactInputDto implements ContactInput {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100, { context: { max: 100 } })
  name?: string;

  @ApiProperty({ format: 'email', maxLength: 254 }) @RequiredText(254)
  email!: string;

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(40, { context: { max: 40 } })
  phone?: string | null;
}

export class CreateOrganisationDto implements CreateOrganisationRequest {
  @ApiProperty({ maxLength: 300 }) @RequiredText(300)
  nameUk!: string;

  @ApiPropertyOptional({ maxLength: 300, nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(300, { context: { max: 300 } })
  nameEn?: string | null;

  @ApiPropertyOptional({ description: 'ЄДРПОУ: 8 digits, the last a check digit', nullable: true, type: String, example: '00100227' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(20, { context: { max: 20 } })
  edrpou?: string | null;

  @ApiPropertyOptional({ description: 'ENTSO-E EIC: 16 characters, the last a check character', nullable: true, type: String, example: '10YUA-WEPS-----0' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(30, { context: { max: 30 } })
  eic?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Senders at these domains are this organisation\'s people' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(253, { each: true, context: { max: 253 } })
  emailDomains?: string[];

  @ApiPropertyOptional({ maxLength: 10000 }) @IsOptional() @IsString() @MaxLength(10000, { context: { max: 10000 } })
  notes?: string;

  @ApiPropertyOptional({ type: [ContactInputDto], description: 'Exactly these people (found by e-mail, any case, or created)' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ContactInputDto)
  contacts?: ContactInputDto[];

  @ApiPropertyOptional({ enum: REQUEST_VISIBILITIES, description: 'Issue 18: the visibility of its contacts\' new requests when they do not choose (`private` unless given)' })
  @IsOptional() @IsIn(REQUEST_VISIBILITIES, { context: { values: REQUEST_VISIBILITIES.join(', ') } })
  defaultVisibility?: RequestVisibility;
}

export class UpdateOrganisationDto extends CreateOrganisationDto {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @RequiredText(300)
  declare nameUk: string;

  @ApiPropertyOptional({ description: 'False deactivates: kept with its requests, never linked to new ones' }) @IsOptional() @IsBoolean()
  active?: boolean;
}

export class MergeOrganisationDto implements MergeOrganisationRequest {
  @ApiProperty({ description: 'The organisation that stays' }) @IsIntegerId()
  intoId!: number;
}

export class OrganisationListQueryDto implements OrganisationListQuery {
  @ApiPropertyOptional({ description: 'Name (either language), ЄДРПОУ or EIC; partial' }) @IsOptional() @IsString() @MaxLength(200, { context: { max: 200 } })
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '`true` lists deactivated ones too' }) @IsOptional() @IsIn(['true', 'false'])
  all?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1, { context: { min: 1 } }) @Max(200, { context: { max: 200 } })
  limit?: number;

  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Transform(toInt) @IsInt() @Min(0, { context: { min: 0 } }) @Max(1_000_000, { context: { max: 1_000_000 } })
  offset?: number;
}

export class ImportOrganisationsDto {
  @ApiProperty({ description: 'The CSV file\'s text: a header row of name_uk, name_en, edrpou, eic, email_domains, contacts, notes, active, default_visibility (organisation or private; all but name_uk optional)' })
  @IsString() @MaxLength(900_000, { context: { max: 900_000 } })
  csv!: string;

  @ApiPropertyOptional({ default: true, description: 'True: write nothing, answer what would happen' }) @IsOptional() @IsBoolean()
  dryRun?: boolean;
}

export class SetTicketOrganisationDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Null: none' }) @ValidateIf((_, v) => v !== null) @IsIntegerId()
  organisationId!: number | null;
}

export class OrganisationSummaryDto implements OrganisationSummary {
  @ApiProperty() id!: number;
  @ApiProperty() nameUk!: string;
  @ApiProperty({ nullable: true, type: String }) nameEn!: string | null;
  @ApiProperty({ nullable: true, type: String }) edrpou!: string | null;
  @ApiProperty({ nullable: true, type: String }) eic!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ enum: REQUEST_VISIBILITIES }) defaultVisibility!: RequestVisibility;
}

export class ContactViewDto implements ContactView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
}

export class OrganisationViewDto extends OrganisationSummaryDto implements OrganisationView {
  @ApiProperty({ type: [String] }) emailDomains!: string[];
  @ApiProperty() notes!: string;
  @ApiProperty({ type: [ContactViewDto] }) contacts!: ContactViewDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrganisationListItemDto extends OrganisationSummaryDto implements OrganisationListItem {
  @ApiProperty({ type: [String] }) emailDomains!: string[];
  @ApiProperty() contactCount!: number;
  @ApiProperty() ticketCount!: number;
}

export class OrganisationPageDto implements OrganisationPage {
  @ApiProperty({ type: [OrganisationListItemDto] }) items!: OrganisationListItemDto[];
  @ApiProperty() total!: number;
}

export class RelatedTicketItemDto implements RelatedTicketItem {
  @ApiProperty() trackingId!: string;
  @ApiProperty() number!: number;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TicketOrganisationPanelDto implements TicketOrganisationPanel {
  @ApiProperty({ type: OrganisationViewDto, nullable: true }) organisation!: OrganisationViewDto | null;
  @ApiProperty({ type: OrganisationSummaryDto, nullable: true }) suggested!: OrganisationSummaryDto | null;
  @ApiProperty({ type: [RelatedTicketItemDto] }) otherTickets!: RelatedTicketItemDto[];
}

export class OrganisationImportRowDto implements OrganisationImportRow {
  @ApiProperty() line!: number;
  @ApiProperty({ enum: ['create', 'update', 'reject'] }) action!: OrganisationImportAction;
  @ApiProperty() nameUk!: string;
  @ApiProperty({ nullable: true, type: String }) edrpou!: string | null;
  @ApiProperty({ nullable: true, type: String }) eic!: string | null;
  @ApiProperty({ nullable: true, type: Number }) organisationId!: number | null;
  @ApiProperty({ type: [String] }) reasons!: string[];
}

export class OrganisationImportResultDto implements OrganisationImportResult {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: [OrganisationImportRowDto] }) rows!: OrganisationImportRowDto[];
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() rejected!: number;
}
