import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AttachmentNotFoundError, AttachmentStore } from '@pidtrymka/plugin-sdk';
import { Repository } from 'typeorm';
import { AttachmentContentEntity } from './attachment-content.entity';

/** The default: bytes in PostgreSQL, so every API instance sees every file and one backup holds all. */
@Injectable()
export class DatabaseAttachmentStore implements AttachmentStore {
  readonly name = 'database';

  constructor(@InjectRepository(AttachmentContentEntity) private readonly contents: Repository<AttachmentContentEntity>) {}

  async save(key: string, content: Buffer): Promise<void> {
    await this.contents.insert({ storageKey: key, content });
  }

  async read(key: string): Promise<Buffer> {
    const row = await this.contents.findOne({ where: { storageKey: key }, select: { content: true } });
    if (!row) throw new AttachmentNotFoundError(key);
    return row.content;
  }

  async delete(key: string): Promise<void> {
    await this.contents.delete({ storageKey: key });
  }
}
