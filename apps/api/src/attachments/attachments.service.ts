import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { formatBytes, type AttachmentPreview } from '@pidtrymka/contracts';
import { ATTACHMENT_STORE, AttachmentNotFoundError, AttachmentStore } from '@pidtrymka/plugin-sdk';
import { EntityManager, Repository } from 'typeorm';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';
import { AttachmentEntity } from './attachment.entity';
import { contentMismatch } from './attachment-content';
import { previewOf } from './attachment-preview';
import { contentTypeFor, extensionOf, sanitizeFilename } from './attachment-files';

/** A file received from a participant or staff member, before it is stored. */
export interface IncomingFile {
  originalname: string;
  buffer: Buffer;
}

/** A file whose bytes are in the store, waiting for its row. */
export interface StoredFile {
  key: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  preview: AttachmentPreview;
}

@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly config: AppConfig,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @InjectRepository(AttachmentEntity) private readonly attachments: Repository<AttachmentEntity>,
  ) {}

  /** R-SUB-6: count, size, extension and content, each refused with a message naming the limit. */
  async checkAll(files: readonly IncomingFile[]): Promise<void> {
    const { maxCount, maxBytes, extensions } = this.config.attachments;
    if (files.length > maxCount) throw new ApiException(HttpStatus.BAD_REQUEST, 'attachments_too_many', { max: maxCount });
    for (const file of files) {
      const filename = sanitizeFilename(file.originalname);
      if (!filename) throw new ApiException(HttpStatus.BAD_REQUEST, 'attachment_name_invalid');
      if (!extensions.includes(extensionOf(filename))) {
        throw new ApiException(HttpStatus.BAD_REQUEST, 'attachment_extension_not_allowed', { filename, allowed: extensions.join(', ') });
      }
      if (file.buffer.length > maxBytes) {
        throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, 'attachment_too_large', (locale) => ({ max: formatBytes(maxBytes, locale) }));
      }
      // An allowed name on other bytes (a program or a page renamed .pdf) would reach staff as the type its name claims.
      const mismatch = await contentMismatch(filename, file.buffer);
      if (mismatch) throw new ApiException(HttpStatus.BAD_REQUEST, 'attachment_content_mismatch', { filename, extension: mismatch.claimed });
    }
  }

  /** Stores the bytes before the database transaction, so the transaction only writes rows. */
  async storeAll(files: readonly IncomingFile[]): Promise<StoredFile[]> {
    const stored: StoredFile[] = [];
    try {
      for (const file of files) {
        const key = randomUUID();
        await this.store.save(key, file.buffer);
        const filename = sanitizeFilename(file.originalname);
        stored.push({
          key,
          filename,
          contentType: contentTypeFor(filename),
          size: file.buffer.length,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          preview: await previewOf(filename, file.buffer),
        });
      }
      return stored;
    } catch (error) {
      await this.discard(stored);
      throw error;
    }
  }

  /** For when the transaction that should have recorded them failed. */
  async discard(stored: readonly StoredFile[]): Promise<void> {
    for (const file of stored) {
      await this.store.delete(file.key).catch((error: Error) => this.logger.warn(`Could not remove orphaned attachment ${file.key}: ${error.message}`));
    }
  }

  async record(manager: EntityManager, ticketId: string, messageId: string, stored: readonly StoredFile[]): Promise<AttachmentEntity[]> {
    if (stored.length === 0) return [];
    const rows = stored.map((file, position) =>
      manager.create(AttachmentEntity, {
        ticketId,
        messageId,
        filename: file.filename,
        position,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
        preview: file.preview,
        store: this.store.name,
        storageKey: file.key,
      }),
    );
    const { generatedMaps } = await manager.insert(AttachmentEntity, rows);
    return rows.map((row, index) => Object.assign(row, generatedMaps[index]));
  }

  async findInTicket(ticketId: string, attachmentId: string): Promise<AttachmentEntity | null> {
    return this.attachments.findOne({ where: { id: attachmentId, ticketId } });
  }

  async read(attachment: AttachmentEntity): Promise<Buffer | null> {
    try {
      return await this.store.read(attachment.storageKey);
    } catch (error) {
      if (error instanceof AttachmentNotFoundError) return null;
      throw error;
    }
  }
}
