import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseReply, ParseRequest } from './inbound-parse.worker';
import { InboundMail, parseInbound } from './inbound-mail';
import { InboundPreview, previewInbound } from './inbound-preview';

export interface InboundParserOptions {
  /** How long one message may take once a worker has it. */
  timeoutMs: number;
  workers: number;
  maxTextBytes: number;
  /** Heap of each worker: a message that eats memory ends its worker, not the API. */
  maxHeapMb?: number;
  warn?: (message: string) => void;
}

/** Parsing went over its time budget: the message is quarantined with this as its reason. */
export class ParseTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`parsing took longer than ${timeoutMs} ms (MAIL_IN_PARSE_TIMEOUT_MS); the worker was stopped`);
  }
}

interface Job {
  kind: ParseRequest['kind'];
  raw: Buffer;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job & { id: number; timer: NodeJS.Timeout };
}

const WORKER_ENTRY = join(__dirname, `inbound-parse.worker${extname(__filename)}`);

/**
 * Issue 12.1: `parseInbound` (mailparser, quote stripping, HTML to text) runs
 * in worker threads, off the event loop that answers HTTP, with a time
 * budget per message. A worker that runs over it, or dies (out of memory),
 * is terminated and replaced, and only its message fails.
 *
 * The built API starts `inbound-parse.worker.js` directly. Under ts-jest the
 * sources are TypeScript that plain Node cannot load, so the worker first
 * registers ts-node (a dev dependency, present wherever the tests are) —
 * the same code then runs in a real thread in the integration specs too.
 * Only if no worker can start at all does it parse in-process, with the
 * budget as a timeout that can fail the message but not stop the work.
 */
export class InboundParser {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private inProcess = false;
  private closed = false;

  constructor(private readonly options: InboundParserOptions) {}

  async parse(raw: Buffer): Promise<InboundMail> {
    return revive((await this.run('parse', raw)) as InboundMail);
  }

  /** An admin's view of a quarantined message: mailparser on a hostile message must not hold up the API either. */
  async preview(raw: Buffer): Promise<InboundPreview> {
    return (await this.run('preview', raw)) as InboundPreview;
  }

  private run(kind: Job['kind'], raw: Buffer): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the parser is closed'));
    if (this.inProcess) return this.runInProcess(kind, raw);
    return new Promise<unknown>((resolve, reject) => {
      this.queue.push({ kind, raw, resolve, reject });
      this.dispatch();
    });
  }

  /** Starts the workers ahead of the first message, so that message does not wait for (or compete with) their start-up. */
  warm(): void {
    if (this.closed || this.inProcess) return;
    while (this.slots.length < this.options.workers) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the parser is closed'));
    await Promise.all(this.slots.splice(0).map((slot) => this.stop(slot, new Error('the parser is closed'))));
  }

  /** Workers alive now (for tests: a worker that ran over is replaced, not kept). */
  get workerCount(): number {
    return this.slots.length;
  }

  private dispatch(): void {
    while (this.queue.length) {
      const idle = this.slots.find((slot) => slot.ready && !slot.job);
      if (!idle) {
        if (this.slots.length < this.options.workers) this.spawn();
        return;
      }
      const job = this.queue.shift()!;
      const id = this.nextId++;
      const timer = setTimeout(() => {
        if (idle.job?.id !== id) return;
        void this.stop(idle, new ParseTimeoutError(this.options.timeoutMs));
        this.options.warn?.(`A parse worker ran over ${this.options.timeoutMs} ms and was replaced`);
        this.dispatch();
      }, this.options.timeoutMs);
      idle.job = { ...job, id, timer };
      const raw = new Uint8Array(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength);
      idle.worker.postMessage({ id, kind: job.kind, raw, options: { maxTextBytes: this.options.maxTextBytes } } satisfies ParseRequest);
    }
  }

  private spawn(): void {
    const worker = startWorker(this.options.maxHeapMb ?? 1024);
    const slot: Slot = { worker, ready: false };
    this.slots.push(slot);
    // The API may exit with a worker idle; the shutdown hook stops it anyway.
    worker.unref();
    worker.on('message', (message: ParseReply | { ready: true }) => {
      if ('ready' in message) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      clearTimeout(job.timer);
      slot.job = undefined;
      if (message.ok) job.resolve(message.result);
      else job.reject(new Error(message.error));
      this.dispatch();
    });
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      if (slot.job) {
        clearTimeout(slot.job.timer);
        slot.job.reject(new Error(`the parse worker died: ${error.message}`));
        slot.job = undefined;
      } else if (!slot.ready && !this.closed) {
        // It could not even load: parse here from now on rather than fail every message.
        this.options.warn?.(`No parse worker could start (${error.message}); parsing in-process, with the time budget as a timeout only`);
        this.inProcess = true;
        for (const job of this.queue.splice(0)) this.runInProcess(job.kind, job.raw).then(job.resolve, job.reject);
        return;
      }
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
  }

  private async stop(slot: Slot, reason: Error): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    if (slot.job) {
      clearTimeout(slot.job.timer);
      slot.job.reject(reason);
      slot.job = undefined;
    }
    await slot.worker.terminate().catch(() => undefined);
  }

  private runInProcess(kind: Job['kind'], raw: Buffer): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      kind === 'preview' ? previewInbound(raw) : parseInbound(raw, { maxTextBytes: this.options.maxTextBytes }),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ParseTimeoutError(this.options.timeoutMs)), this.options.timeoutMs))),
    ]).finally(() => clearTimeout(timer));
  }
}

function startWorker(maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  const announce = `require('node:worker_threads').parentPort.postMessage({ ready: true });`;
  if (WORKER_ENTRY.endsWith('.js')) return new Worker(`require(${JSON.stringify(WORKER_ENTRY)}); ${announce}`, { eval: true, resourceLimits });
  const tsNode = require.resolve('ts-node');
  const register = `require(${JSON.stringify(tsNode)}).register({ transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'ES2022', esModuleInterop: true } });`;
  return new Worker(`${register} require(${JSON.stringify(WORKER_ENTRY)}); ${announce}`, { eval: true, resourceLimits });
}

/** Structured clone turns Buffers into plain Uint8Arrays. */
function revive(mail: InboundMail): InboundMail {
  return {
    ...mail,
    attachments: mail.attachments.map((attachment) => ({
      ...attachment,
      content: Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
    })),
  };
}
