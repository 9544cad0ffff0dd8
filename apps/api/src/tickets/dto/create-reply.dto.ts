import { ApiProperty } from '@nestjs/swagger';
import { CreateReplyRequest, FIELD_LIMITS } from '@pidtrymka/contracts';
import { DeliverableEmail, RequiredText } from '../../common/text-field.decorators';

/** R-VIEW-5: the participant answers on the request page; the e-mail proves it is theirs. */
export class CreateReplyDto implements CreateReplyRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.emailMaxLength, format: 'email' })
  @RequiredText(FIELD_LIMITS.emailMaxLength)
  @DeliverableEmail()
  email!: string;

  @ApiProperty({ maxLength: FIELD_LIMITS.messageMaxLength })
  @RequiredText(FIELD_LIMITS.messageMaxLength, { multiline: true })
  message!: string;
}
