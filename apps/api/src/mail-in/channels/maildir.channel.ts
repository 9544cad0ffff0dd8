import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { MailInChannel, MailInSink, PLUGIN_CONTEXT, PluginContext, Setting } from '@pidtrymka/plugin-sdk';
import { MailInBatchSettings } from './mail-in-batch.settings';

const BATCH = 200;

export class MaildirChannelSettings extends MailInBatchSettings {
  /** The maildir an MTA delivers to (its new/, cur/ and tmp/); unset: DATA_DIR/mail/in. */
  @Setting('MAIL_IN_DIR')
  readonly dir?: string;
}

/**
 * The embedded default: takes each file of DATA_DIR/mail/in/new (or
 * MAIL_IN_DIR/new), the folder an MTA's maildir delivery writes, and moves
 * it to cur/ once it is committed — so a crash in between offers it again.
 */
@Injectable()
export class MaildirMailInChannel implements MailInChannel {
  readonly name = 'maildir';
  private readonly root: string;
  /** Issue 12.1: what one batch may hold in memory; a larger message goes alone. */
  private readonly batchBytes: number;
  private sink?: MailInSink;
  private running?: Promise<void>;

  constructor(@Inject(PLUGIN_CONTEXT) context: PluginContext, settings: MaildirChannelSettings) {
    this.root = settings.dir ?? join(context.dataDir, 'mail', 'in');
    this.batchBytes = settings.batchBytes;
  }

  async start(sink: MailInSink): Promise<void> {
    this.sink = sink;
    for (const sub of ['tmp', 'new', 'cur']) await mkdir(join(this.root, sub), { recursive: true });
  }

  poll(): Promise<void> {
    // One pass at a time: a file must not be taken by two passes.
    this.running ??= this.takeAll().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    await this.running;
    this.sink = undefined;
  }

  private async takeAll(): Promise<void> {
    const names = (await readdir(join(this.root, 'new'))).filter((name) => !name.startsWith('.')).sort();
    for (let i = 0; i < names.length && this.sink; ) {
      // By count and by bytes, sizes read first: 200 messages of 25 MB must not all be in memory at once.
      const batch: string[] = [];
      let bytes = 0;
      for (; i < names.length && batch.length < BATCH; i++) {
        const size = await stat(join(this.root, 'new', names[i])).then((file) => file.size, () => 0);
        if (batch.length > 0 && bytes + size > this.batchBytes) break;
        batch.push(names[i]);
        bytes += size;
      }
      const messages: { raw: Buffer; origin: string }[] = [];
      for (const name of batch) messages.push({ raw: await readFile(join(this.root, 'new', name)), origin: 'maildir' });
      const done = await this.sink.deliverMany(messages);
      for (const [j, name] of batch.entries()) {
        if (done[j]) await rename(join(this.root, 'new', name), join(this.root, 'cur', `${name.split(':')[0]}:2,S`));
      }
    }
  }
}
