import { Logger } from '@nestjs/common';

/** The longest a failed delivery waits before its next attempt, however many attempts came before. */
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/** How long the `attempts`-th failure waits: `baseMs` doubled per attempt before it, at most six hours. */
export function retryDelayMs(baseMs: number, attempts: number): number {
  return Math.min(baseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
}

/**
 * The round loop of the background workers that deliver leased rows (the
 * e-mail outbox, the domain events): rounds run back to back while `round`
 * says more may be due, else after `idleMs`; a failed round is logged and the
 * next one goes on; `stop` wakes a sleeping loop and waits for the round in
 * flight, so shutdown never cuts a delivery between its send and its mark.
 */
export class PollingWorker {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    /** One round; true when more may be due at once. */
    private readonly round: () => Promise<boolean>,
    private readonly idleMs: () => number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let again = false;
      try {
        again = await this.round();
      } catch (error) {
        this.logger.error(`${this.what} round failed: ${(error as Error).message}`);
      }
      if (!again && this.running) await this.sleep(this.idleMs());
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
