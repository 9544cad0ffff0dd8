import { FakeDns, plainMail } from '../testing/fake-dns';
import { DnsAnswer, DnsCache, DnsCacheOptions, sourceOf } from './dns-cache';
import { SenderVerifier } from './sender-verification';

/** An upstream that counts its questions and answers what the test says, when the test says. */
class CountingSource {
  readonly asked: string[] = [];
  readonly answers = new Map<string, DnsAnswer | { code: string }>();
  /** Questions whose answer waits until `release()`. */
  held = false;
  private waiting: (() => void)[] = [];

  readonly source = (name: string, rrtype: string): Promise<DnsAnswer> => {
    this.asked.push(`${rrtype} ${name}`);
    const reply = async (): Promise<DnsAnswer> => {
      const answer = this.answers.get(`${rrtype} ${name.toLowerCase()}`) ?? { code: 'ENOTFOUND' };
      if ('code' in answer) throw Object.assign(new Error(`query${rrtype} ${answer.code} ${name}`), { code: answer.code, hostname: name });
      return answer;
    };
    if (!this.held) return reply();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(reply);
  };

  release(): void {
    this.held = false;
    for (const go of this.waiting.splice(0)) go();
  }

  count(question: string): number {
    return this.asked.filter((asked) => asked.toLowerCase() === question.toLowerCase()).length;
  }
}

