import { workerCount } from './cluster';

describe('API_WORKERS (issue 14)', () => {
  it('is the number given', () => {
    expect(workerCount('3', undefined, 8)).toBe(3);
  });

  it('auto leaves a core to a PostgreSQL on this machine, and takes every core otherwise', () => {
    expect(workerCount('auto', undefined, 8)).toBe(7);
    expect(workerCount('auto', 'postgres://app@127.0.0.1:5432/pidtrymka', 8)).toBe(7);
    expect(workerCount('auto', 'postgres://app@localhost/pidtrymka', 8)).toBe(7);
    expect(workerCount('auto', 'postgres://app@%2Fvar%2Frun%2Fpostgresql/pidtrymka', 8)).toBe(7);
    expect(workerCount('auto', 'postgres://app@db.internal:5432/pidtrymka', 8)).toBe(8);
  });

  it('auto is at least one worker', () => {
    expect(workerCount('auto', undefined, 1)).toBe(1);
    expect(workerCount('auto', undefined, 2)).toBe(1);
  });
});
