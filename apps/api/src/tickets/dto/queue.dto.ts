import { ApiPropertyOptional } from '@nestjs/swagger';
import { QUEUE_SLA_FILTERS, QUEUE_SORTS, QueueQuery, QueueSlaFilter, QueueSort } from '@pidtrymka/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDateTime, IsIntegerId } from '../../common/validators';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value);

/** Filters shared by the queue page and the counts. */
export class QueueFilterDto implements Omit<QueueQuery, 'sort' | 'order' | 'limit' | 'cursor'> {
  @ApiPropertyOptional({ description: 'Comma-separated statuses, e.g. `new,waiting_reply`' })
  @IsOptional() @IsString() @Matches(/^[a-z_]+(,[a-z_]+)*$/) @MaxLength(200)
  status?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(toInt) @IsIntegerId()
  categoryId?: number;

  @ApiPropertyOptional({ description: '`me`, `unassigned` or a staff id' })
  @IsOptional() @IsString() @Matches(/^(me|unassigned|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i)
  owner?: string;

  @ApiPropertyOptional({ description: 'Comma-separated priorities' })
  @IsOptional() @IsString() @Matches(/^[a-z]+(,[a-z]+)*$/) @MaxLength(100)
  priority?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-02-28T00:00:00Z' }) @IsOptional() @IsCalendarDateTime()
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-02-28T00:00:00Z' }) @IsOptional() @IsCalendarDateTime()
  createdTo?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-02-28T00:00:00Z' }) @IsOptional() @IsCalendarDateTime()
  updatedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-02-28T00:00:00Z' }) @IsOptional() @IsCalendarDateTime()
  updatedTo?: string;

  @ApiPropertyOptional({ description: 'Issue 18: the requests of this organisation' }) @IsOptional() @Transform(toInt) @IsIntegerId()
  organisationId?: number;

  @ApiPropertyOptional({ description: 'Tracking ID, number, participant name or e-mail, subject, any message, the organisation\'s name, ЄДРПОУ or EIC; partial words match' })
  @IsOptional() @IsString() @MaxLength(200, { context: { max: 200 } })
  q?: string;

  @ApiPropertyOptional({ enum: QUEUE_SLA_FILTERS, description: 'Issue 19: `overdue`, a running SLA clock past due; `running`, any running clock' })
  @IsOptional() @IsIn(QUEUE_SLA_FILTERS)
  sla?: QueueSlaFilter;

  @ApiPropertyOptional({ description: 'Issue 17: comma-separated tag ids; requests carrying any of them', example: '3,7' })
  @IsOptional() @IsString() @Matches(/^[1-9]\d{0,8}(,[1-9]\d{0,8}){0,19}$/)
  tag?: string;
}

export class QueueQueryDto extends QueueFilterDto implements QueueQuery {
  @ApiPropertyOptional({ enum: ['true'], description: 'Issue 17: only the requests that changed since this staff member last opened them (the counts do not take it)' })
  @IsOptional() @IsIn(['true'])
  unread?: 'true';

  @ApiPropertyOptional({ enum: QUEUE_SORTS, default: 'updated' }) @IsOptional() @IsIn(QUEUE_SORTS)
  sort?: QueueSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ default: 25, maximum: 100 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1, { context: { min: 1 } }) @Max(100, { context: { max: 100 } })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' }) @IsOptional() @IsString() @MaxLength(300)
  cursor?: string;
}
