import { ApiPropertyOptional } from '@nestjs/swagger';
import { Locale, SUPPORTED_LOCALES } from '@pidtrymka/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class KbLocaleQueryDto {
  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, description: 'Defaults to the language of Accept-Language, else uk' })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: Locale;
}

export class KbArticleListQueryDto extends KbLocaleQueryDto {
  @ApiPropertyOptional({ description: 'A category slug' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { context: { max: 200 } })
  category?: string;

  @ApiPropertyOptional({ description: 'Words to search for; partial words match' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { context: { max: 200 } })
  q?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1, { context: { min: 1 } })
  @Max(1000, { context: { max: 1000 } })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1, { context: { min: 1 } })
  @Max(100, { context: { max: 100 } })
  pageSize?: number;
}

export class KbSuggestQueryDto extends KbLocaleQueryDto {
  @ApiPropertyOptional({ description: 'The subject being typed' })
  @IsString()
  @MaxLength(200, { context: { max: 200 } })
  q!: string;
}
