import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CategoryView } from '@pidtrymka/contracts';
import { ApiRateLimitedResponse, PublicEndpoints } from '../common/openapi.decorators';
import { PublicCacheable } from '../common/cache-control';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { CategoryViewDto } from './dto/ticket-views.dto';
import { TicketsService } from './tickets.service';

@ApiTags('participants')
@PublicEndpoints()
@ApiRateLimitedResponse()
@Controller('categories')
export class CategoriesController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @PublicCacheable()
  @ApiOperation({ summary: 'Request categories, in the language of Accept-Language (R-SUB-2)' })
  @ApiOkResponse({ type: [CategoryViewDto] })
  list(@CallerInfo() caller: Caller): Promise<CategoryView[]> {
    return this.tickets.listCategories(caller.locale);
  }
}
