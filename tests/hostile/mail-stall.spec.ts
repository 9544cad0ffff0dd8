import { readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApiProcess, StartedApi } from '../support/api-process';
import { eventually } from '../support/smtp-capture';

/**
 * Issue 12.1: one e-mail must never stall the API. The built API reads
 * hostile e-mails through the maildir channel while `/api/health/live` is
 * asked every 50 ms; each answer must come within 200 ms, each message must
 * end processed or quarantined, and an ordinary e-mail after them must still
 * be processed. Messages go in one at a time so the report says which one
 * stalled the process, and for how long.
 */
const LIVENESS_BUDGET_MS = Number(process.env.HOSTILE_LIVENESS_BUDGET_MS ?? 200);
const PROBE_EVERY_MS = 50;
const DECIDED_WITHIN_MS = Number(process.env.HOSTILE_STALL_DECIDE_MS ?? 120_000);
const CRLF = '\r\n';

jest.setTimeout(15 * 60_000);

function eml(n: number, { from, headers = {}, body }: { from?: string; headers?: Record<string, string>; body: string | Buffer }): Buffer {
  const lines = [`From: ${from ?? `Hostile ${n} <stall${n}@client.test>`}`, 'To: support@localhost', `Subject: Stall ${n}`, `Message-ID: <stall-${n}@hostile.test>`, 'MIME-Version: 1.0'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, `$&${CRLF}`);
const MB = 1_000_000;

/** The hostile messages: each names the function it used to stall. */
const HOSTILE: { name: string; raw: (n: number) => Buffer }[] = [
  {
    name: 'base64 body: Hello + 60,000 blanks + x (line-end trim)',
    raw: (n) => eml(n, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': 'base64' }, body: base64(`Hello${' '.repeat(60_000)}x`) }),
  },
  { name: 'From: a 60,000-character token (sender scan)', raw: (n) => eml(n, { from: 'a'.repeat(60_000), body: 'Доброго дня' }) },
  {
    name: '1 MB of blanks and tabs without a line end (line-end trim)',
    raw: (n) => eml(n, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': 'base64' }, body: base64(`a${' \t'.repeat(MB / 2)}x`) }),
  },
  { name: '1 MB of nested quotes > > > (quote stripping)', raw: (n) => eml(n, { headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `${'> '.repeat(MB / 2)}x` }) },
  { name: '1 MB of < in an HTML body (HTML to text)', raw: (n) => eml(n, { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: `<p>${'<'.repeat(MB)}</p>` }) },
  { name: '1 MB of nested <div> in an HTML body (HTML to text)', raw: (n) => eml(n, { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: `${'<div>'.repeat(MB / 10)}x` }) },
  { name: 'From: 1 MB of @ and letters (sender scan)', raw: (n) => eml(n, { from: `${'a@'.repeat(30_000)}`, body: 'x' }) },
];

interface Probe {
  at: number;
  ms: number;
  ok: boolean;
}

describe('12.1 one e-mail must never stall the API (R-MAIL-6)', () => {
  let api: StartedApi;
  let inbox: string;
  const probes: Probe[] = [];
  let probing = true;
  let prober: Promise<void> | undefined;

  beforeAll(async () => {
    api = await startApiProcess({
      MAIL_IN_ENABLED: 'true',
      MAIL_IN_CHANNEL: 'maildir',
      MAIL_IN_POLL_MS: '100',
      MAIL_IN_BURST_LIMIT: '1000000',
      LOG_LEVEL: 'warn',
    });
    inbox = join(api.dataDir, 'mail', 'in');
    await eventually('the maildir folders', () => readdir(join(inbox, 'new')).then(() => true, () => false));
    // The start-up (migrations, the parse worker loading) is over before the probing starts: it is the mail that is judged.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // A new probe every 50 ms whatever the last one is doing: a blocked event loop delays all of them.
    const inFlight = new Set<Promise<void>>();
    prober = (async () => {
      while (probing) {
        const started = Date.now();
        const probe = fetch(`${api.url}/api/health/live`)
          .then((response) => response.text().then(() => response.ok), () => false)
          .then((ok) => void probes.push({ at: started, ms: Date.now() - started, ok }));
        inFlight.add(probe);
        void probe.finally(() => inFlight.delete(probe));
        await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
      }
      await Promise.all(inFlight);
    })();
  }, 120_000);

  afterAll(async () => {
    console.log(`HOSTILE REPORT mail-stall: ${probes.length} probes, worst /api/health/live ${worstSince(0)} ms, ${failedSince(0)} failed\n${figures.join('\n')}`);
    probing = false;
    await prober;
    await api?.stop();
  });

  /**
   * The API's own worst event-loop delay since the last scrape (prom-client
   * resets it on each): what the process did, apart from the network and the
   * probing client, which share this busy machine.
   */
  const loopMaxes: number[] = [];
  let scrapes = 0;
  const eventLoopMaxMs = async () => {
    const text = await fetch(`${api.url}/metrics`).then((response) => response.text(), () => '');
    const seconds = /^nodejs_eventloop_lag_max_seconds\s+(\S+)$/m.exec(text)?.[1];
    const ms = seconds === undefined ? NaN : Math.round(Number(seconds) * 1000);
    // The first scrape covers the API's start-up, before any e-mail; every later one covers part of the run.
    if (scrapes++ > 0) loopMaxes.push(ms);
    return ms;
  };

  const deliver = async (name: string, raw: Buffer) => {
    await writeFile(join(inbox, 'tmp', name), raw);
    await rename(join(inbox, 'tmp', name), join(inbox, 'new', name));
  };
  const worstSince = (since: number) => probes.filter((probe) => probe.at >= since).reduce((worst, probe) => Math.max(worst, probe.ms), 0);
  const failedSince = (since: number) => probes.filter((probe) => probe.at >= since && !probe.ok).length;
  const figures: string[] = [];

  it.each(HOSTILE.map((hostile, n) => [hostile.name, n] as const))('%s: liveness within budget, message decided', async (name, n) => {
    await eventLoopMaxMs();
    const since = Date.now();
    await deliver(`stall-${n}`, HOSTILE[n].raw(n));
    const [row] = await eventually(
      `message ${n} decided`,
      () => api.query<{ status: string; reason: string | null }>(`SELECT status, reason FROM inbound_messages WHERE message_id = $1 AND status <> 'received'`, [`stall-${n}@hostile.test`]).then((rows) => (rows.length ? rows : null)),
      DECIDED_WITHIN_MS,
    ).catch((error: Error) => {
      figures.push(`${name}: NOT decided within ${DECIDED_WITHIN_MS} ms, worst liveness so far ${worstSince(since)} ms`);
      throw error;
    });
    // The probes fired while it was read have all come back.
    await new Promise((resolve) => setTimeout(resolve, 2 * PROBE_EVERY_MS));
    const worst = worstSince(since);
    figures.push(
      `${name}: ${row.status}${row.reason ? ` (${row.reason.slice(0, 80)})` : ''}, ${Date.now() - since} ms, worst /api/health/live ${worst} ms, ${failedSince(since)} probes failed, API event-loop delay max ${await eventLoopMaxMs()} ms`,
    );
    expect(['processed', 'quarantined']).toContain(row.status);
    if (row.status === 'quarantined') expect(row.reason?.trim()).toBeTruthy();
    expect(api.running).toBe(true);
    expect(worst).toBeLessThan(LIVENESS_BUDGET_MS);
    expect(failedSince(since)).toBe(0);
  });

  it('takes the next ordinary e-mail, and liveness held at every moment of the run', async () => {
    await deliver('ordinary', Buffer.from(`From: Олена <after-stall@client.test>\r\nTo: support@localhost\r\nSubject: Звичайний лист\r\nMessage-ID: <after-stall@client.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nДоброго дня!\r\n`));
    const [ticket] = await eventually('the request of the ordinary e-mail', () => api.query<{ subject: string }>(`SELECT subject FROM tickets WHERE requester_email = 'after-stall@client.test'`).then((r) => (r.length ? r : null)), 30_000);
    expect(ticket.subject).toBe('Звичайний лист');
    // Over the whole run, the API's own event-loop delay says whether it stalled; a probe's round trip also holds
    // this test process's pauses (CI once saw one probe at 276 ms between two e-mails, every window within budget,
    // and the API's loop never over 100 ms). Each e-mail's window above judges the probes themselves.
    await eventLoopMaxMs();
    expect(probes.length).toBeGreaterThan(10);
    expect(loopMaxes.every((ms) => Number.isFinite(ms))).toBe(true);
    expect(Math.max(...loopMaxes)).toBeLessThan(LIVENESS_BUDGET_MS);
    expect(failedSince(0)).toBe(0);
  });
});
