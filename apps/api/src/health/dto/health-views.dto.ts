import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { HealthComponentView, HealthView } from '@pidtrymka/contracts';

// OpenAPI documentation of libs/contracts/src/health.ts; `implements` keeps each class in step with its interface.

export class HealthComponentViewDto implements HealthComponentView {
  [detail: string]: unknown;
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Why it is down, in a few words' }) message?: string;
}

const BY_DEPENDENCY = { type: 'object', additionalProperties: { $ref: getSchemaPath(HealthComponentViewDto) } } as const;

@ApiExtraModels(HealthComponentViewDto)
export class HealthViewDto implements HealthView {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], description: '`error` and `shutting_down` answer 503' }) status!: 'ok' | 'error' | 'shutting_down';
  @ApiPropertyOptional({ ...BY_DEPENDENCY, description: 'The dependencies that are up' }) info?: Record<string, HealthComponentView>;
  @ApiPropertyOptional({ ...BY_DEPENDENCY, description: 'Those down that make the answer 503' }) error?: Record<string, HealthComponentView>;
  @ApiProperty({ ...BY_DEPENDENCY, description: 'Every dependency checked' }) details!: Record<string, HealthComponentView>;
  @ApiPropertyOptional({ ...BY_DEPENDENCY, description: 'Readiness only: down without making the instance unready (the CMS)' }) degraded?: Record<string, HealthComponentView>;
}
