import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale } from '@pidtrymka/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { CategoryEntity } from './category.entity';
import { MessageEntity } from './message.entity';
import { TicketChannel, TicketEntity } from './ticket.entity';

export interface NewTicketRow {
  trackingId: string;
  subject: string;
  requesterName: string;
  requesterEmail: string;
  locale: Locale;
  categoryId: number | null;
  channel: TicketChannel;
}

export interface InsertedTicket {
  id: string;
  number: number;
  categoryId: number;
  createdAt: Date;
}

export interface NewMessageRow {
  ticketId: string;
  authorType: MessageEntity['authorType'];
  authorName: string;
  authorEmail: string | null;
  body: string;
  channel: TicketChannel;
}

/** Every query of the tickets module. */
@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts a ticket in the default category unless one is given. Null when
   * the tracking ID is taken (the caller draws another), without aborting the
   * surrounding transaction.
   */
  async insertTicket(manager: EntityManager, row: NewTicketRow): Promise<InsertedTicket | null> {
    const rows: { id: string; number: number; category_id: number; created_at: Date }[] = await manager.query(
      `INSERT INTO tickets (tracking_id, subject, requester_name, requester_email, locale, category_id, channel)
       VALUES ($1, $2, $3, $4, $5, COALESCE($6, (SELECT id FROM categories WHERE is_default)), $7)
       ON CONFLICT (tracking_id) DO NOTHING
       RETURNING id, number, category_id, created_at`,
      [row.trackingId, row.subject, row.requesterName, row.requesterEmail, row.locale, row.categoryId, row.channel],
    );
    const inserted = rows[0];
    return inserted ? { id: inserted.id, number: inserted.number, categoryId: inserted.category_id, createdAt: inserted.created_at } : null;
  }

  async insertMessage(manager: EntityManager, row: NewMessageRow): Promise<MessageEntity> {
    const result = await manager.insert(MessageEntity, row);
    const generated = result.generatedMaps[0] as Pick<MessageEntity, 'id' | 'createdAt' | 'isInternal'>;
    return manager.create(MessageEntity, { ...row, ...generated, attachments: [] });
  }

  /** The ticket row, locked until the transaction ends, so concurrent replies apply one after the other. */
  async lockTicket(manager: EntityManager, ticketId: string): Promise<TicketEntity | null> {
    return manager.findOne(TicketEntity, { where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
  }

  async updateStatus(manager: EntityManager, ticketId: string, status: TicketEntity['status']): Promise<void> {
    await manager.update(TicketEntity, { id: ticketId }, { status, updatedAt: () => 'now()' });
  }

  async findByTrackingId(trackingId: string): Promise<TicketEntity | null> {
    return this.dataSource.getRepository(TicketEntity).findOne({ where: { trackingId }, relations: { category: true } });
  }

  /** What the participant may see: every message but staff notes, oldest first, with attachments. */
  async findPublicMessages(ticketId: string): Promise<MessageEntity[]> {
    return this.dataSource
      .getRepository(MessageEntity)
      .createQueryBuilder('message')
      .leftJoinAndSelect('message.attachments', 'attachment')
      .where('message.ticket_id = :ticketId AND NOT message.is_internal', { ticketId })
      .orderBy('message.id', 'ASC')
      .addOrderBy('attachment.created_at', 'ASC')
      .getMany();
  }

  /** An attachment of a message the participant may see. */
  async findPublicAttachment(ticketId: string, attachmentId: string): Promise<AttachmentEntity | null> {
    return this.dataSource
      .getRepository(AttachmentEntity)
      .createQueryBuilder('attachment')
      .innerJoin('attachment.message', 'message', 'NOT message.is_internal')
      .where('attachment.id = :attachmentId AND attachment.ticket_id = :ticketId', { attachmentId, ticketId })
      .getOne();
  }

  /** The newest requests of one address, for the "your requests" e-mail (R-VIEW-4). */
  async findByRequesterEmail(email: string, limit: number): Promise<TicketEntity[]> {
    return this.dataSource
      .getRepository(TicketEntity)
      .createQueryBuilder('ticket')
      .where('lower(ticket.requester_email) = lower(:email)', { email })
      .orderBy('ticket.created_at', 'DESC')
      .limit(limit)
      .getMany();
  }

  async findCategory(id: number): Promise<CategoryEntity | null> {
    return this.dataSource.getRepository(CategoryEntity).findOneBy({ id });
  }

  async listCategories(): Promise<CategoryEntity[]> {
    return this.dataSource.getRepository(CategoryEntity).find({ order: { position: 'ASC', id: 'ASC' } });
  }
}
