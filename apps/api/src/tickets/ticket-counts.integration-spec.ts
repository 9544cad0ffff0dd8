import fc from 'fast-check';
import type { TicketStatus } from '@pidtrymka/contracts';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@pidtrymka/contracts';
import { createTestApp, TestApp } from '../testing/test-app';
import { QueueFilter, StaffTicketsRepository } from './staff-tickets.repository';

type Counts = Partial<Record<TicketStatus, number>>;
const asCounts = (rows: { status: TicketStatus; count: number }[]): Counts => Object.fromEntries(rows.filter((r) => r.count !== 0).map((r) => [r.status, r.count]));

/**
 * Issue 14: the queue's counts come from counters kept by a trigger, not from counting the table.
 * Whatever happens to requests (created, moved, assigned, re-prioritised, closed, deleted, in any
 * order, folded or not), the counters must equal a count of the requests, for every filter they serve.
 * Tag filters are served by counters per tag set (the TicketTagCounts migration): tagging, untagging
 * and a tag's deletion change them too.
 */
describe('queue counts kept as counters (issue 14)', () => {
  let t: TestApp;
  let repository: StaffTicketsRepository;
  let categories: number[];
  let owners: string[];
  /** The tags that exist now: dropping one (its requests lose it by cascade) makes a new one in its place. */
  let tags: number[];

  beforeAll(async () => {
    t = await createTestApp({ SCHEDULER_ENABLED: 'false' });
    repository = t.app.get(StaffTicketsRepository);
    categories = (await t.db.query(`SELECT id FROM categories ORDER BY id`)).map((r: { id: number }) => r.id);
    await t.db.query(`INSERT INTO staff_accounts (email, name, password_hash, role) VALUES ('a@x.test', 'A', 'x', 'agent'), ('b@x.test', 'B', 'x', 'agent')`);
    owners = (await t.db.query(`SELECT id FROM staff_accounts ORDER BY email`)).map((r: { id: string }) => r.id);
    tags = (await t.db.query(`INSERT INTO tags (name) VALUES ('t1'), ('t2'), ('t3') RETURNING id`)).map((r: { id: number }) => r.id);
  });
  afterAll(() => t.close());

  const filters = (): QueueFilter[] => [
    { visibleCategoryIds: null },
    { visibleCategoryIds: categories.slice(0, 1) },
    { visibleCategoryIds: categories.slice(1) },
    { visibleCategoryIds: null, owner: { kind: 'unassigned' } },
    { visibleCategoryIds: null, owner: { kind: 'person', id: owners[0] } },
    { visibleCategoryIds: categories.slice(0, 2), categoryId: categories[0], priorities: ['high', 'critical'] },
    { visibleCategoryIds: null, priorities: ['low'] },
    // Tags: one, "either of two" (a request with both is counted once), all, and with the other keys.
    { visibleCategoryIds: null, tagIds: tags.slice(0, 1) },
    { visibleCategoryIds: null, tagIds: tags.slice(1, 3) },
    { visibleCategoryIds: null, tagIds: tags },
    { visibleCategoryIds: null, tagIds: [] },
    { visibleCategoryIds: categories.slice(0, 1), tagIds: tags.slice(0, 2), owner: { kind: 'unassigned' } },
    { visibleCategoryIds: null, tagIds: tags.slice(2), priorities: ['high', 'critical'], owner: { kind: 'person', id: owners[1] } },
  ];

  async function expectCountersEqualTheRequests(): Promise<void> {
    for (const filter of filters()) {
      expect(asCounts(await repository.countByStatus(filter))).toEqual(asCounts(await repository.countByStatusLive(filter)));
    }
  }

  const operation = fc.oneof(
    // Weighted so that tagging and untagging meet requests that exist and carry the tags.
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), category: fc.nat(), priority: fc.constantFrom(...TICKET_PRIORITIES), status: fc.constantFrom(...TICKET_STATUSES) }) },
    fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom(...TICKET_STATUSES) }),
    fc.record({ kind: fc.constant('owner' as const), pick: fc.nat(), owner: fc.nat({ max: 2 }) }),
    fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), category: fc.nat(), priority: fc.constantFrom(...TICKET_PRIORITIES) }),
    fc.record({ kind: fc.constant('priority' as const), pick: fc.nat(), priority: fc.constantFrom(...TICKET_PRIORITIES) }),
    fc.record({ kind: fc.constant('subject' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('fold' as const) }),
    fc.record({ kind: fc.constant('rollback' as const), pick: fc.nat(), status: fc.constantFrom(...TICKET_STATUSES) }),
    // Issue 14: tagging changes the tag set a request is counted under; several tags in one statement, too.
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('tag' as const), pick: fc.nat(), tags: fc.subarray([0, 1, 2], { minLength: 1 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('untag' as const), pick: fc.nat(), tags: fc.subarray([0, 1, 2], { minLength: 1 }) }) },
    fc.record({ kind: fc.constant('drop-tag' as const), tag: fc.nat({ max: 2 }) }),
    fc.record({ kind: fc.constant('tag-rollback' as const), pick: fc.nat(), tag: fc.nat({ max: 2 }) }),
  );

  it('equal a count of the requests after any sequence of changes, folded or not', async () => {
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        for (const op of operations) {
          const ids: string[] = (await t.db.query(`SELECT id FROM tickets ORDER BY number`)).map((r: { id: string }) => r.id);
          const picked = 'pick' in op && ids.length ? ids[op.pick % ids.length] : null;
          if (op.kind === 'create') {
            serial++;
            await t.db.query(
              `INSERT INTO tickets (tracking_id, subject, requester_name, requester_email, category_id, priority, status) VALUES ($1, 's', 'n', 'p@x.test', $2, $3, $4)`,
              [`CNT-${String(serial).padStart(8, '0')}`.slice(0, 12), categories[op.category % categories.length], op.priority, op.status],
            );
          } else if (op.kind === 'fold') {
            await repository.foldCountDeltas();
          } else if (op.kind === 'drop-tag') {
            await t.db.query(`DELETE FROM tags WHERE id = $1`, [tags[op.tag]]);
            [{ id: tags[op.tag] }] = await t.db.query(`INSERT INTO tags (name) VALUES ($1) RETURNING id`, [`tag-${++serial}`]);
          } else if (!picked) {
            continue;
          } else if (op.kind === 'status') {
            await t.db.query(`UPDATE tickets SET status = $2 WHERE id = $1`, [picked, op.status]);
          } else if (op.kind === 'owner') {
            await t.db.query(`UPDATE tickets SET owner_id = $2 WHERE id = $1`, [picked, op.owner === 2 ? null : owners[op.owner]]);
          } else if (op.kind === 'move') {
            await t.db.query(`UPDATE tickets SET category_id = $2, priority = $3 WHERE id = $1`, [picked, categories[op.category % categories.length], op.priority]);
          } else if (op.kind === 'priority') {
            await t.db.query(`UPDATE tickets SET priority = $2 WHERE id = $1`, [picked, op.priority]);
          } else if (op.kind === 'subject') {
            await t.db.query(`UPDATE tickets SET subject = 'changed' WHERE id = $1`, [picked]);
          } else if (op.kind === 'delete') {
            await t.db.query(`DELETE FROM tickets WHERE id = $1`, [picked]);
          } else if (op.kind === 'tag') {
            await t.db.query(`INSERT INTO ticket_tags (ticket_id, tag_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`, [picked, op.tags.map((i) => tags[i])]);
          } else if (op.kind === 'untag') {
            await t.db.query(`DELETE FROM ticket_tags WHERE ticket_id = $1 AND tag_id = ANY($2::int[])`, [picked, op.tags.map((i) => tags[i])]);
          } else if (op.kind === 'tag-rollback') {
            await t.db.transaction(async (manager) => {
              await manager.query(`INSERT INTO ticket_tags (ticket_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [picked, tags[op.tag]]);
              throw new Error('rolled back');
            }).catch(() => undefined);
          } else if (op.kind === 'rollback') {
            // A change that is rolled back changes no counter.
            await t.db.transaction(async (manager) => {
              await manager.query(`UPDATE tickets SET status = $2 WHERE id = $1`, [picked, op.status]);
              throw new Error('rolled back');
            }).catch(() => undefined);
          }
        }
        await expectCountersEqualTheRequests();
      }),
      { numRuns: 25, seed: 14 },
    );
  });

  it('move a request out of a tag\'s count when it is untagged, alone or with others, and when the tag is deleted', async () => {
    const [{ id: ticket }] = await t.db.query(
      `INSERT INTO tickets (tracking_id, subject, requester_name, requester_email, category_id) VALUES ('UNTAG-000001', 's', 'n', 'p@x.test', $1) RETURNING id`,
      [categories[0]],
    );
    const counted = async (tagIds: number[]) => {
      const filter: QueueFilter = { visibleCategoryIds: null, tagIds };
      const fromCounters = asCounts(await repository.countByStatus(filter));
      expect(fromCounters).toEqual(asCounts(await repository.countByStatusLive(filter)));
      return fromCounters.new ?? 0;
    };
    const before = await Promise.all(tags.map((tag) => counted([tag])));
    await t.db.query(`INSERT INTO ticket_tags (ticket_id, tag_id) SELECT $1, unnest($2::int[])`, [ticket, tags]);
    expect(await Promise.all(tags.map((tag) => counted([tag])))).toEqual(before.map((n) => n + 1));
    await t.db.query(`DELETE FROM ticket_tags WHERE ticket_id = $1 AND tag_id = $2`, [ticket, tags[0]]);
    expect(await Promise.all(tags.map((tag) => counted([tag])))).toEqual([before[0], before[1] + 1, before[2] + 1]);
    await repository.foldCountDeltas();
    await t.db.query(`DELETE FROM ticket_tags WHERE ticket_id = $1 AND tag_id = ANY($2::int[])`, [ticket, tags.slice(1)]);
    expect(await Promise.all(tags.map((tag) => counted([tag])))).toEqual(before);
    await t.db.query(`INSERT INTO ticket_tags (ticket_id, tag_id) SELECT $1, unnest($2::int[])`, [ticket, tags.slice(1)]);
    const [{ id: dropped }] = await t.db.query(`DELETE FROM tags WHERE id = $1 RETURNING id`, [tags[1]]);
    [{ id: tags[1] }] = await t.db.query(`INSERT INTO tags (name) VALUES ('untag-replacement') RETURNING id`);
    expect(await counted([dropped])).toBe(0);
    expect(await counted([tags[2]])).toBe(before[2] + 1);
  });

  it('stay exact for requests created concurrently while deltas are folded', async () => {
    const before = asCounts(await repository.countByStatusLive({ visibleCategoryIds: null }));
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) =>
        t.db.query(`INSERT INTO tickets (tracking_id, subject, requester_name, requester_email, category_id) VALUES ($1, 's', 'n', 'p@x.test', $2)`, [`PAR-${String(i).padStart(8, '0')}`, categories[0]]),
      ),
      repository.foldCountDeltas(),
      repository.foldCountDeltas(),
    ]);
    await repository.foldCountDeltas();
    const after = asCounts(await repository.countByStatus({ visibleCategoryIds: null }));
    expect(after.new).toBe((before.new ?? 0) + 40);
    await expectCountersEqualTheRequests();
  });

  it('stay exact when one request is tagged, untagged and moved by several transactions at once', async () => {
    const [{ id: ticket }] = await t.db.query(
      `INSERT INTO tickets (tracking_id, subject, requester_name, requester_email, category_id) VALUES ('RACE-0000001', 's', 'n', 'p@x.test', $1) RETURNING id`,
      [categories[0]],
    );
    // Each transaction waits a moment after its change so that the others' changes overlap it.
    const inTransaction = (sql: string, params: unknown[]) =>
      t.db.transaction(async (manager) => {
        await manager.query(sql, params);
        await manager.query(`SELECT pg_sleep(0.05)`);
      });
    for (let round = 0; round < 4; round++) {
      await Promise.all([
        ...tags.map((tag) => inTransaction(`INSERT INTO ticket_tags (ticket_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [ticket, tag])),
        inTransaction(`UPDATE tickets SET status = $2, owner_id = $3 WHERE id = $1`, [ticket, TICKET_STATUSES[round % TICKET_STATUSES.length], owners[round % 2]]),
        repository.foldCountDeltas(),
      ]);
      await expectCountersEqualTheRequests();
      await Promise.all([
        inTransaction(`DELETE FROM ticket_tags WHERE ticket_id = $1 AND tag_id = $2`, [ticket, tags[round % tags.length]]),
        inTransaction(`UPDATE tickets SET priority = $2 WHERE id = $1`, [ticket, TICKET_PRIORITIES[round % TICKET_PRIORITIES.length]]),
        inTransaction(`INSERT INTO ticket_tags (ticket_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [ticket, tags[(round + 1) % tags.length]]),
      ]);
      await expectCountersEqualTheRequests();
    }
    await Promise.all([inTransaction(`DELETE FROM tickets WHERE id = $1`, [ticket]), inTransaction(`DELETE FROM ticket_tags WHERE ticket_id = $1 AND tag_id = $2`, [ticket, tags[0]])]);
    await expectCountersEqualTheRequests();
  });

  it('are counted from the requests already tagged when the migration runs on an existing database', async () => {
    const ids: string[] = (await t.db.query(`SELECT id FROM tickets ORDER BY number LIMIT 6`)).map((r: { id: string }) => r.id);
    await t.db.query(`INSERT INTO ticket_tags (ticket_id, tag_id) SELECT id, unnest($2::int[]) FROM unnest($1::uuid[]) id ON CONFLICT DO NOTHING`, [ids, tags.slice(0, 2)]);
    const expected = await Promise.all(filters().map(async (filter) => asCounts(await repository.countByStatusLive(filter))));
    const runner = t.db.createQueryRunner();
    try {
      // As the API's migrations run: each in a transaction.
      const migration = t.db.migrations.find((m) => m.name === 'TicketTagCounts1767200000000');
      if (!migration) throw new Error('The TicketTagCounts migration is not loaded');
      await runner.startTransaction();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await t.db.query(`SELECT count(*)::int AS n FROM ticket_tag_count_deltas`)).toEqual([{ n: 0 }]);
    const counted = await Promise.all(filters().map(async (filter) => asCounts(await repository.countByStatus(filter))));
    expect(counted).toEqual(expected);
  });
});
