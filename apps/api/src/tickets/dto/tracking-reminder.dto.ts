import { ApiProperty } from '@nestjs/swagger';
import { FIELD_LIMITS, TrackingReminderRequest } from '@pidtrymka/contracts';
import { DeliverableEmail, RequiredText } from '../../common/text-field.decorators';

export class TrackingReminderDto implements TrackingReminderRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.emailMaxLength, format: 'email' })
  @RequiredText(FIELD_LIMITS.emailMaxLength)
  @DeliverableEmail()
  email!: string;
}
