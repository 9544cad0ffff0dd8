import fc from 'fast-check';
import { EventCursor } from './event-cursor';

describe('EventCursor: every committed event once, whatever order commits come in (issue 17)', () => {
  it('asks again for an id skipped on the way, until it appears', () => {
    const cursor = new EventCursor('10');
    expect(cursor.saw(['12', '13'])).toBe(true);
    expect(cursor.next()).toEqual({ after: '13', holes: ['11'] });
    expect(cursor.saw(['11'])).toBe(true);
    expect(cursor.next()).toEqual({ after: '13', holes: [] });
  });

  it('gives up on a hole after its time (a rolled-back id never appears)', () => {
    const cursor = new EventCursor('0', 1_000);
    cursor.saw(['2'], 0);
    expect(cursor.next(500).holes).toEqual(['1']);
    expect(cursor.next(1_001).holes).toEqual([]);
  });

  it('says it is incomplete when more ids were skipped than it may wait for, and goes on from the newest', () => {
    const cursor = new EventCursor('0', 30_000, 5);
    expect(cursor.saw(['100'])).toBe(false);
    expect(cursor.next()).toEqual({ after: '100', holes: [] });
  });

  it('delivers each id once for any commit order, when every read sees what has committed (property)', () => {
    fc.assert(
      fc.property(
        // Ids 1..n commit in a random order, a random number at a time between reads.
        fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.shuffledSubarray([...Array(n).keys()].map((i) => i + 1), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: n, maxLength: n }))),
        ([commitOrder, batchSizes]) => {
          const committed = new Set<number>();
          const delivered: number[] = [];
          const cursor = new EventCursor('0');
          let at = 0;
          for (let i = 0; at < commitOrder.length; i++) {
            for (const id of commitOrder.slice(at, at + batchSizes[i % batchSizes.length])) committed.add(id);
            at += batchSizes[i % batchSizes.length];
            const { after, holes } = cursor.next(0);
            const found = [...committed].filter((id) => id > Number(after) || holes.includes(String(id))).sort((x, y) => x - y);
            cursor.saw(found.map(String), 0);
            delivered.push(...found);
          }
          const { after, holes } = cursor.next(0);
          expect(holes).toEqual([]);
          expect(after).toBe(String(commitOrder.length));
          expect([...delivered].sort((x, y) => x - y)).toEqual(commitOrder.map((_, i) => i + 1));
        },
      ),
    );
  });
});
