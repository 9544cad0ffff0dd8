import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { AttachmentNotFoundError, AttachmentStore, PLUGIN_CONTEXT, PluginContext, Setting } from '@pidtrymka/plugin-sdk';

const SAFE_KEY = /^[0-9a-f-]{36}$/;

export class FilesystemAttachmentSettings {
  /** Unset: DATA_DIR/attachments. Several instances need the same folder (a shared volume). */
  @Setting('ATTACHMENT_DIR')
  readonly dir?: string;
}

/** Bytes as files under DATA_DIR/attachments (or ATTACHMENT_DIR), two levels deep. */
@Injectable()
export class FilesystemAttachmentStore implements AttachmentStore {
  readonly name = 'filesystem';
  private readonly root: string;

  constructor(@Inject(PLUGIN_CONTEXT) context: PluginContext, settings: FilesystemAttachmentSettings) {
    this.root = settings.dir ?? join(context.dataDir, 'attachments');
  }

  async save(key: string, content: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(join(path, '..'), { recursive: true });
    // Write then rename, so a crash never leaves half a file under the real name.
    await writeFile(`${path}.tmp`, content, { flag: 'wx' });
    await rename(`${path}.tmp`, path);
  }

  async read(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AttachmentNotFoundError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Refusing an attachment key that is not a UUID: ${JSON.stringify(key)}`);
    return join(this.root, key.slice(0, 2), key);
  }
}
