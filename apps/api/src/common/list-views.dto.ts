import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

// OpenAPI pieces that answers of several domains share.

/** A request referred to by its tracking ID. */
export class TicketRefDto {
  @ApiProperty({ example: 'AZA-DMP-AJ8S' }) trackingId!: string;
}

/** The `nextCursor` of a page (common/paged-list.ts). */
export const NEXT_CURSOR: ApiPropertyOptions = { type: String, nullable: true, description: 'The `cursor` of the next page; null on the last' };
