import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Logger, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiSecurity, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { KbArticleList, KbArticleSummary, KbArticleView, KbCategoryView } from '@pidtrymka/contracts';
import { ApiException } from '../common/api.exception';
import { PublicCacheable } from '../common/cache-control';
import { Caller, CallerInfo } from '../common/caller-info.decorator';
import { ApiRateLimitedResponse, PublicEndpoints } from '../common/openapi.decorators';
import { AppConfig } from '../config/app-config';
import { KbArticleListQueryDto, KbLocaleQueryDto, KbSuggestQueryDto } from './dto/kb-queries.dto';
import { KbArticleListDto, KbArticleSummaryDto, KbArticleViewDto, KbCategoryViewDto } from './dto/kb-views.dto';
import { KbSyncService } from './kb-sync.service';
import { KbService } from './kb.service';

/** The header the CMS's webhook sends the shared secret in. */
export const KB_WEBHOOK_SECRET_HEADER = 'x-pidtrymka-webhook-secret';
/** Its OpenAPI security scheme (defined in buildOpenApiDocument). */
export const KB_WEBHOOK_SCHEME = 'cmsWebhookSecret';

@ApiTags('knowledge base')
@PublicEndpoints()
@Controller('kb')
export class KbController {
  private readonly logger = new Logger('KnowledgeBase');

  constructor(
    private readonly kb: KbService,
    private readonly sync: KbSyncService,
    private readonly config: AppConfig,
  ) {}

  @Get('categories')
  @PublicCacheable()
  @ApiRateLimitedResponse()
  @ApiOperation({ summary: 'Knowledge-base categories with their article counts (R-KB-1)' })
  @ApiOkResponse({ type: [KbCategoryViewDto] })
  categories(@Query() query: KbLocaleQueryDto, @CallerInfo() caller: Caller): Promise<KbCategoryView[]> {
    return this.kb.categories(query.locale ?? caller.locale);
  }

  @Get('articles')
  @PublicCacheable()
  @ApiRateLimitedResponse()
  @ApiOperation({ summary: 'Published articles, by category and/or search words (R-KB-1)' })
  @ApiOkResponse({ type: KbArticleListDto })
  articles(@Query() query: KbArticleListQueryDto, @CallerInfo() caller: Caller): Promise<KbArticleList> {
    return this.kb.articles(query.locale ?? caller.locale, query);
  }

  @Get('articles/:slug')
  @PublicCacheable()
  @ApiRateLimitedResponse()
  @ApiOperation({ summary: 'One published article (R-KB-1)' })
  @ApiOkResponse({ type: KbArticleViewDto })
  @ApiNotFoundResponse({ description: 'No published article with that slug in that language' })
  article(@Param('slug') slug: string, @Query() query: KbLocaleQueryDto, @CallerInfo() caller: Caller): Promise<KbArticleView> {
    return this.kb.article(query.locale ?? caller.locale, slug);
  }

  @Get('suggest')
  @PublicCacheable()
  @ApiRateLimitedResponse()
  @ApiOperation({ summary: 'At most 5 articles for a request subject being typed (R-KB-3)' })
  @ApiOkResponse({ type: [KbArticleSummaryDto] })
  suggest(@Query() query: KbSuggestQueryDto, @CallerInfo() caller: Caller): Promise<KbArticleSummary[]> {
    return this.kb.suggest(query.locale ?? caller.locale, query.q);
  }

  @Post('webhooks/cms')
  @SkipThrottle()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Change notices from the CMS (publish, unpublish, update, delete), checked by a shared secret (R-KB-2)' })
  @ApiSecurity(KB_WEBHOOK_SCHEME)
  @ApiAcceptedResponse({ description: 'Applied (or not about the knowledge base)' })
  @ApiUnauthorizedResponse({ description: '`webhook_unauthorized`: missing or wrong secret' })
  async webhook(@Headers(KB_WEBHOOK_SECRET_HEADER) secret: string | undefined, @Body() body: unknown): Promise<void> {
    if (!this.isTrusted(secret)) throw new ApiException(HttpStatus.UNAUTHORIZED, 'webhook_unauthorized');
    try {
      await this.sync.applyChangeNotice(body);
    } catch (error) {
      // The CMS called us but cannot be read back now: the next resync applies the change.
      this.logger.warn(`Change notice not applied: ${(error as Error).message}`);
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, 'cms_unavailable');
    }
  }

  private isTrusted(secret: string | undefined): boolean {
    const expected = this.config.kb.webhookSecret;
    if (!expected || !secret) return false;
    const given = Buffer.from(secret);
    const wanted = Buffer.from(expected);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
}
