import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateTicketRequest, FIELD_LIMITS, REQUEST_VISIBILITIES, type RequestVisibility } from '@pidtrymka/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntegerId } from '../../common/validators';
import { DeliverableEmail, RequiredText } from '../../common/text-field.decorators';

const toIntegerIfNumeric = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value) : value);

/** Validates `CreateTicketRequest` (R-SUB-2); the same fields arrive as JSON or as a multipart form. */
export class CreateTicketDto implements CreateTicketRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.nameMaxLength, example: 'Тестовий контрагент' })
  @RequiredText(FIELD_LIMITS.nameMaxLength)
  name!: string;

  @ApiProperty({ maxLength: FIELD_LIMITS.emailMaxLength, format: 'email', example: 'test_partner@oree.com.ua' })
  @RequiredText(FIELD_LIMITS.emailMaxLength)
  @DeliverableEmail()
  email!: string;

  @ApiProperty({ maxLength: FIELD_LIMITS.subjectMaxLength, example: 'Проблема з підписом заявки' })
  @RequiredText(FIELD_LIMITS.subjectMaxLength)
  subject!: string;

  @ApiProperty({ maxLength: FIELD_LIMITS.messageMaxLength, description: 'Company name, phone and the problem (R-SUB-2)' })
  @RequiredText(FIELD_LIMITS.messageMaxLength, { multiline: true })
  message!: string;

  @ApiPropertyOptional({ description: 'Defaults to the default category ("Звичайне звернення")' })
  @IsOptional()
  @Transform(toIntegerIfNumeric)
  @IsIntegerId()
  categoryId?: number;

  @ApiPropertyOptional({ description: 'The id from GET /api/captcha' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { context: { max: 100 } })
  captchaId?: string;

  @ApiPropertyOptional({ description: 'The number the participant read from the picture, or the ALTCHA payload (base64) the browser computed', example: '15540' })
  @IsOptional()
  @IsString()
  @MaxLength(4000, { context: { max: 4000 } })
  captchaAnswer?: string;

  @ApiPropertyOptional({
    enum: REQUEST_VISIBILITIES,
    description: 'Issue 18: `organisation` (the other contacts of the request\'s organisation see it, signed in) or `private`; absent: the organisation\'s default. Applies only when the address is an active contact of the request\'s organisation',
  })
  @IsOptional()
  @IsIn(REQUEST_VISIBILITIES, { context: { values: REQUEST_VISIBILITIES.join(', ') } })
  visibility?: RequestVisibility;

  /** The honeypot (R-SUB-3): hidden in the form, so only bots fill it in. */
  @ApiPropertyOptional({ description: 'Leave empty (anti-spam)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000, { context: { max: 1000 } })
  website?: string;
}
