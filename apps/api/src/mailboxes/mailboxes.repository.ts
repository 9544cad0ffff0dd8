import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { MailboxEntity } from './mailbox.entity';

/** Every query of the mailboxes (issue 16). */
@Injectable()
export class MailboxesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  all(): Promise<MailboxEntity[]> {
    return this.dataSource.getRepository(MailboxEntity).find({ order: { name: 'ASC' } });
  }

  find(id: string): Promise<MailboxEntity | null> {
    return this.dataSource.getRepository(MailboxEntity).findOneBy({ id });
  }

  findByName(name: string): Promise<MailboxEntity | null> {
    return this.dataSource.getRepository(MailboxEntity).findOneBy({ name });
  }

  /** Inserted with its secrets still empty: they are sealed bound to the row's id, which only exists now. */
  async insert(values: QueryDeepPartialEntity<MailboxEntity>): Promise<string> {
    const result = await this.dataSource.getRepository(MailboxEntity).insert(values);
    return String((result.identifiers[0] as { id: string }).id);
  }

  async update(id: string, values: QueryDeepPartialEntity<MailboxEntity>): Promise<boolean> {
    const result = await this.dataSource.getRepository(MailboxEntity).update({ id }, { ...values, updatedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(MailboxEntity).delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /** The newest change of any mailbox, and how many there are: another instance's change is noticed by comparing these. */
  async version(): Promise<string> {
    const [row] = await this.dataSource.query<{ version: string }[]>(`SELECT count(*)::text || ':' || coalesce(max(updated_at)::text, '') AS version FROM mailboxes`);
    return row.version;
  }

  /** Issue 16: the request remembers the mailbox it came in through (same transaction as the request). */
  async setTicketMailbox(manager: EntityManager, ticketId: string, mailboxId: string): Promise<void> {
    await manager.query(`UPDATE tickets SET mailbox_id = $2 WHERE id = $1`, [ticketId, mailboxId]);
  }
}
