import { CoalescedWrites } from './coalesced-writes';

describe('CoalescedWrites (issue 16: one statement for the deliveries a round finished together)', () => {
  it('writes what was added in the same turn as one batch, and resolves each caller once it is written', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const written = new Promise<void>((resolve) => (release = resolve));
    const writes = new CoalescedWrites<number>(async (items) => {
      batches.push(items);
      await written;
    });
    let settled = 0;
    const first = [1, 2, 3].map((n) => writes.add(n).then(() => settled++));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1, 2, 3]]);
    // Not resolved before the statement is done: a caller's next step still follows its own write.
    expect(settled).toBe(0);
    // Added while a batch is being written: the next batch.
    const later = writes.add(4);
    release();
    await Promise.all([...first, later]);
    expect(batches).toEqual([[1, 2, 3], [4]]);
    expect(settled).toBe(3);
  });

  it('rejects every caller of a batch whose write failed, and goes on with the next', async () => {
    let fail = true;
    const writes = new CoalescedWrites<string>(async () => {
      if (fail) throw new Error('database down');
    });
    const failed = await Promise.allSettled([writes.add('a'), writes.add('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(writes.add('c')).resolves.toBeUndefined();
  });
});
