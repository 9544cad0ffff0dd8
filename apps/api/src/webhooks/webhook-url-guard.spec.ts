import { forbiddenAddress, parseWebhookUrl, resolveWebhookAddress, WebhookUrlError } from './webhook-url-guard';

const STRICT = { allowHttp: true, allowPrivateHosts: false };
const ON_PREMISE = { allowHttp: true, allowPrivateHosts: true };

/** Resolves every name to `addresses`, as a DNS answer the attacker controls would. */
const dnsAnswering = (...addresses: string[]) => () => Promise.resolve(addresses);

async function problemOf(url: string, policy = STRICT, resolve = dnsAnswering('93.184.216.34')): Promise<string | null> {
  try {
    await resolveWebhookAddress(parseWebhookUrl(url, policy), policy, resolve);
    return null;
  } catch (error) {
    if (error instanceof WebhookUrlError) return error.problem;
    throw error;
  }
}

/** Issue 16: the SSRF guard of outbound webhooks. */
describe('webhook SSRF guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['192.0.2.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'mapped loopback'],
    ['::ffff:169.254.169.254', 'mapped metadata'],
    ['::ffff:10.0.0.1', 'mapped private'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['2002:7f00:1::', '6to4 of 127.0.0.1'],
    ['64:ff9b::7f00:1', 'NAT64 of 127.0.0.1'],
  ])('refuses %s (%s)', (address) => {
    expect(forbiddenAddress(address, false)).not.toBeNull();
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])('allows the public address %s', (address) => {
    expect(forbiddenAddress(address, false)).toBeNull();
  });

  it('WEBHOOK_ALLOW_PRIVATE_HOSTS opens loopback and private networks, never metadata, unspecified or multicast', () => {
    for (const address of ['127.0.0.1', '::1', '10.0.0.5', '192.168.0.10', '100.64.0.1', 'fc00::1', '::ffff:127.0.0.1']) expect(forbiddenAddress(address, true)).toBeNull();
    for (const address of ['169.254.169.254', '::ffff:169.254.169.254', 'fd00:ec2::254', '0.0.0.0', '::', '224.0.0.1']) expect(forbiddenAddress(address, true)).not.toBeNull();
  });

  it.each([
    ['http://2130706433/', 'decimal 127.0.0.1'],
    ['http://0177.0.0.1/', 'octal 127.0.0.1'],
    ['http://0x7f.1/', 'hex and short form'],
    ['http://127.1/', 'short form'],
    ['http://[::ffff:127.0.0.1]/', 'mapped IPv6 literal'],
    ['http://[::ffff:7f00:1]:8080/x', 'mapped IPv6 in hex'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[fc00::1]/', 'unique local'],
  ])('refuses the literal URL %s (%s) before any DNS', async (url) => {
    expect(await problemOf(url, STRICT, () => Promise.reject(new Error('no DNS for literals')))).toBe('webhook_url_forbidden_host');
  });

  it('resolves a name now and refuses it when any of its addresses is not public (a rebinding record cannot hide behind a public one)', async () => {
    expect(await problemOf('https://hooks.example.com/x', STRICT, dnsAnswering('93.184.216.34'))).toBeNull();
    expect(await problemOf('https://hooks.example.com/x', STRICT, dnsAnswering('127.0.0.1'))).toBe('webhook_url_forbidden_host');
    expect(await problemOf('https://hooks.example.com/x', STRICT, dnsAnswering('93.184.216.34', '10.0.0.1'))).toBe('webhook_url_forbidden_host');
    expect(await problemOf('https://metadata.google.internal/', ON_PREMISE, dnsAnswering('169.254.169.254'))).toBe('webhook_url_forbidden_host');
    expect(await problemOf('https://nowhere.invalid/', STRICT, () => Promise.reject(new Error('ENOTFOUND')))).toBe('webhook_url_unresolvable');
  });

  it('returns the checked address, the one the sender connects to', async () => {
    const url = parseWebhookUrl('https://hooks.example.com/x', STRICT);
    await expect(resolveWebhookAddress(url, STRICT, dnsAnswering('93.184.216.34'))).resolves.toBe('93.184.216.34');
    await expect(resolveWebhookAddress(parseWebhookUrl('http://127.0.0.1:9/', ON_PREMISE), ON_PREMISE)).resolves.toBe('127.0.0.1');
  });

  it('takes https only unless WEBHOOK_ALLOW_HTTP, and no credentials or other schemes', () => {
    const problem = (url: string, allowHttp: boolean) => {
      try {
        parseWebhookUrl(url, { allowHttp });
        return null;
      } catch (error) {
        return (error as WebhookUrlError).problem;
      }
    };
    expect(problem('https://hooks.example.com/', false)).toBeNull();
    expect(problem('http://hooks.example.com/', false)).toBe('webhook_url_scheme');
    expect(problem('http://hooks.example.com/', true)).toBeNull();
    expect(problem('ftp://hooks.example.com/', true)).toBe('webhook_url_scheme');
    expect(problem('file:///etc/passwd', true)).toBe('webhook_url_scheme');
    expect(problem('https://user:pass@hooks.example.com/', false)).toBe('webhook_url_invalid');
    expect(problem('not a url', false)).toBe('webhook_url_invalid');
  });
});
