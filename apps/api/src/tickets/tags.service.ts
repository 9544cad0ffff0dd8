import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateTagRequest, TagView, UpdateTagRequest } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../auth/staff-principal';
import { ApiException } from '../common/api.exception';
import { normalizeTagName } from './staff-tickets.service';
import { TagRow, TagsRepository } from './tags.repository';

/**
 * Issue 17: the tags staff put on requests. Any staff member makes a free tag by
 * typing a new name on a request; admins keep the curated list (a tag with a
 * colour), rename and delete. Tags are staff-only: no participant page, answer or
 * e-mail reads them. Requests hold a tag by its id, so a rename shows on every
 * request that carries it. The admins' changes to the list are audited.
 */
@Injectable()
export class TagsService {
  constructor(
    private readonly tags: TagsRepository,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(): Promise<TagView[]> {
    return (await this.tags.list()).map(toView);
  }

  async create(input: CreateTagRequest, actor: StaffPrincipal): Promise<TagView> {
    return this.dataSource.transaction(async (manager) => {
      const created = await this.tags.create(normalizeTagName(input.name), input.color?.toLowerCase() ?? null, manager);
      if (!created) throw new ApiException(HttpStatus.CONFLICT, 'tag_name_taken');
      await this.record(manager, actor, 'tag.created', { tagId: created.id, name: created.name, color: created.color });
      return toView(created);
    });
  }

  /** A rename keeps the tag's id, so the requests carrying it show the new name; a name another tag has is 409. */
  async update(id: number, input: UpdateTagRequest, actor: StaffPrincipal): Promise<TagView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.tags.findById(id, manager);
      if (!before) throw new ApiException(HttpStatus.NOT_FOUND, 'tag_not_found');
      const updated = await this.tags.update(id, {
        name: input.name === undefined ? undefined : normalizeTagName(input.name),
        color: input.color === undefined ? undefined : (input.color?.toLowerCase() ?? null),
      }, manager);
      // The failed statement has spoilt the transaction: throwing rolls it back.
      if (updated === false) throw new ApiException(HttpStatus.CONFLICT, 'tag_name_taken');
      if (!updated) throw new ApiException(HttpStatus.NOT_FOUND, 'tag_not_found');
      const renamed = updated.name !== before.name;
      const recoloured = updated.color !== before.color;
      if (renamed || recoloured) {
        await this.record(manager, actor, 'tag.updated', {
          tagId: id,
          name: updated.name,
          ...(renamed ? { fromName: before.name } : {}),
          ...(recoloured ? { color: updated.color, fromColor: before.color } : {}),
        });
      }
      return toView(updated);
    });
  }

  /** Off every request too. */
  async remove(id: number, actor: StaffPrincipal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const removed = await this.tags.remove(id, manager);
      if (!removed) throw new ApiException(HttpStatus.NOT_FOUND, 'tag_not_found');
      await this.record(manager, actor, 'tag.deleted', { tagId: id, name: removed.name });
    });
  }

  private record(manager: EntityManager, actor: StaffPrincipal, action: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(manager, { ticketId: null, actor: { type: 'staff', name: actor.name }, action, details: { ...details, staffId: actor.id } });
  }
}

function toView(row: TagRow): TagView {
  return { id: row.id, name: row.name, color: row.color, curated: row.color !== null };
}
