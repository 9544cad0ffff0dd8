import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CaptchaChallengeDto {
  @ApiProperty({ example: 'image', description: '"none" when the form needs no anti-spam step; then nothing else is set' })
  provider!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Send back as captchaId' })
  id?: string;

  @ApiPropertyOptional({ description: 'The picture of the number to type, as a data:image/png;base64 URL (built-in "image" provider)' })
  image?: string;

  @ApiPropertyOptional({ description: 'An SVG document showing what to type (outside plugins only)' })
  svg?: string;

  @ApiPropertyOptional({ description: 'A question to show as text (plugins without a picture)' })
  question?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'An ALTCHA v2 proof-of-work challenge ({ parameters, signature }) for the browser to solve ("altcha" provider); send base64 JSON { challenge, solution } as captchaAnswer',
  })
  altcha?: { parameters: Record<string, unknown>; signature?: string };

  @ApiPropertyOptional({ format: 'date-time' })
  expiresAt?: string;
}
