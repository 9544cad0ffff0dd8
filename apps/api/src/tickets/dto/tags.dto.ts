import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BulkTicketResult,
  BulkTicketsResponse,
  CreateTagRequest,
  SAVED_VIEW_COUNT_CAP,
  SavedView,
  SaveViewRequest,
  TAG_NAME_MAX_LENGTH,
  TagView,
  UpdateTagRequest,
  UpdateViewRequest,
} from '@pidtrymka/contracts';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { RequiredText } from '../../common/text-field.decorators';
import { TagRefDto } from './staff-ticket-views.dto';

const COLOR = /^#[0-9a-fA-F]{6}$/;

export class TagViewDto extends TagRefDto implements TagView {
  @ApiProperty({ description: 'On the admins\' list (it has a colour)' }) curated!: boolean;
}

export class CreateTagDto implements CreateTagRequest {
  @ApiProperty({ maxLength: TAG_NAME_MAX_LENGTH, example: 'договір' }) @IsString() @MaxLength(TAG_NAME_MAX_LENGTH + 20)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '#1e88e5', description: '`#rrggbb`; a colour puts the tag on the curated list' })
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Matches(COLOR)
  color?: string | null;
}

export class UpdateTagDto implements UpdateTagRequest {
  @ApiPropertyOptional({ maxLength: TAG_NAME_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(TAG_NAME_MAX_LENGTH + 20)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '#1e88e5', description: 'Null takes it off the curated list (a free tag again)' })
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Matches(COLOR)
  color?: string | null;
}

export class BulkTicketResultDto {
  @ApiProperty({ example: 'AZA-DMP-AJ8S' }) trackingId!: string;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ description: 'When refused: the HTTP status a single change would have got' }) status?: number;
  @ApiPropertyOptional({ description: 'When refused: e.g. `ticket_not_found` (also for a request outside one\'s categories), `ticket_merged`, `owner_cannot_see_ticket`' }) code?: string;
  @ApiPropertyOptional({ description: 'When refused: why, in the caller\'s language' }) message?: string;
}

export class BulkTicketsResponseDto implements BulkTicketsResponse {
  @ApiProperty({ type: [BulkTicketResultDto], description: 'One per distinct tracking ID, in the order asked' }) results!: BulkTicketResult[];
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
}

export class SavedViewDto implements SavedView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'status=new,waiting_reply&tag=3&sort=due&order=asc' }) query!: string;
  @ApiProperty({ description: 'Shown to every staff member (an admin shared it)' }) shared!: boolean;
  @ApiProperty({ description: 'This staff member\'s own' }) mine!: boolean;
  @ApiProperty({ description: `Requests matching it this staff member may see, counted up to ${SAVED_VIEW_COUNT_CAP}` }) count!: number;
}

export class SaveViewDto implements SaveViewRequest {
  @ApiProperty({ maxLength: 60 }) @RequiredText(60)
  name!: string;

  @ApiProperty({ maxLength: 1000, description: 'The queue\'s query string' }) @IsString() @MaxLength(1000)
  query!: string;

  @ApiPropertyOptional({ description: 'Admins only: show it to every staff member', default: false }) @IsOptional() @IsBoolean()
  shared?: boolean;
}

export class UpdateViewDto implements UpdateViewRequest {
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @RequiredText(60)
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000)
  query?: string;

  @ApiPropertyOptional({ description: 'Admins only' }) @IsOptional() @IsBoolean()
  shared?: boolean;
}
