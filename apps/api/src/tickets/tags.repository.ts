import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TagRef } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

export interface TagRow {
  id: number;
  name: string;
  color: string | null;
}

/** Issue 17: every query about tags and which requests carry them. */
@Injectable()
export class TagsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The curated (coloured) first, then by name: the order the pickers offer them in. */
  async list(): Promise<TagRow[]> {
    return this.dataSource.query(`SELECT id, name, color FROM tags ORDER BY color IS NULL, name`);
  }

  async findById(id: number, manager: EntityManager = this.dataSource.manager): Promise<TagRow | null> {
    const rows: TagRow[] = await manager.query(`SELECT id, name, color FROM tags WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByName(name: string, manager: EntityManager = this.dataSource.manager): Promise<TagRow | null> {
    const rows: TagRow[] = await manager.query(`SELECT id, name, color FROM tags WHERE name = $1`, [name]);
    return rows[0] ?? null;
  }

  /** Null when the name is taken. */
  async create(name: string, color: string | null, manager: EntityManager = this.dataSource.manager): Promise<TagRow | null> {
    const rows: TagRow[] = await manager.query(
      `INSERT INTO tags (name, color) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id, name, color`,
      [name, color],
    );
    return rows[0] ?? null;
  }

  /** The tag of this name, made (free, no colour) if there is none; two agents typing it at once get one tag. */
  async ensure(manager: EntityManager, name: string): Promise<TagRow> {
    const inserted: TagRow[] = await manager.query(
      `INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id, name, color`,
      [name],
    );
    return inserted[0] ?? (await this.findByName(name, manager))!;
  }

  /** False when another tag has the new name; null when there is no such tag. */
  async update(id: number, changes: { name?: string; color?: string | null }, manager: EntityManager = this.dataSource.manager): Promise<TagRow | null | false> {
    try {
      // For UPDATE and DELETE … RETURNING, TypeORM's postgres driver answers [rows, affected count].
      const [rows]: [TagRow[], number] = await manager.query(
        `UPDATE tags SET name = coalesce($2, name), color = CASE WHEN $3 THEN $4 ELSE color END WHERE id = $1 RETURNING id, name, color`,
        [id, changes.name ?? null, changes.color !== undefined, changes.color ?? null],
      );
      return rows[0] ?? null;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  }

  /** The deleted tag, or null when there was none. */
  async remove(id: number, manager: EntityManager = this.dataSource.manager): Promise<TagRow | null> {
    const [rows]: [TagRow[], number] = await manager.query(`DELETE FROM tags WHERE id = $1 RETURNING id, name, color`, [id]);
    return rows[0] ?? null;
  }

  async ofTicket(ticketId: string, manager: EntityManager = this.dataSource.manager): Promise<TagRef[]> {
    return manager.query(
      `SELECT g.id, g.name, g.color FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.ticket_id = $1 ORDER BY g.color IS NULL, g.name`,
      [ticketId],
    );
  }

  /** The tags of a page of requests, by request: one query, each request's tags by the primary key. */
  async ofTickets(ticketIds: string[]): Promise<Map<string, TagRef[]>> {
    const byTicket = new Map<string, TagRef[]>();
    if (ticketIds.length === 0) return byTicket;
    const rows: (TagRef & { ticket_id: string })[] = await this.dataSource.query(
      `SELECT tt.ticket_id, g.id, g.name, g.color FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id
       WHERE tt.ticket_id = ANY($1::uuid[]) ORDER BY g.color IS NULL, g.name`,
      [ticketIds],
    );
    for (const { ticket_id, ...tag } of rows) byTicket.set(ticket_id, [...(byTicket.get(ticket_id) ?? []), tag]);
    return byTicket;
  }

  /** True when it was not there yet. */
  async tag(manager: EntityManager, ticketId: string, tagId: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ticket_tags (ticket_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING tag_id`,
      [ticketId, tagId],
    );
    return rows.length > 0;
  }

  /** True when it was there. */
  async untag(manager: EntityManager, ticketId: string, tagId: number): Promise<boolean> {
    const [, deleted]: [unknown[], number] = await manager.query(`DELETE FROM ticket_tags WHERE ticket_id = $1 AND tag_id = $2`, [ticketId, tagId]);
    return deleted > 0;
  }
}
