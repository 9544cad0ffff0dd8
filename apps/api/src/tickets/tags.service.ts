import { HttpStatus, Injectable } from '@nestjs/common';
import type { CreateTagRequest, TagView, UpdateTagRequest } from '@pidtrymka/contracts';
import { ApiException } from '../common/api.exception';
import { normalizeTagName } from './staff-tickets.service';
import { TagRow, TagsRepository } from './tags.repository';

/**
 * Issue 17: the tags staff put on requests. Any staff member makes a free tag by
 * typing a new name on a request; admins keep the curated list (a tag with a
 * colour), rename and delete. Tags are staff-only: no participant page, answer or
 * e-mail reads them.
 */
@Injectable()
export class TagsService {
  constructor(private readonly tags: TagsRepository) {}

  async list(): Promise<TagView[]> {
    return (await this.tags.list()).map(toView);
  }

  async create(input: CreateTagRequest): Promise<TagView> {
    const created = await this.tags.create(normalizeTagName(input.name), input.color?.toLowerCase() ?? null);
    if (!created) throw new ApiException(HttpStatus.CONFLICT, 'tag_name_taken');
    return toView(created);
  }

  async update(id: number, input: UpdateTagRequest): Promise<TagView> {
    const updated = await this.tags.update(id, {
      name: input.name === undefined ? undefined : normalizeTagName(input.name),
      color: input.color === undefined ? undefined : (input.color?.toLowerCase() ?? null),
    });
    if (updated === false) throw new ApiException(HttpStatus.CONFLICT, 'tag_name_taken');
    if (!updated) throw new ApiException(HttpStatus.NOT_FOUND, 'tag_not_found');
    return toView(updated);
  }

  /** Off every request too. */
  async remove(id: number): Promise<void> {
    if (!(await this.tags.remove(id))) throw new ApiException(HttpStatus.NOT_FOUND, 'tag_not_found');
  }
}

function toView(row: TagRow): TagView {
  return { id: row.id, name: row.name, color: row.color, curated: row.color !== null };
}
