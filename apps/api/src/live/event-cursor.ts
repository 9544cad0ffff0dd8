/**
 * Where the live stream is in the one order of domain events (issue 17), and
 * which earlier ids it still waits for. An event's id is taken when it is
 * written, not when its transaction commits, so id 11 can become visible
 * after id 12: a reader that only asked for "after 12" would never see it.
 * The ids skipped on the way are kept as holes and asked for again until
 * they appear or `holeTtlMs` passes (a rolled-back transaction's id never
 * appears; no change of ours stays uncommitted that long).
 */
export class EventCursor {
  private last: bigint;
  private readonly holes = new Map<bigint, number>();

  constructor(
    after: string,
    private readonly holeTtlMs = 30_000,
    private readonly maxHoles = 10_000,
  ) {
    this.last = BigInt(after);
  }

  /** What to read next: ids after `after`, and the holes. */
  next(now = Date.now()): { after: string; holes: string[] } {
    for (const [id, since] of this.holes) if (now - since > this.holeTtlMs) this.holes.delete(id);
    return { after: this.last.toString(), holes: [...this.holes.keys()].map(String) };
  }

  /**
   * Takes the ids a read found. False when more ids were skipped than can be
   * waited for: the caller cannot know what it missed (its pages must fetch
   * again) and goes on from the newest.
   */
  saw(ids: readonly string[], now = Date.now()): boolean {
    let complete = true;
    for (const text of ids) {
      const id = BigInt(text);
      if (this.holes.delete(id) || id <= this.last) continue;
      if (id - this.last - 1n > BigInt(this.maxHoles - this.holes.size)) {
        complete = false;
      } else {
        for (let skipped = this.last + 1n; skipped < id; skipped++) this.holes.set(skipped, now);
      }
      this.last = id;
    }
    return complete;
  }

  get waitingFor(): number {
    return this.holes.size;
  }
}
