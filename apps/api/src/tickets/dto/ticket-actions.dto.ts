import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  AddTicketTagRequest,
  BULK_MAX_TICKETS,
  BulkTicketAction,
  BulkTicketsRequest,
  FIELD_LIMITS,
  TAG_NAME_MAX_LENGTH,
  MergeTicketRequest,
  StaffMessageRequest,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketPriority,
  TicketStatus,
  UpdateTicketRequest,
} from '@pidtrymka/contracts';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsIntegerId } from '../../common/validators';
import { RequiredText } from '../../common/text-field.decorators';

// Multipart forms send every field as text.
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value);

export class StaffMessageDto implements StaffMessageRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.messageMaxLength }) @RequiredText(FIELD_LIMITS.messageMaxLength, { multiline: true })
  body!: string;

  @ApiPropertyOptional({ description: 'A note: never shown to the participant nor e-mailed to them', default: false })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  internal?: boolean;

  @ApiPropertyOptional({ enum: TICKET_STATUSES, description: 'After a reply: default `replied`; a note keeps the status unless given' })
  @IsOptional() @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiProperty({ description: 'The newest message the agent saw (collision detection)', example: '42' })
  @IsString() @Matches(/^\d{1,18}$/)
  lastSeenMessageId!: string;
}

export class UpdateTicketDto implements UpdateTicketRequest {
  @ApiPropertyOptional({ enum: TICKET_STATUSES, description: '`resolved` closes (R-CLOSE-1); anything else on a resolved request reopens it' })
  @IsOptional() @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES }) @IsOptional() @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional() @IsOptional() @Transform(toInt) @IsIntegerId()
  categoryId?: number;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'Null unassigns' })
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Issue 18: the request\'s organisation; null: none' })
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsIntegerId()
  organisationId?: number | null;

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Issue 17: tag names to put on (a new name makes a free tag); staff-only' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(TAG_NAME_MAX_LENGTH + 20, { each: true })
  addTags?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Issue 17: tag names to take off' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(TAG_NAME_MAX_LENGTH + 20, { each: true })
  removeTags?: string[];
}

/** Issue 17: the fields of a single change, organisation aside (a company is chosen per request). */
export class BulkTicketActionDto extends OmitType(UpdateTicketDto, ['organisationId'] as const) implements BulkTicketAction {}

export class BulkTicketsDto implements BulkTicketsRequest {
  @ApiProperty({ type: [String], minItems: 1, description: `Tracking IDs; at most ${BULK_MAX_TICKETS} (more is a 400)`, example: ['AZA-DMP-AJ8S'] })
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) @MaxLength(20, { each: true })
  trackingIds!: string[];

  @ApiProperty({ type: BulkTicketActionDto })
  @IsObject() @ValidateNested() @Type(() => BulkTicketActionDto)
  action!: BulkTicketActionDto;
}

export class AddTicketTagDto implements AddTicketTagRequest {
  @ApiProperty({ maxLength: TAG_NAME_MAX_LENGTH, example: 'договір' }) @IsString() @MaxLength(TAG_NAME_MAX_LENGTH + 20)
  name!: string;
}

export class MergeTicketDto implements MergeTicketRequest {
  @ApiProperty({ example: 'AZA-DMP-AJ8S' }) @IsString() @MaxLength(20)
  intoTrackingId!: string;
}
