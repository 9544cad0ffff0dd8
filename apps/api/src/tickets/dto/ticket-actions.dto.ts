import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FIELD_LIMITS,
  MergeTicketRequest,
  StaffMessageRequest,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketPriority,
  TicketStatus,
  UpdateTicketRequest,
} from '@pidtrymka/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
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
}

export class MergeTicketDto implements MergeTicketRequest {
  @ApiProperty({ example: 'AZA-DMP-AJ8S' }) @IsString() @MaxLength(20)
  intoTrackingId!: string;
}
