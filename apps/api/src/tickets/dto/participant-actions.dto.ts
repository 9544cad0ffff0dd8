import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FIELD_LIMITS, ParticipantStatusRequest, RateReplyRequest, REPLY_RATINGS, ReplyRating, SATISFACTION_COMMENT_MAX_LENGTH, SATISFACTION_STARS, SatisfactionRequest, SatisfactionStars } from '@pidtrymka/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { DeliverableEmail, DraftText, RequiredText } from '../../common/text-field.decorators';

/** Issue 19: the participant's own request, proved theirs by its e-mail as for a reply (R-VIEW-5). */
export class ParticipantStatusDto implements ParticipantStatusRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.emailMaxLength, format: 'email' })
  @RequiredText(FIELD_LIMITS.emailMaxLength)
  @DeliverableEmail()
  email!: string;
}

/** Issue 19: "Was this reply helpful? Yes / No" on one staff reply. */
export class RateReplyDto extends ParticipantStatusDto implements RateReplyRequest {
  @ApiProperty({ enum: REPLY_RATINGS })
  @IsIn(REPLY_RATINGS)
  rating!: ReplyRating;
}

/** Issue 19: satisfaction after closing; the comment may be left out or empty. */
export class SatisfactionDto extends ParticipantStatusDto implements SatisfactionRequest {
  @ApiProperty({ enum: SATISFACTION_STARS })
  @IsIn(SATISFACTION_STARS, { context: { values: SATISFACTION_STARS.join(', ') } })
  stars!: SatisfactionStars;

  @ApiPropertyOptional({ maxLength: SATISFACTION_COMMENT_MAX_LENGTH })
  @IsOptional()
  @DraftText(SATISFACTION_COMMENT_MAX_LENGTH)
  comment?: string;
}
