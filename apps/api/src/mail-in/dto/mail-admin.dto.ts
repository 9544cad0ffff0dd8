import { ApiPropertyOptional } from '@nestjs/swagger';
import { KEPT_EMAIL_FILTERS, KEPT_EMAIL_REASONS, KeptEmailFilter, KeptEmailQuery, KeptEmailReason, MailListQuery } from '@pidtrymka/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export class MailListQueryDto implements MailListQuery {
  @ApiPropertyOptional({ default: 25, maximum: 100 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1, { context: { min: 1 } }) @Max(100, { context: { max: 100 } })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' }) @IsOptional() @IsString() @MaxLength(30)
  cursor?: string;
}

export class KeptEmailQueryDto extends MailListQueryDto implements KeptEmailQuery {
  @ApiPropertyOptional({ enum: KEPT_EMAIL_FILTERS, description: 'One status, or `flagged` (a Message-ID used before by other content)' })
  @IsOptional()
  @IsIn(KEPT_EMAIL_FILTERS)
  status?: KeptEmailFilter;

  @ApiPropertyOptional({ enum: KEPT_EMAIL_REASONS, description: 'The kind of reason' })
  @IsOptional()
  @IsIn(KEPT_EMAIL_REASONS)
  reason?: KeptEmailReason;
}
