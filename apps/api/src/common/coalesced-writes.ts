/**
 * Writes that arrive in the same turn of the event loop go to the database as
 * one statement: `add` resolves (or rejects) once the batch holding its item
 * is written. A caller still waits for its own write, so what it does after
 * (e.g. at-least-once delivery: mark only after the receiver answered) keeps
 * its order; only the round trips are shared. An item arriving while a batch
 * is being written starts the next one.
 */
export class CoalescedWrites<T> {
  private pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      await this.write(batch.map((entry) => entry.item));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
