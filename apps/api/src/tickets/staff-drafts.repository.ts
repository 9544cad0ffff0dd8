import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffDraftKind } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface DraftRow {
  kind: StaffDraftKind;
  body: string;
  updated_at: Date;
}

/** Issue 17: the drafts table; every query is keyed by the account, so nobody reads another's. */
@Injectable()
export class StaffDraftsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async mine(accountId: string, ticketId: string): Promise<DraftRow[]> {
    return this.dataSource.query(`SELECT kind, body, updated_at FROM staff_drafts WHERE account_id = $1 AND ticket_id = $2`, [accountId, ticketId]);
  }

  async save(accountId: string, ticketId: string, kind: StaffDraftKind, body: string): Promise<DraftRow> {
    const [row] = await this.dataSource.query<DraftRow[]>(
      `INSERT INTO staff_drafts (account_id, ticket_id, kind, body, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (account_id, ticket_id, kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
       RETURNING kind, body, updated_at`,
      [accountId, ticketId, kind, body],
    );
    return row;
  }

  /** Also inside the transaction that sends the reply or note, so a draft never outlives what it became. */
  async remove(accountId: string, ticketId: string, kind: StaffDraftKind, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`DELETE FROM staff_drafts WHERE account_id = $1 AND ticket_id = $2 AND kind = $3`, [accountId, ticketId, kind]);
  }
}
