import { ApiProperty } from '@nestjs/swagger';
import { FIELD_LIMITS, ParticipantStatusRequest, RateReplyRequest, REPLY_RATINGS, ReplyRating } from '@pidtrymka/contracts';
import { IsIn } from 'class-validator';
import { DeliverableEmail, RequiredText } from '../../common/text-field.decorators';

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
