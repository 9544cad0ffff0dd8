import { HttpStatus } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { MailListQuery } from '@pidtrymka/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiException } from './api.exception';

const DEFAULT_LIMIT = 25;
/** A row id in a list's URL or cursor: a bigint's digits. */
export const ROW_ID = /^\d{1,18}$/;

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

/** The query of a list paged by row id: `limit` rows after `cursor`. */
export class PagedListQueryDto implements MailListQuery {
  @ApiPropertyOptional({ default: 25, maximum: 100 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1, { context: { min: 1 } }) @Max(100, { context: { max: 100 } })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' }) @IsOptional() @IsString() @MaxLength(30)
  cursor?: string;
}

/** One page of a list, newest cursor last: one row more than the page is read to know whether another page follows. */
export async function pageOf<R extends { id: string }, I>(
  query: MailListQuery,
  read: (limit: number, cursor: string | null) => Promise<[R[], number]>,
  toItem: (row: R) => I,
): Promise<{ items: I[]; nextCursor: string | null; total: number }> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const [rows, total] = await read(limit + 1, cursorOf(query));
  const page = rows.slice(0, limit);
  return { items: page.map(toItem), nextCursor: rows.length > limit ? page[page.length - 1].id : null, total };
}

function cursorOf(query: MailListQuery): string | null {
  if (query.cursor === undefined) return null;
  if (!ROW_ID.test(query.cursor)) throw new ApiException(HttpStatus.BAD_REQUEST, 'invalid_cursor');
  return query.cursor;
}
