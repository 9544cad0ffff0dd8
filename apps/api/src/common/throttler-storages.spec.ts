import { MemoryThrottlerStorage } from './throttler-storages';

describe('MemoryThrottlerStorage (the fixed window and block of the database storage, in process)', () => {
  const start = new Date('2026-01-01T00:00:00Z').getTime();
  let storage: MemoryThrottlerStorage;

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    storage = new MemoryThrottlerStorage();
  });
  afterEach(() => jest.useRealTimers());

  const hit = (blockMs = 60_000, key = 'ip', throttler = 'default') => storage.increment(key, 60_000, 3, blockMs, throttler);

  it('counts hits up to the limit, then blocks for the block duration without counting on', async () => {
    const records = [];
    for (let i = 0; i < 5; i++) records.push(await hit(120_000));
    expect(records.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [4, true],
    ]);
    expect(records[2]).toMatchObject({ timeToExpire: 60, timeToBlockExpire: 0 });
    expect(records[4]).toMatchObject({ timeToBlockExpire: 120 });
    expect(storage.knownBlockedSeconds('ip', 'default')).toBe(120);
    // Per key and per throttler.
    expect(storage.knownBlockedSeconds('ip', 'submissions')).toBe(0);
    expect((await hit(120_000, 'other')).totalHits).toBe(1);
    expect((await hit(120_000, 'ip', 'submissions')).totalHits).toBe(1);
  });

  it('starts a new window from one hit once the block is over', async () => {
    for (let i = 0; i < 4; i++) await hit();
    jest.advanceTimersByTime(59_500);
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    jest.advanceTimersByTime(500);
    expect(storage.knownBlockedSeconds('ip', 'default')).toBe(0);
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('starts a new window from one hit once the window is over', async () => {
    for (let i = 0; i < 3; i++) await hit();
    jest.advanceTimersByTime(30_000);
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true });
    const fresh = new MemoryThrottlerStorage();
    for (let i = 0; i < 3; i++) await fresh.increment('ip', 60_000, 3, 60_000, 'default');
    jest.advanceTimersByTime(60_000);
    expect(await fresh.increment('ip', 60_000, 3, 60_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('without a block duration refuses past the limit until the window is over', async () => {
    const records = [];
    for (let i = 0; i < 5; i++) records.push(await hit(0));
    expect(records.map((r) => r.isBlocked)).toEqual([false, false, false, true, true]);
    expect(records[4]).toMatchObject({ totalHits: 5, timeToBlockExpire: 60 });
    expect(storage.knownBlockedSeconds('ip', 'default')).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect(await hit(0)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('forgets windows and blocks that are over, and keeps the live ones', async () => {
    await hit(60_000, 'short');
    for (let i = 0; i < 4; i++) await hit(300_000, 'blocked');
    jest.advanceTimersByTime(30_000);
    await hit(60_000, 'live');
    jest.advanceTimersByTime(30_000);
    expect(await storage.sweep()).toBe(1);
    expect(storage.knownBlockedSeconds('blocked', 'default')).toBe(240);
    expect((await hit(60_000, 'live')).totalHits).toBe(2);
  });

  it('costs the same per hit at any limit (no log of hits)', async () => {
    jest.useRealTimers();
    const limit = 1e8;
    const started = performance.now();
    for (let i = 0; i < 200_000; i++) await storage.increment('ip', 60_000, limit, 60_000, 'default');
    expect((await storage.increment('ip', 60_000, limit, 60_000, 'default')).totalHits).toBe(200_001);
    // @nestjs/throttler's log of hits filtered 200,000 expiries per hit by the end: minutes, not this.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
