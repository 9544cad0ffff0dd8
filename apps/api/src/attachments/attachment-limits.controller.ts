import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AttachmentLimitsView } from '@pidtrymka/contracts';
import { ApiRateLimitedResponse, PublicEndpoints } from '../common/openapi.decorators';
import { AppConfig } from '../config/app-config';

class AttachmentLimitsDto implements AttachmentLimitsView {
  @ApiProperty({ example: 2 }) maxCount!: number;
  @ApiProperty({ example: 2097152 }) maxBytes!: number;
  @ApiProperty({ type: [String], example: ['pdf', 'p7s'] }) extensions!: string[];
}

@ApiTags('participants')
@PublicEndpoints()
@ApiRateLimitedResponse()
@Controller('attachments')
export class AttachmentLimitsController {
  constructor(private readonly config: AppConfig) {}

  @Get('limits')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The attachment limits, so a form can show them before a file is refused (R-SUB-6)' })
  @ApiOkResponse({ type: AttachmentLimitsDto })
  limits(): AttachmentLimitsView {
    const { maxCount, maxBytes, extensions } = this.config.attachments;
    return { maxCount, maxBytes, extensions: [...extensions] };
  }
}
