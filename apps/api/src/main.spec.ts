/**
 * Issue 14 (RSS): the cluster's primary starts the embedded PostgreSQL and keeps the workers running;
 * it never builds the API, so it must not load it either (Nest's core and Express, every domain module,
 * the OpenAPI scanner: ~100 MB of a primary that needs none of them).
 */
const mockLoaded: string[] = [];

// The umask and the compile cache are the real process's, not the test runner's.
jest.mock('./process-setup', () => ({}));
jest.mock('./bootstrap', () => {
  mockLoaded.push('./bootstrap');
  return { bootstrap: jest.fn(async () => undefined) };
});
jest.mock('./app.module', () => {
  mockLoaded.push('./app.module');
  return jest.requireActual('./app.module');
});
jest.mock('@nestjs/platform-express', () => {
  mockLoaded.push('@nestjs/platform-express');
  return jest.requireActual('@nestjs/platform-express');
});
jest.mock('./cluster', () => ({ ...jest.requireActual('./cluster'), runPrimary: jest.fn(async () => undefined) }));

describe('main', () => {
  const env = process.env;
  afterEach(() => (process.env = env));

  it('starts a cluster without loading the app in the primary', async () => {
    process.env = { ...env, API_WORKERS: '2', DATABASE_URL: 'postgres://db.example.org/pidtrymka' };
    await jest.isolateModulesAsync(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- main.ts runs as it is loaded
      require('./main');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runPrimary } = require('./cluster') as { runPrimary: jest.Mock };
      await new Promise((resolve) => setImmediate(resolve));
      expect(runPrimary).toHaveBeenCalledWith(expect.objectContaining({ apiWorkers: '2' }), 2);
    });
    expect(mockLoaded).toEqual([]);
  });

  it('loads the app where it runs one process', async () => {
    process.env = { ...env, API_WORKERS: '1', DATABASE_URL: 'postgres://db.example.org/pidtrymka' };
    await jest.isolateModulesAsync(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./main');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { bootstrap } = require('./bootstrap') as { bootstrap: jest.Mock };
      await new Promise((resolve) => setImmediate(resolve));
      expect(bootstrap).toHaveBeenCalled();
    });
  });
});
