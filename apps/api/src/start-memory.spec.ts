/**
 * Issue 14 (RSS under load ≤ 250 MB): what a process loads as it starts. exceljs costs every process
 * ~18 MB of heap while only an admin's XLSX export uses it, so it is loaded then; a static import anywhere
 * in the app's module graph brings it back at every start. Packages that e-mail or a portal page use are
 * loaded at start on purpose: loaded on first use, their synchronous load stalled the event loop while
 * serving (the hostile mail-stall suite saw 250 ms).
 */
const mockLoadedAtStart: string[] = [];

function mockRecorded(name: string): unknown {
  mockLoadedAtStart.push(name);
  return jest.requireActual(name);
}

jest.mock('exceljs', () => mockRecorded('exceljs'));

describe('the API at start (issue 14: RSS)', () => {
  it('does not load exceljs, which only an admin\'s export uses', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the whole module graph, as main.ts loads it
      require('./app.module');
    });
    expect(mockLoadedAtStart).toEqual([]);
  });
});