describe('issue 14: the DNS cache under sender verification', () => {
  let now: number;
  let upstream: CountingSource;
  const cache = (options: DnsCacheOptions = {}) => new DnsCache(upstream.source, { now: () => now, ...options });

  beforeEach(() => {
    now = 1_000_000;
    upstream = new CountingSource();
    upstream.answers.set('TXT _dmarc.corp-a.test', { records: [['v=DMARC1; p=reject']] });
    upstream.answers.set('A corp-a.test', { records: ['192.0.2.1'], ttlSeconds: 30 });
  });

  it('the same question asked twice goes upstream once, whatever the case of the name', async () => {
    const dns = cache();
    await expect(dns.resolve('_dmarc.corp-a.test', 'TXT')).resolves.toEqual([['v=DMARC1; p=reject']]);
    await expect(dns.resolve('_DMARC.Corp-A.test', 'TXT')).resolves.toEqual([['v=DMARC1; p=reject']]);
    expect(upstream.asked).toEqual(['TXT _dmarc.corp-a.test']);
    // Another type of the same name is another question.
    await dns.resolve('corp-a.test', 'A');
    expect(upstream.asked).toEqual(['TXT _dmarc.corp-a.test', 'A corp-a.test']);
  });

  it('an answer without a TTL (TXT) is kept 5 minutes, then asked again', async () => {
    const dns = cache();
    await dns.resolve('_dmarc.corp-a.test', 'TXT');
    now += 5 * 60_000 - 1;
    await dns.resolve('_dmarc.corp-a.test', 'TXT');
    expect(upstream.count('TXT _dmarc.corp-a.test')).toBe(1);
    now += 1;
    await dns.resolve('_dmarc.corp-a.test', 'TXT');
    expect(upstream.count('TXT _dmarc.corp-a.test')).toBe(2);
  });

  it("an A answer is kept for its own TTL, a long TTL only up to the bound, and a zero TTL not at all", async () => {
    const dns = cache();
    await dns.resolve('corp-a.test', 'A');
    now += 29_999;
    await dns.resolve('corp-a.test', 'A');
    expect(upstream.count('A corp-a.test')).toBe(1);
    now += 1;
    await dns.resolve('corp-a.test', 'A');
    expect(upstream.count('A corp-a.test')).toBe(2);

    upstream.answers.set('A long.test', { records: ['192.0.2.2'], ttlSeconds: 86_400 });
    await dns.resolve('long.test', 'A');
    now += 5 * 60_000;
    await dns.resolve('long.test', 'A');
    expect(upstream.count('A long.test')).toBe(2);

    upstream.answers.set('A zero.test', { records: ['192.0.2.3'], ttlSeconds: 0 });
    await dns.resolve('zero.test', 'A');
    await dns.resolve('zero.test', 'A');
    expect(upstream.count('A zero.test')).toBe(2);
  });

  it('NXDOMAIN and NODATA are kept 60 s and thrown again with their code (mailauth reads ENOTFOUND/ENODATA as "no record")', async () => {
    const dns = cache();
    upstream.answers.set('TXT _dmarc.nodata.test', { code: 'ENODATA' });
    for (let i = 0; i < 2; i++) {
      await expect(dns.resolve('_dmarc.small-firm.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND', hostname: '_dmarc.small-firm.test' });
      await expect(dns.resolve('_dmarc.nodata.test', 'TXT')).rejects.toMatchObject({ code: 'ENODATA' });
    }
    expect(upstream.asked).toEqual(['TXT _dmarc.small-firm.test', 'TXT _dmarc.nodata.test']);
    now += 59_999;
    await expect(dns.resolve('_dmarc.small-firm.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(upstream.count('TXT _dmarc.small-firm.test')).toBe(1);
    now += 1;
    await expect(dns.resolve('_dmarc.small-firm.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(upstream.count('TXT _dmarc.small-firm.test')).toBe(2);
  });

  it('SERVFAIL is kept only 5 s: a DNS that failed is asked again soon', async () => {
    const dns = cache();
    upstream.answers.set('TXT _dmarc.broken.test', { code: 'ESERVFAIL' });
    await expect(dns.resolve('_dmarc.broken.test', 'TXT')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    now += 4_999;
    await expect(dns.resolve('_dmarc.broken.test', 'TXT')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    expect(upstream.count('TXT _dmarc.broken.test')).toBe(1);
    now += 1;
    upstream.answers.set('TXT _dmarc.broken.test', { records: [['v=DMARC1; p=none']] });
    await expect(dns.resolve('_dmarc.broken.test', 'TXT')).resolves.toEqual([['v=DMARC1; p=none']]);
    expect(upstream.count('TXT _dmarc.broken.test')).toBe(2);
  });

  it('an upstream that never answers is a timeout (ETIMEOUT) after queryTimeoutMs, kept as a failure', async () => {
    const dns = cache({ queryTimeoutMs: 30 });
    upstream.held = true;
    await expect(dns.resolve('_dmarc.slow.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    await expect(dns.resolve('_dmarc.slow.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(upstream.count('TXT _dmarc.slow.test')).toBe(1);
    now += 5_000;
    upstream.release();
    await expect(dns.resolve('_dmarc.slow.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(upstream.count('TXT _dmarc.slow.test')).toBe(2);
  });

  it('concurrent identical questions share one upstream query', async () => {
    const dns = cache();
    upstream.held = true;
    const answers = Promise.all(Array.from({ length: 5 }, () => dns.resolve('_dmarc.corp-a.test', 'TXT')));
    const failures = Promise.allSettled(Array.from({ length: 5 }, () => dns.resolve('_dmarc.small-firm.test', 'TXT')));
    await new Promise((resolve) => setImmediate(resolve));
    upstream.release();
    expect(await answers).toEqual(Array.from({ length: 5 }, () => [['v=DMARC1; p=reject']]));
    expect((await failures).map((row) => row.status === 'rejected' && (row.reason as { code: string }).code)).toEqual(Array(5).fill('ENOTFOUND'));
    expect(upstream.asked).toEqual(['TXT _dmarc.corp-a.test', 'TXT _dmarc.small-firm.test']);
  });

  it('holds at most maxEntries questions, dropping the least recently used', async () => {
    const dns = cache({ maxEntries: 3 });
    for (const name of ['a.test', 'b.test', 'c.test']) await dns.resolve(name, 'TXT').catch(() => undefined);
    await dns.resolve('a.test', 'TXT').catch(() => undefined); // a is now the most recent, b the least
    await dns.resolve('d.test', 'TXT').catch(() => undefined);
    expect(dns.size).toBe(3);
    await dns.resolve('a.test', 'TXT').catch(() => undefined);
    await dns.resolve('c.test', 'TXT').catch(() => undefined);
    expect(upstream.count('TXT a.test')).toBe(1);
    expect(upstream.count('TXT c.test')).toBe(1);
    await dns.resolve('b.test', 'TXT').catch(() => undefined);
    expect(upstream.count('TXT b.test')).toBe(2);
    expect(dns.size).toBe(3);
  });

  it('every caller gets its own records and error: mailauth sorts MX lists in place and writes onto errors', async () => {
    const dns = cache();
    upstream.answers.set('MX corp-a.test', { records: [{ exchange: 'mx2.corp-a.test', priority: 20 }, { exchange: 'mx1.corp-a.test', priority: 10 }] });
    const first = (await dns.resolve('corp-a.test', 'MX')) as { exchange: string; priority: number }[];
    first.sort((a, b) => a.priority - b.priority);
    first[0].exchange = 'changed';
    await expect(dns.resolve('corp-a.test', 'MX')).resolves.toEqual([{ exchange: 'mx2.corp-a.test', priority: 20 }, { exchange: 'mx1.corp-a.test', priority: 10 }]);

    const error = await dns.resolve('_dmarc.small-firm.test', 'TXT').catch((e: Error & { spfResult?: unknown }) => e);
    (error as { spfResult?: unknown }).spfResult = { error: 'permerror' };
    const again = await dns.resolve('_dmarc.small-firm.test', 'TXT').catch((e: Error) => e);
    expect(again).not.toBe(error);
    expect(again).toBeInstanceOf(Error);
    expect(again).toMatchObject({ code: 'ENOTFOUND', message: (error as Error).message });
    expect(again).not.toHaveProperty('spfResult');
  });

  it('mailauth served from the cache decides as it did from the DNS: a second message of the same domain asks nothing', async () => {
    const fake = new FakeDns();
    const resolver = new DnsCache(sourceOf(fake.resolver)).resolve;
    const verifier = new SenderVerifier({ mode: 'dns', lenient: false, withoutDmarc: 'hold', timeoutMs: 2000 }, resolver);
    fake.dmarc('corp-a.test', 'reject');
    const from = (id: string, address: string) => plainMail({ from: address, subject: 'x', id });

    // corp-a.test: p=reject, unsigned → fail; small-firm.test: no DMARC (ENOTFOUND through the cache) → none, proceeds.
    await expect(verifier.verify(from('1@corp-a.test', 'alice@corp-a.test'), 'alice@corp-a.test')).resolves.toMatchObject({ action: 'hold', dmarc: 'fail' });
    await expect(verifier.verify(from('1@small-firm.test', 'bob@small-firm.test'), 'bob@small-firm.test')).resolves.toMatchObject({ action: 'proceed', dmarc: 'none' });
    const asked = fake.asked.length;
    expect(asked).toBeGreaterThan(0);
    await expect(verifier.verify(from('2@corp-a.test', 'carol@corp-a.test'), 'carol@corp-a.test')).resolves.toMatchObject({ action: 'hold', dmarc: 'fail' });
    await expect(verifier.verify(from('2@small-firm.test', 'dan@small-firm.test'), 'dan@small-firm.test')).resolves.toMatchObject({ action: 'proceed', dmarc: 'none' });
    expect(fake.asked.length).toBe(asked);
  });
});
