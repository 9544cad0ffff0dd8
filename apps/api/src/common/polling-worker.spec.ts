import { Logger } from '@nestjs/common';
import { PollingWorker, retryDelayMs } from './polling-worker';

describe('PollingWorker: the outbox\'s and the events\' round loop', () => {
  const quietLogger = () => {
    const logger = new Logger('test');
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    return logger;
  };
  const errorsOf = (logger: Logger) => jest.mocked(logger).error.mock.calls;

  it('runs rounds back to back while more may be due, then waits idleMs', async () => {
    const IDLE_MS = 1_000;
    const startedAt: number[] = [];
    let due = 3;
    const worker = new PollingWorker(quietLogger(), 'Test', async () => {
      startedAt.push(performance.now());
      return --due > 0;
    }, () => IDLE_MS);
    worker.start();
    while (startedAt.length < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.stop();
    const gaps = startedAt.slice(1).map((at, i) => at - startedAt[i]);
    // Rounds two and three came at once (each round before said "more"); the fourth only after the idle wait.
    expect(gaps[0]).toBeLessThan(IDLE_MS);
    expect(gaps[1]).toBeLessThan(IDLE_MS);
    expect(gaps[2]).toBeGreaterThanOrEqual(IDLE_MS - 5);
  });

  it('logs a failed round and goes on with the next one', async () => {
    const logger = quietLogger();
    let rounds = 0;
    const worker = new PollingWorker(logger, 'Test', async () => {
      rounds++;
      if (rounds === 1) throw new Error('database gone');
      return false;
    }, () => 10);
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await worker.stop();
    expect(errorsOf(logger)).toContainEqual(['Test round failed: database gone']);
    expect(rounds).toBeGreaterThan(1);
  });

  it('stop wakes a sleeping loop and waits for the round in flight', async () => {
    let finished = false;
    const worker = new PollingWorker(quietLogger(), 'Test', async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = true;
      return false;
    }, () => 60_000);
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stoppedAt = Date.now();
    await worker.stop();
    expect(finished).toBe(true);
    // Not the minute of idle wait: woken at once.
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  });

  it('retryDelayMs doubles per attempt, at most six hours', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(1_000, attempt))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(60_000, 30)).toBe(6 * 60 * 60 * 1000);
  });
});
