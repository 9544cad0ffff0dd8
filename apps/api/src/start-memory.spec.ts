/**
 * Issue 14 (RSS under load ≤ 250 MB): what a process loads as it starts. Each package below costs every
 * process megabytes of heap while only some requests or settings use it, so it is loaded on first use;
 * a static import of one of them anywhere in the app's module graph brings it back at every start.
 */
const mockLoadedAtStart: string[] = [];

function mockRecorded(name: string): unknown {
  mockLoadedAtStart.push(name);
  return jest.requireActual(name);
}

jest.mock('mailauth', () => mockRecorded('mailauth'));
jest.mock('mailparser', () => mockRecorded('mailparser'));
jest.mock('imapflow', () => mockRecorded('imapflow'));
jest.mock('date-holidays', () => mockRecorded('date-holidays'));
jest.mock('markdown-it', () => mockRecorded('markdown-it'));
jest.mock('sanitize-html', () => mockRecorded('sanitize-html'));
jest.mock('html-to-text', () => mockRecorded('html-to-text'));
jest.mock('@resvg/resvg-js', () => mockRecorded('@resvg/resvg-js'));
jest.mock('opentype.js', () => mockRecorded('opentype.js'));
jest.mock('exceljs', () => mockRecorded('exceljs'));
jest.mock('@nestjs-modules/mailer/adapters/handlebars.adapter', () => mockRecorded('@nestjs-modules/mailer/adapters/handlebars.adapter'));

describe('the API at start (issue 14: RSS)', () => {
  it('loads none of the large packages that only some requests use', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the whole module graph, as main.ts loads it
      require('./app.module');
    });
    expect(mockLoadedAtStart).toEqual([]);
  });
});
