import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SavedViewRow {
  id: number;
  owner_id: string;
  name: string;
  query: string;
  shared: boolean;
}

/** Issue 17: saved queue views. */
@Injectable()
export class SavedViewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One's own and the shared ones: the shared first, then by name. */
  async visibleTo(accountId: string): Promise<SavedViewRow[]> {
    return this.dataSource.query(
      `SELECT id, owner_id, name, query, shared FROM saved_views WHERE owner_id = $1 OR shared ORDER BY shared DESC, name, id`,
      [accountId],
    );
  }

  async findById(id: number): Promise<SavedViewRow | null> {
    const rows: SavedViewRow[] = await this.dataSource.query(`SELECT id, owner_id, name, query, shared FROM saved_views WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async countOf(accountId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM saved_views WHERE owner_id = $1`, [accountId]);
    return row.n;
  }

  async create(row: { ownerId: string; name: string; query: string; shared: boolean }): Promise<SavedViewRow> {
    const [created] = await this.dataSource.query<SavedViewRow[]>(
      `INSERT INTO saved_views (owner_id, name, query, shared) VALUES ($1, $2, $3, $4) RETURNING id, owner_id, name, query, shared`,
      [row.ownerId, row.name, row.query, row.shared],
    );
    return created;
  }

  async update(id: number, changes: { name?: string; query?: string; shared?: boolean }): Promise<SavedViewRow> {
    const [[updated]] = await this.dataSource.query<[SavedViewRow[], number]>(
      `UPDATE saved_views SET name = coalesce($2, name), query = coalesce($3, query), shared = coalesce($4, shared) WHERE id = $1 RETURNING id, owner_id, name, query, shared`,
      [id, changes.name ?? null, changes.query ?? null, changes.shared ?? null],
    );
    return updated;
  }

  async remove(id: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM saved_views WHERE id = $1`, [id]);
  }
}
