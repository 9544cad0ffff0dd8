/** Token under which the chosen `AttachmentStore` is provided. */
export const ATTACHMENT_STORE = 'pidtrymka:AttachmentStore';

/**
 * Where attachment bytes live. Keys are made by the API (UUIDs), never from
 * user input. Metadata (file name, size, owner) stays in the API's database.
 */
export interface AttachmentStore {
  readonly name: string;
  save(key: string, content: Buffer): Promise<void>;
  /** Rejects with `AttachmentNotFoundError` when the key is unknown. */
  read(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

export class AttachmentNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`Attachment content ${key} not found`);
    this.name = 'AttachmentNotFoundError';
  }
}
