import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FIELD_LIMITS,
  MY_REQUESTS_COUNT_CAP,
  MY_REQUESTS_MAX_PAGE,
  MY_REQUESTS_MAX_PAGE_SIZE,
  MY_REQUESTS_SORTS,
  MyRequestItem,
  MyRequestsPage,
  MyRequestsQuery,
  MyRequestsSort,
  ParticipantOrganisationView,
  ParticipantReplyRequest,
  ParticipantRequestView,
  ParticipantSessionView,
  REQUEST_VISIBILITIES,
  RequestVisibility,
  SetRequestVisibilityRequest,
  RequestCopiesResponse,
  RequestCopyColleague,
  RequestCopyOutside,
  OutsideCopyState,
  SetRequestCopiesRequest,
  SetRequestVisibilityResponse,
  RedeemSignInLinkRequest,
  SignInLinkRequest,
  TICKET_STATUSES,
  TicketStatus,
} from '@pidtrymka/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DeliverableEmail, RequiredText } from '../../common/text-field.decorators';
import { TicketViewDto } from './ticket-views.dto';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export class SignInLinkDto implements SignInLinkRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.emailMaxLength, format: 'email' })
  @RequiredText(FIELD_LIMITS.emailMaxLength)
  @DeliverableEmail()
  email!: string;
}

export class RedeemSignInLinkDto implements RedeemSignInLinkRequest {
  /** 32 random bytes, base64url: anything else is no link of ours. */
  @ApiProperty({ description: 'The token from the e-mailed link (after `#`)', example: 'k3J9-x_Qm2LrT0bYvWq8sNf4HcPz1uAeDg7oIi5Zt6E' })
  @IsString() @MaxLength(100, { context: { max: 100 } }) @Matches(/^[A-Za-z0-9_-]{43}$/)
  token!: string;
}

export class ParticipantSessionViewDto implements ParticipantSessionView {
  @ApiProperty({ example: 'test_partner@oree.com.ua', description: 'Lower-cased' }) email!: string;
  @ApiProperty({ description: 'Send in X-CSRF-Token with every state-changing call of the participant\'s space' }) csrfToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class MyRequestsQueryDto implements MyRequestsQuery {
  @ApiPropertyOptional({ description: 'Part of the subject or the tracking ID', maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100, { context: { max: 100 } })
  q?: string;

  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional() @IsIn(TICKET_STATUSES, { context: { values: TICKET_STATUSES.join(', ') } })
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: MY_REQUESTS_SORTS, default: 'updated', description: 'Newest first' })
  @IsOptional() @IsIn(MY_REQUESTS_SORTS, { context: { values: MY_REQUESTS_SORTS.join(', ') } })
  sort?: MyRequestsSort;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MY_REQUESTS_MAX_PAGE })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1, { context: { min: 1 } }) @Max(MY_REQUESTS_MAX_PAGE, { context: { max: MY_REQUESTS_MAX_PAGE } })
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MY_REQUESTS_MAX_PAGE_SIZE })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1, { context: { min: 1 } }) @Max(MY_REQUESTS_MAX_PAGE_SIZE, { context: { max: MY_REQUESTS_MAX_PAGE_SIZE } })
  pageSize?: number;
}

export class MyRequestItemDto implements MyRequestItem {
  @ApiProperty({ example: 'AZA-DMP-AJ8S' }) trackingId!: string;
  @ApiProperty({ example: 79 }) number!: number;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'False: a colleague\'s request shared with the organisation (issue 18)' }) mine!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'A colleague\'s request: its author\'s name' }) authorName!: string | null;
}

export class MyRequestsPageDto implements MyRequestsPage {
  @ApiProperty({ type: () => [MyRequestItemDto] }) items!: MyRequestItem[];
  @ApiProperty({ description: `Requests matching the filter, all pages, counted up to ${MY_REQUESTS_COUNT_CAP}` }) total!: number;
  @ApiProperty({ description: `True: more than \`total\` match (the count stops at ${MY_REQUESTS_COUNT_CAP}; search or filter to narrow)` }) totalCapped!: boolean;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ParticipantOrganisationViewDto implements ParticipantOrganisationView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'In the caller\'s language when it has one' }) name!: string;
  @ApiProperty({ enum: REQUEST_VISIBILITIES }) defaultVisibility!: RequestVisibility;
}

class RequestOrganisationDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
}

export class ParticipantRequestViewDto extends TicketViewDto implements ParticipantRequestView {
  @ApiProperty({ description: 'True: the signed-in participant wrote it' }) mine!: boolean;
  @ApiProperty({ enum: REQUEST_VISIBILITIES }) visibility!: RequestVisibility;
  @ApiProperty({ type: RequestOrganisationDto, nullable: true, description: 'The organisation whose contacts may see it when shared; null: the visibility does not apply' })
  organisation!: { id: number; name: string } | null;
}

export class SetRequestVisibilityDto implements SetRequestVisibilityRequest {
  @ApiProperty({ enum: REQUEST_VISIBILITIES })
  @IsIn(REQUEST_VISIBILITIES, { context: { values: REQUEST_VISIBILITIES.join(', ') } })
  visibility!: RequestVisibility;
}

export class SetRequestVisibilityResponseDto implements SetRequestVisibilityResponse {
  @ApiProperty({ enum: REQUEST_VISIBILITIES }) visibility!: RequestVisibility;
}

export class RequestCopyColleagueDto implements RequestCopyColleague {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() inCopy!: boolean;
}

export class RequestCopyOutsideDto implements RequestCopyOutside {
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['pending', 'approved'], description: 'pending: gets nothing and may not reply until an admin approves it' }) state!: OutsideCopyState;
}

export class RequestCopiesResponseDto implements RequestCopiesResponse {
  @ApiProperty({ type: [RequestCopyColleagueDto] }) colleagues!: RequestCopyColleagueDto[];
  @ApiProperty({ type: [RequestCopyOutsideDto], description: 'Addresses outside the organisation' }) others!: RequestCopyOutsideDto[];
}

/** Issue 18: the copy as a whole, so a repeated PUT changes nothing (idempotent). */
export class SetRequestCopiesDto implements SetRequestCopiesRequest {
  @ApiProperty({
    type: [String],
    maxItems: 100,
    description: "Active contacts of the request's organisation are in copy at once; any other address is pending until an admin approves it",
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  @IsEmail({ blacklisted_chars: '"' }, { each: true })
  emails!: string[];
}

/** A reply through the participant's session: the session, not a typed address, says who writes. */
export class ParticipantReplyDto implements ParticipantReplyRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.messageMaxLength })
  @RequiredText(FIELD_LIMITS.messageMaxLength, { multiline: true })
  message!: string;
}
