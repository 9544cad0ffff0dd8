import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateWebhookRequest, DOMAIN_EVENT_TYPES, DomainEventType, UpdateWebhookRequest } from '@pidtrymka/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { RequiredText } from '../../common/text-field.decorators';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export class CreateWebhookDto implements CreateWebhookRequest {
  @ApiProperty({ maxLength: 2000, example: 'https://crm.example.com/hooks/pidtrymka', description: 'https:// (http:// only with WEBHOOK_ALLOW_HTTP); its host must resolve to public addresses' })
  @RequiredText(2000)
  url!: string;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @trim @IsString() @MaxLength(500, { context: { max: 500 } })
  description?: string;

  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, isArray: true, description: 'The event types it receives' })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(DOMAIN_EVENT_TYPES.length) @ArrayUnique() @IsIn(DOMAIN_EVENT_TYPES, { each: true })
  eventTypes!: DomainEventType[];

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto implements UpdateWebhookRequest {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @RequiredText(2000)
  url?: string;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @trim @IsString() @MaxLength(500, { context: { max: 500 } })
  description?: string;

  @ApiPropertyOptional({ enum: DOMAIN_EVENT_TYPES, isArray: true })
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(DOMAIN_EVENT_TYPES.length) @ArrayUnique() @IsIn(DOMAIN_EVENT_TYPES, { each: true })
  eventTypes?: DomainEventType[];

  @ApiPropertyOptional({ description: 'False holds its deliveries (kept) until it is enabled again' }) @IsOptional() @IsBoolean()
  enabled?: boolean;
}
