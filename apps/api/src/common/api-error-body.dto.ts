import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiErrorBody } from '@pidtrymka/contracts';

class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty() message!: string;
}

/** OpenAPI documentation of libs/contracts/src/errors.ts: the body of every 4xx/5xx answer. */
export class ApiErrorBodyDto implements ApiErrorBody {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty({ example: 'ticket_changed', description: 'Stable, for programs' }) code!: string;
  @ApiProperty({ description: 'In the language of Accept-Language' }) message!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Per field, for a 400 of invalid input' }) details?: { field: string; message: string }[];
}
