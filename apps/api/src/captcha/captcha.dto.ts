import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CaptchaChallengeDto {
  @ApiProperty({ example: 'image', description: '"none" when the form needs no anti-spam step; then nothing else is set' })
  provider!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Send back as captchaId' })
  id?: string;

  @ApiPropertyOptional({ description: 'An SVG document showing the number to type' })
  svg?: string;

  @ApiPropertyOptional({ description: 'A question to show as text (plugins without a picture)' })
  question?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  expiresAt?: string;
}
