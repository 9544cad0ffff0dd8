import { CachedProbe, probe, publicReason } from './probe';

describe('health probes', () => {
  it('say what kind of failure it was, never the host or the address', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:587'), { code: 'ESOCKET' });
    expect(publicReason(refused)).toBe('connection refused');
    expect(publicReason(Object.assign(new Error('Invalid login: 535 5.7.8 Authentication failed'), { code: 'EAUTH' }))).toBe('authentication failed');
    expect(publicReason(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND cms.internal'), { code: 'ENOTFOUND' }) }))).toBe('host not found');
    expect(publicReason(new Error('something odd at db.internal:5432'))).toBe('unavailable (see the log)');
  });

  it('give up after the timeout', async () => {
    const result = await probe(() => new Promise(() => undefined), 20);
    expect(result).toEqual({ up: false, reason: 'no answer within 20 ms', error: 'no answer within 20 ms' });
  });

  it('check once per TTL, and once at a time', async () => {
    let calls = 0;
    const cached = new CachedProbe(async () => void calls++, { ttlMs: 60_000, timeoutMs: 1_000 });
    await Promise.all([cached.result(), cached.result(), cached.result()]);
    await cached.result();
    expect(calls).toBe(1);
    const expiring = new CachedProbe(async () => void calls++, { ttlMs: 0, timeoutMs: 1_000 });
    await expiring.result();
    await expiring.result();
    expect(calls).toBe(3);
  });
});
