import { ApiProperty } from '@nestjs/swagger';
import { KbArticleList, KbArticleSummary, KbArticleView, KbCategoryView, Locale, SUPPORTED_LOCALES } from '@pidtrymka/contracts';

// OpenAPI documentation of the shapes in libs/contracts/src/kb.ts.

export class KbCategoryViewDto implements KbCategoryView {
  @ApiProperty({ example: 'xmtrade' }) slug!: string;
  @ApiProperty({ example: 'Платформа XMtrade' }) name!: string;
  @ApiProperty() articleCount!: number;
}

class KbArticleCategoryDto {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class KbArticleSummaryDto implements KbArticleSummary {
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty() excerpt!: string;
  @ApiProperty({ type: KbArticleCategoryDto, nullable: true }) category!: { slug: string; name: string } | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class KbArticleViewDto extends KbArticleSummaryDto implements KbArticleView {
  @ApiProperty({ enum: SUPPORTED_LOCALES }) locale!: Locale;
  @ApiProperty({ description: 'Sanitised HTML rendered from the editors\' Markdown' }) bodyHtml!: string;
}

export class KbArticleListDto implements KbArticleList {
  @ApiProperty({ type: [KbArticleSummaryDto] }) items!: KbArticleSummary[];
  @ApiProperty() total!: number;
}
