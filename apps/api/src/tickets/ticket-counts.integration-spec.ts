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
 */
describe('queue counts kept as counters (issue 14)', () => {
  let t: TestApp;
  let repository: StaffTicketsRepository;
  let categories: number[];
  let owners: string[];

  beforeAll(async () => {
    t = await createTestApp({ SCHEDULER_ENABLED: 'false' });
    repository = t.app.get(StaffTicketsRepository);
    categories = (await t.db.query(`SELECT id FROM categories ORDER BY id`)).map((r: { id: number }) => r.id);
    await t.db.query(`INSERT INTO staff_accounts (email, name, password_hash, role) VALUES ('a@x.test', 'A', 'x', 'agent'), ('b@x.test', 'B', 'x', 'agent')`);
    owners = (await t.db.query(`SELECT id FROM staff_accounts ORDER BY email`)).map((r: { id: string }) => r.id);
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
  ];

  async function expectCountersEqualTheRequests(): Promise<void> {
    for (const filter of filters()) {
      expect(asCounts(await repository.countByStatus(filter))).toEqual(asCounts(await repository.countByStatusLive(filter)));
    }
  }

  const operation = fc.oneof(
    fc.record({ kind: fc.constant('create' as const), category: fc.nat(), priority: fc.constantFrom(...TICKET_PRIORITIES), status: fc.constantFrom(...TICKET_STATUSES) }),
    fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom(...TICKET_STATUSES) }),
    fc.record({ kind: fc.constant('owner' as const), pick: fc.nat(), owner: fc.nat({ max: 2 }) }),
    fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), category: fc.nat(), priority: fc.constantFrom(...TICKET_PRIORITIES) }),
    fc.record({ kind: fc.constant('priority' as const), pick: fc.nat(), priority: fc.constantFrom(...TICKET_PRIORITIES) }),
    fc.record({ kind: fc.constant('subject' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('fold' as const) }),
    fc.record({ kind: fc.constant('rollback' as const), pick: fc.nat(), status: fc.constantFrom(...TICKET_STATUSES) }),
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
      { numRuns: 15, seed: 14 },
    );
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
});
