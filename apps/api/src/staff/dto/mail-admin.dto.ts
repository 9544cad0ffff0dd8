import { ApiPropertyOptional } from '@nestjs/swagger';
import { MailListQuery } from '@pidtrymka/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export class MailListQueryDto implements MailListQuery {
  @ApiPropertyOptional({ default: 25, maximum: 100 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1, { context: { min: 1 } }) @Max(100, { context: { max: 100 } })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' }) @IsOptional() @IsString() @MaxLength(30)
  cursor?: string;
}
