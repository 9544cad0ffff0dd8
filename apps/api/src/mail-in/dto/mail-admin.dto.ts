import { ApiPropertyOptional } from '@nestjs/swagger';
import { KEPT_EMAIL_FILTERS, KEPT_EMAIL_REASONS, KeptEmailFilter, KeptEmailQuery, KeptEmailReason } from '@pidtrymka/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { PagedListQueryDto } from '../../common/paged-list';

export class KeptEmailQueryDto extends PagedListQueryDto implements KeptEmailQuery {
  @ApiPropertyOptional({ enum: KEPT_EMAIL_FILTERS, description: 'One status, or `flagged` (a Message-ID used before by other content)' })
  @IsOptional()
  @IsIn(KEPT_EMAIL_FILTERS)
  status?: KeptEmailFilter;

  @ApiPropertyOptional({ enum: KEPT_EMAIL_REASONS, description: 'The kind of reason' })
  @IsOptional()
  @IsIn(KEPT_EMAIL_REASONS)
  reason?: KeptEmailReason;
}
