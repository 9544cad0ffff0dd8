import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaptchaChallengeView } from '@pidtrymka/contracts';
import { ApiRateLimitedResponse, PublicEndpoints } from '../common/openapi.decorators';
import { CaptchaChallengeDto } from './captcha.dto';
import { CaptchaService } from './captcha.service';

@ApiTags('participants')
@PublicEndpoints()
@ApiRateLimitedResponse()
@Controller('captcha')
export class CaptchaController {
  constructor(private readonly captcha: CaptchaService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A new anti-spam challenge for the request form (R-SUB-3)' })
  @ApiOkResponse({ type: CaptchaChallengeDto })
  challenge(): Promise<CaptchaChallengeView> {
    return this.captcha.challenge();
  }
}
