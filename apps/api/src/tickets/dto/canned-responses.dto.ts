import { ApiProperty } from '@nestjs/swagger';
import { CannedResponseRequest, FIELD_LIMITS } from '@pidtrymka/contracts';
import { RequiredText } from '../../common/text-field.decorators';

export class CannedResponseDto implements CannedResponseRequest {
  @ApiProperty({ maxLength: 200 }) @RequiredText(200)
  title!: string;

  @ApiProperty({ maxLength: FIELD_LIMITS.messageMaxLength, description: 'May hold {{name}}, {{trackingId}}, {{agentName}}' })
  @RequiredText(FIELD_LIMITS.messageMaxLength, { multiline: true })
  body!: string;
}
