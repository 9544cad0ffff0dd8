import { createSecondInstance, createTestApp, TestApp } from '../testing/test-app';
import { JobRunner } from './job-runner.service';

describe('timed jobs on several instances (job_runs)', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof createSecondInstance>>;

  beforeAll(async () => {
    // The scheduler's own timers stay off: the test drives the ticks.
    a = await createTestApp({ SCHEDULER_ENABLED: 'false' });
    b = await createSecondInstance(a, { SCHEDULER_ENABLED: 'false' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('run a job once per tick, whichever instance fires first, and record who ran it', async () => {
    const runs: string[] = [];
    const hourly = 3_600_000;
    const first = await a.app.get(JobRunner).runOncePerTick('test-job', hourly, async () => void runs.push('a'));
    const second = await b.app.get(JobRunner).runOncePerTick('test-job', hourly, async () => void runs.push('b'));
    // Unless the test straddles the hour, the second finds the tick done.
    const [{ slots }] = await a.db.query(`SELECT count(DISTINCT slot)::int AS slots FROM job_runs WHERE job = 'test-job'`);
    expect(first).toBe('ran');
    expect(second).toBe(slots === 1 ? 'done' : 'ran');
    expect(runs).toEqual(slots === 1 ? ['a'] : ['a', 'b']);
    const [row] = await a.db.query(`SELECT instance, outcome, finished_at >= started_at AS finished, extract(epoch FROM slot)::bigint % 3600 AS offset FROM job_runs WHERE job = 'test-job' ORDER BY id LIMIT 1`);
    expect(row).toMatchObject({ instance: a.app.get(JobRunner).instance, outcome: 'ok', finished: true, offset: '0' });
  });

  it('skip a tick while another instance is running the job', async () => {
    let inner: string | undefined;
    const outer = await a.app.get(JobRunner).runOncePerTick('slow-job', 1000, async () => {
      inner = await b.app.get(JobRunner).runOncePerTick('slow-job', 1000, async () => undefined);
    });
    expect([outer, inner]).toEqual(['ran', 'busy']);
  });

  it('record a failed run with its error, and run again on the next tick', async () => {
    const result = await b.app.get(JobRunner).runOncePerTick('failing-job', 1000, async () => {
      throw new Error('CMS unreachable');
    });
    expect(result).toBe('failed');
    const rows = await a.db.query(`SELECT outcome, error FROM job_runs WHERE job = 'failing-job'`);
    expect(rows).toEqual([{ outcome: 'failed', error: 'CMS unreachable' }]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await a.app.get(JobRunner).runOncePerTick('failing-job', 1000, async () => undefined)).toBe('ran');
  });
});
