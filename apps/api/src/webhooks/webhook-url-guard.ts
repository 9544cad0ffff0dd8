import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why a webhook URL is refused; each is an error code of i18n/messages.ts. */
export type WebhookUrlProblem = 'webhook_url_invalid' | 'webhook_url_scheme' | 'webhook_url_forbidden_host' | 'webhook_url_unresolvable';

export class WebhookUrlError extends Error {
  constructor(
    readonly problem: WebhookUrlProblem,
    detail: string,
  ) {
    super(detail);
  }
}

export interface WebhookUrlPolicy {
  /** WEBHOOK_ALLOW_HTTP */
  allowHttp: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_HOSTS */
  allowPrivateHosts: boolean;
}

/** Every address a host name resolves to (injected by tests). */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** Cloud instance-metadata services: credentials live there, so no setting opens them. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192', 'fd00:ec2::254']);

/** ipaddr.js ranges WEBHOOK_ALLOW_PRIVATE_HOSTS opens (an on-premise receiver); the rest (unspecified, multicast, broadcast, reserved, …) never. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'linkLocal', 'carrierGradeNat', 'uniqueLocal']);

/**
 * Why `address` may not receive a webhook, or null when it may. Only
 * public unicast is allowed by default; IPv4 inside IPv6 (mapped
 * `::ffff:a.b.c.d`, the old compatible `::a.b.c.d`) is judged as the IPv4
 * address it carries, and the IPv6 forms that route to an IPv4 address by
 * a gateway (6to4, NAT64, Teredo) are not unicast to ipaddr.js, so refused.
 */
export function forbiddenAddress(address: string, allowPrivateHosts: boolean): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (v6.parts.slice(0, 6).every((part) => part === 0) && !['unspecified', 'loopback'].includes(v6.range())) {
      parsed = ipaddr.fromByteArray(v6.toByteArray().slice(12));
    }
  }
  const normal = parsed.toString();
  if (METADATA_ADDRESSES.has(normal)) return `${address} is a cloud metadata address`;
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (allowPrivateHosts && PRIVATE_RANGES.has(range)) return null;
  return `${address} is not a public address (${range})`;
}

/**
 * The URL as the sender will use it, or a WebhookUrlError: http(s) only
 * (https unless WEBHOOK_ALLOW_HTTP), no user or password (they would travel
 * in clear to logs), and a host. The WHATWG parser has already turned
 * `http://2130706433/` and `http://0177.0.0.1/` into 127.0.0.1.
 */
export function parseWebhookUrl(raw: string, policy: Pick<WebhookUrlPolicy, 'allowHttp'>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('webhook_url_invalid', 'not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) throw new WebhookUrlError('webhook_url_scheme', `scheme ${url.protocol} not allowed`);
  if (url.username || url.password) throw new WebhookUrlError('webhook_url_invalid', 'user or password in the URL');
  if (!url.hostname) throw new WebhookUrlError('webhook_url_invalid', 'no host');
  return url;
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The one address to connect to, checked: a literal IP as it is, a name
 * resolved now (at delivery time, so a record changed after the endpoint
 * was saved is judged too). Every address the name has must pass, as the
 * system could pick any; the sender then connects to the returned address
 * itself, so a second lookup (DNS rebinding) cannot switch it.
 */
export async function resolveWebhookAddress(url: URL, policy: WebhookUrlPolicy, resolve: HostResolver = systemResolver): Promise<string> {
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new WebhookUrlError('webhook_url_unresolvable', `${host} does not resolve: ${(error as Error).message}`);
    }
    if (addresses.length === 0) throw new WebhookUrlError('webhook_url_unresolvable', `${host} has no address`);
  }
  for (const address of addresses) {
    const reason = forbiddenAddress(address, policy.allowPrivateHosts);
    if (reason) throw new WebhookUrlError('webhook_url_forbidden_host', `${host}: ${reason}`);
  }
  return addresses[0];
}
