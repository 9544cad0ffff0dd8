import { createTestApp, TestApp } from '../testing/test-app';
import { EventsRetentionJob } from './events-retention.job';

jest.setTimeout(60_000);

/** Issue 16: the events table keeps EVENTS_RETENTION_DAYS of events, and any event a delivery still waits for. */
describe('retention of domain events (issue 16, EVENTS_RETENTION_DAYS)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SCHEDULER_ENABLED: 'false', EVENTS_RETENTION_DAYS: '7' });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An event `daysAgo` old with deliveries in the given statuses; its id. */
  const event = async (daysAgo: number, statuses: string[]): Promise<string> => {
    const [{ id }] = await t.db.query(
      `INSERT INTO events (type, version, payload, occurred_at) VALUES ('ticket.created', 1, '{}', now() - make_interval(days => $1)) RETURNING id::text AS id`,
      [daysAgo],
    );
    for (const [index, status] of statuses.entries()) {
      await t.db.query(`INSERT INTO event_deliveries (event_id, subscriber, status) VALUES ($1, $2, $3)`, [id, `plugin:test-${index}`, status]);
    }
    return id;
  };
  const remaining = async (ids: string[]): Promise<string[]> =>
    (await t.db.query(`SELECT id::text AS id FROM events WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids])).map((row: { id: string }) => row.id);

  it('deletes old events whose every delivery is done, with their deliveries; keeps recent ones and any still waited for', async () => {
    const done = await event(8, ['delivered', 'failed']);
    const noDeliveries = await event(30, []);
    const waiting = await event(40, ['delivered', 'pending']);
    const sending = await event(40, ['sending']);
    const recent = await event(6, ['delivered']);

    expect(await t.app.get(EventsRetentionJob).run()).toBe(2);
    expect(await remaining([done, noDeliveries, waiting, sending, recent])).toEqual([waiting, sending, recent]);
    expect(await t.db.query(`SELECT event_id FROM event_deliveries WHERE event_id = ANY($1::bigint[])`, [[done, noDeliveries]])).toEqual([]);
    // Nothing left to do: a second run deletes nothing.
    expect(await t.app.get(EventsRetentionJob).run()).toBe(0);

    // The last delivery given up: now it goes.
    await t.db.query(`UPDATE event_deliveries SET status = 'failed' WHERE event_id = $1`, [waiting]);
    expect(await t.app.get(EventsRetentionJob).run()).toBe(1);
    expect(await remaining([waiting, sending, recent])).toEqual([sending, recent]);
  });

  it('works through any number in batches', async () => {
    await t.db.query(
      `WITH old AS (
         INSERT INTO events (type, version, payload, occurred_at) SELECT 'ticket.updated', 1, '{}', now() - interval '10 days' FROM generate_series(1, 2345) RETURNING id
       )
       INSERT INTO event_deliveries (event_id, subscriber, status) SELECT id, 'plugin:test', 'delivered' FROM old`,
    );
    expect(await t.app.get(EventsRetentionJob).run()).toBe(2345);
    const [{ old }] = await t.db.query(`SELECT count(*)::int AS old FROM events WHERE type = 'ticket.updated'`);
    expect(old).toBe(0);
  });
});
