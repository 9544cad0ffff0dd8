import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KEPT_EMAIL_FILTERS, KEPT_EMAIL_REASONS, KeptEmailFilter, KeptEmailQuery, KeptEmailReason, OpenQuarantinedRequest } from '@pidtrymka/contracts';
import { FIELD_LIMITS } from '@pidtrymka/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { DeliverableEmail, RequiredText } from '../../common/text-field.decorators';
import { PagedListQueryDto } from '../../common/paged-list';

export class KeptEmailQueryDto extends PagedListQueryDto implements KeptEmailQuery {
  @ApiPropertyOptional({ enum: KEPT_EMAIL_FILTERS, description: 'One status, or `flagged` (a Message-ID used before by other content)' })
  @IsOptional()
  @IsIn(KEPT_EMAIL_FILTERS)
  status?: KeptEmailFilter;

  @ApiPropertyOptional({ enum: KEPT_EMAIL_REASONS, description: 'The reason\'s code' })
  @IsOptional()
  @IsIn(KEPT_EMAIL_REASONS)
  reason?: KeptEmailReason;
}

/** Issue 17: the participant a sender-less quarantined e-mail is from, as an admin gives them. */
export class OpenQuarantinedRequestDto implements OpenQuarantinedRequest {
  @ApiProperty({ format: 'email', maxLength: 254 }) @RequiredText(254) @DeliverableEmail()
  email!: string;

  @ApiPropertyOptional({ maxLength: FIELD_LIMITS.nameMaxLength, description: 'Omitted: the part of the address before the @' })
  @IsOptional()
  @RequiredText(FIELD_LIMITS.nameMaxLength)
  name?: string;
}
