import { Resolver } from 'node:dns';
import { dkimVerify, dmarc, spf } from 'mailauth';
import type { DKIMResult, SPFResult } from 'mailauth';
import type { InboundReasonParams, SenderFinding, SenderFindingCode } from '@pidtrymka/contracts';
import { parseReceived } from 'mailauth/lib/parse-received';
import { DnsCache } from './dns-cache';
import type { DnsResolver, DnsSource } from './dns-cache';

/**
 * 12.8 forged senders: is an e-mail really from the address in its From?
 *
 * Anyone can write a participant's address in From; with the request's
 * `[#ID]` such a message used to join the participant's request. Here the
 * From domain's own word decides, as DMARC (RFC 7489) defines it, either
 * checked by us (`dns`: DKIM and DMARC, SPF when our MX's Received header
 * gives the envelope) or read from the one Authentication-Results header our
 * receiving server wrote (`authserv`). The policy, in order:
 *
 * - more than one From address, or From read differently than the parser
 *   that decides the request reads it: held (the classic way to make DMARC
 *   check one address while the help desk sees another);
 * - DMARC `pass`: proceeds; DMARC `fail`, whatever the domain's `p=`: held
 *   with the reason, never joined to a request nor creating one;
 * - no DMARC record (most small senders): proceeds, unless a DKIM signature
 *   of the From domain itself, or SPF for it, fails (then held, per
 *   MAIL_IN_VERIFY_WITHOUT_DMARC);
 * - DMARC `temperror`/`permerror` (a DNS that cannot answer): held, except
 *   in `auto`, where it proceeds flagged: an offline `npm start` has no DNS;
 * - the check running past its time budget: held in every mode, so a sender
 *   whose own DNS is slow gains nothing by it.
 */

/** The shape of `dns.promises.resolve`: what mailauth asks and what tests fake. */
export type { DnsResolver };

/** Nest token for the resolver; tests provide a fake one, nothing reaches the network. */
export const DNS_RESOLVER = Symbol('DNS_RESOLVER');

export interface SenderVerificationSettings {
  mode: 'dns' | 'authserv' | 'off';
  /** A DNS that cannot answer lets the message through (flagged) instead of holding it. */
  lenient: boolean;
  authservId?: string;
  receivedBy?: string;
  withoutDmarc: 'hold' | 'proceed';
  timeoutMs: number;
}

export interface SenderVerdict {
  action: 'proceed' | 'hold';
  method: 'dns' | 'authserv' | 'off';
  /** The DMARC result the decision rests on: pass, fail, none, temperror, permerror, or `skipped`. */
  dmarc: string;
  /** Why, as a code with its parameters (SENDER_FINDING_CODES), worded in the reader's language when shown (issue 17). */
  finding: SenderFinding;
}

/** A finding without the parameters that do not apply (absent, null, empty). */
export function finding(code: SenderFindingCode, params: Record<string, string | number | null | undefined> = {}): SenderFinding {
  const kept: InboundReasonParams = {};
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') kept[key] = value;
  return { code, params: kept };
}

/** Why SPF was not checked, the From domain's own failure, whose headers: what `decide` adds to any finding. */
type Facts = Record<string, string | number | null | undefined>;

const HEADER_BLOCK_BYTES = 256 * 1024;
/**
 * mailauth's DKIM-Signature parsing is quadratic in a signature's blanks (20 KB: 1 s;
 * 200 KB: minutes, all synchronous, so no timer can stop it). Real signatures are under
 * 2 KB and real mail carries a few.
 */
const MAX_SIGNATURE_BYTES = 4 * 1024;
const MAX_SIGNATURES = 5;
/** Enough for the hops of real mail; past it, headers are an attacker's padding. */
const MAX_RECEIVED = 30;
const MAX_HEADER_LINE = 8 * 1024;

export class SenderVerifier {
  private readonly resolve: DnsResolver;

  constructor(
    private readonly settings: SenderVerificationSettings,
    resolver?: DnsResolver,
  ) {
    // An injected resolver (tests, fakes) is asked as it is; the system's DNS goes through the cache (issue 14).
    this.resolve = resolver ?? new DnsCache(systemSource(this.perQueryMs()), { queryTimeoutMs: this.perQueryMs() }).resolve;
  }

  /** Never rejects and never takes longer than the budget (plus a timer's slack). */
  async verify(raw: Buffer, fromAddress: string): Promise<SenderVerdict> {
    const method = this.settings.mode;
    if (method === 'off') return { action: 'proceed', method, dmarc: 'skipped', finding: finding('off') };
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<SenderVerdict>((resolve) => {
      timer = setTimeout(
        () => resolve({ action: 'hold', method, dmarc: 'temperror', finding: finding('timeout', { ms: this.settings.timeoutMs }) }),
        this.settings.timeoutMs,
      );
    });
    const work = (method === 'authserv' ? this.fromAuthservHeader(raw, fromAddress) : this.fromDns(raw, fromAddress)).catch(
      (error: Error): SenderVerdict => this.unknown(method, 'temperror', finding('check-error', { error: error.message || String(error) })),
    );
    try {
      return await Promise.race([work, budget]);
    } finally {
      clearTimeout(timer);
    }
  }

  private perQueryMs(): number {
    // A few queries in a row (DKIM key, _dmarc of the domain and of its organisation) must fit in the budget.
    return Math.max(50, Math.floor(this.settings.timeoutMs / 4));
  }

  /** `dns`: DKIM and DMARC by mailauth, SPF only with an envelope we can trust. */
  private async fromDns(raw: Buffer, fromAddress: string): Promise<SenderVerdict> {
    const resolver = boundedResolver(this.resolve, this.perQueryMs());
    const dkim = await dkimVerify(forMailauth(raw), { resolver: resolver as never });
    const froms = dkim.headerFrom ?? [];
    const mismatch = this.fromMismatch('dns', froms, fromAddress);
    if (mismatch) return mismatch;

    const envelope = this.settings.receivedBy ? envelopeFrom(dkim.headers?.parsed ?? [], this.settings.receivedBy, dkim.envelopeFrom) : null;
    const spfResult: SPFResult | null = envelope ? await spf({ ...envelope, mta: this.settings.receivedBy, resolver: resolver as never }) : null;
    const spfNote: Facts = envelope ? {} : this.settings.receivedBy ? { spf: 'no-received', receivedBy: this.settings.receivedBy } : { spf: 'no-envelope' };
    const signatures: DKIMResult[] = dkim.results ?? [];
    const result = (await dmarc({
      headerFrom: froms,
      fromFields: dkim.fromFields,
      spfDomains: spfResult?.status.result === 'pass' && spfResult.domain ? [spfResult.domain] : [],
      // As mailauth's own authenticate() passes them: DMARC aligns each signing domain itself.
      dkimDomains: signatures.flatMap((row) =>
        row.status.result === 'pass' && row.signingDomain ? [{ id: row.id, domain: row.signingDomain, aligned: row.status.aligned, underSized: row.status.underSized }] : [],
      ),
      resolver: resolver as never,
    }));
    if (!result) return { action: 'hold', method: 'dns', dmarc: 'permerror', finding: finding('dmarc-unevaluated') };

    const domain = domainOf(fromAddress);
    const dkimFailed = signatures.find((row) => row.status.aligned && failedSignature(row.status.result, row.status.comment));
    const spfFailed = spfResult?.status.result === 'fail' && aligned(domain, spfResult.domain);
    return this.decide('dns', result.status.result, {
      domain,
      policy: result.policy ?? result.p,
      ownFailure: dkimFailed
        ? { failure: 'dkim', failureDomain: dkimFailed.signingDomain, failureDetail: dkimFailed.status.comment || dkimFailed.status.result }
        : spfFailed
          ? { failure: 'spf', failureDomain: spfResult.domain }
          : null,
      note: spfNote,
    });
  }

  /** `authserv`: only the topmost Authentication-Results our own server wrote; anything below it came with the message. */
  private async fromAuthservHeader(raw: Buffer, fromAddress: string): Promise<SenderVerdict> {
    const id = (this.settings.authservId ?? '').toLowerCase();
    const headers = headerBlock(raw);
    const mismatch = this.fromMismatch('authserv', fromHeaderAddresses(headers), fromAddress);
    if (mismatch) return mismatch;
    // Top to bottom; only ours is parsed in full.
    const field = headers.find((h) => h.name === 'authentication-results' && authservIdOf(h.value) === id);
    const ours = field ? parseAuthResults(field.value) : null;
    if (!ours) return { action: 'hold', method: 'authserv', dmarc: 'none', finding: finding('no-authserv', { authserv: this.settings.authservId }) };

    const domain = domainOf(fromAddress);
    const dmarcRow = ours.results.find((row) => row.method === 'dmarc');
    const claimedFrom = dmarcRow?.props['header.from']?.toLowerCase();
    if (dmarcRow && claimedFrom && claimedFrom !== domain) {
      return { action: 'hold', method: 'authserv', dmarc: dmarcRow.result, finding: finding('dmarc-other-domain', { authserv: this.settings.authservId, evaluated: claimedFrom, domain }) };
    }
    const dkimFailed = ours.results.find((row) => row.method === 'dkim' && failedSignature(row.result, row.reason ?? row.comment) && aligned(domain, row.props['header.d'] ?? domainOf(row.props['header.i'] ?? '')));
    const spfFailed = ours.results.find((row) => row.method === 'spf' && row.result === 'fail' && aligned(domain, domainOf(row.props['smtp.mailfrom'] ?? '')));
    return this.decide('authserv', dmarcRow?.result ?? 'none', {
      domain,
      policy: dmarcRow?.policy ?? null,
      ownFailure: dkimFailed
        ? { failure: 'dkim', failureDomain: dkimFailed.props['header.d'] ?? domain }
        : spfFailed
          ? { failure: 'spf', failureDomain: domainOf(spfFailed.props['smtp.mailfrom'] ?? '') }
          : null,
      note: { authserv: this.settings.authservId },
    });
  }

  private decide(method: 'dns' | 'authserv', dmarcResult: string, facts: { domain: string; policy: string | null | undefined; ownFailure: Facts | null; note: Facts }): SenderVerdict {
    const { domain, note } = facts;
    switch (dmarcResult) {
      case 'pass':
        return { action: 'proceed', method, dmarc: 'pass', finding: finding('dmarc-pass', { domain, ...note }) };
      case 'fail':
        return { action: 'hold', method, dmarc: 'fail', finding: finding('dmarc-fail', { domain, policy: facts.policy, ...note }) };
      case 'none': {
        const found = finding('no-dmarc', { domain, ...facts.ownFailure, ...note });
        return { action: facts.ownFailure && this.settings.withoutDmarc === 'hold' ? 'hold' : 'proceed', method, dmarc: 'none', finding: found };
      }
      default:
        return this.unknown(method, dmarcResult || 'permerror', finding('dmarc-error', { result: dmarcResult || 'unknown', domain, ...note }));
    }
  }

  /** DMARC could not be told: held, or in `auto` let through with the finding kept. */
  private unknown(method: 'dns' | 'authserv', dmarcResult: string, found: SenderFinding): SenderVerdict {
    return this.settings.lenient
      ? { action: 'proceed', method, dmarc: dmarcResult, finding: { ...found, params: { ...found.params, letThrough: 'auto' } } }
      : { action: 'hold', method, dmarc: dmarcResult, finding: found };
  }

  private fromMismatch(method: 'dns' | 'authserv', froms: string[], fromAddress: string): SenderVerdict | null {
    if (froms.length > 1) return { action: 'hold', method, dmarc: 'permerror', finding: finding('several-from', { count: froms.length }) };
    if (froms.length === 1 && froms[0].toLowerCase() !== fromAddress.toLowerCase()) {
      return { action: 'hold', method, dmarc: 'permerror', finding: finding('from-mismatch', { checked: froms[0], address: fromAddress }) };
    }
    return null;
  }
}

/** A key that is missing is no failure (`neutral`); one that does not verify, or a body changed after signing, is. */
function failedSignature(result: string, comment: string | false | undefined): boolean {
  return result === 'fail' || (result === 'neutral' && typeof comment === 'string' && /body hash/i.test(comment));
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(at + 1) : address).trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Relaxed alignment without a public-suffix list: the same domain or one
 * inside the other. It decides only whether a failure counts as the From
 * domain's own, never a pass.
 */
function aligned(fromDomain: string, other: string | undefined): boolean {
  const a = fromDomain.toLowerCase();
  const b = (other ?? '').toLowerCase().replace(/\.$/, '');
  return !!b && (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`));
}

/** The system's DNS, one try per query. A and AAAA come with their TTL; mailauth still gets bare addresses, as `dns.resolve` gives them. */
function systemSource(timeoutMs: number): DnsSource {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  return (name, rrtype) =>
    new Promise((resolve, reject) => {
      const withTtl = (error: NodeJS.ErrnoException | null, records: { address: string; ttl: number }[]) =>
        error ? reject(error) : resolve({ records: records.map((record) => record.address), ttlSeconds: Math.min(...records.map((record) => record.ttl)) });
      if (rrtype === 'A') resolver.resolve4(name, { ttl: true }, withTtl);
      else if (rrtype === 'AAAA') resolver.resolve6(name, { ttl: true }, withTtl);
      else resolver.resolve(name, rrtype, (error: NodeJS.ErrnoException | null, records: unknown) => (error ? reject(error) : resolve({ records })));
    });
}

/**
 * The message as mailauth may read it: the topmost MAX_SIGNATURES DKIM
 * signatures of at most MAX_SIGNATURE_BYTES and without `l=`, no ARC sets (ARC is not used),
 * every other byte as it came, so the signatures kept verify as they would.
 * Dropping a signature can only take a pass away, never give one.
 */
export function forMailauth(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 2 : lf >= 0 ? lf + 1 : text.length;
  const kept: string[] = [];
  let signatures = 0;
  let changed = false;
  let start = 0;
  while (start < end) {
    // A field runs to the next line that does not start with a blank.
    let next = text.indexOf('\n', start);
    while (next >= 0 && next + 1 < end && (text[next + 1] === ' ' || text[next + 1] === '\t')) next = text.indexOf('\n', next + 1);
    const stop = next < 0 || next >= end ? end : next + 1;
    const field = text.slice(start, stop);
    const name = field.slice(0, Math.max(0, field.indexOf(':'))).trim().toLowerCase();
    const drop = name.startsWith('arc-') || (name === 'dkim-signature' && (++signatures > MAX_SIGNATURES || field.length > MAX_SIGNATURE_BYTES || hasBodyLength(field)));
    if (drop) changed = true;
    else kept.push(field);
    start = stop;
  }
  return changed ? Buffer.concat([Buffer.from(kept.join(''), 'latin1'), raw.subarray(end)]) : raw;
}

/**
 * A signature with `l=` covers only the first bytes of the body, so anyone can
 * append their own text to a genuinely signed message (and mailauth prints to
 * stdout, the answer of mail:pipe, when the length differs): it counts as none.
 */
function hasBodyLength(field: string): boolean {
  const value = field.slice(field.indexOf(':') + 1);
  return value.split(';').some((tag) => {
    const eq = tag.indexOf('=');
    return eq > 0 && tag.slice(0, eq).trim() === 'l';
  });
}

/** Each query answers within its own time (as a DNS timeout, which mailauth reads as temperror), and each name is asked once. */
export function boundedResolver(base: DnsResolver, perQueryMs: number): DnsResolver {
  const asked = new Map<string, Promise<unknown>>();
  return (name, rrtype) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    let answer = asked.get(key);
    if (!answer) {
      answer = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(Object.assign(new Error(`DNS query for ${name} timed out`), { code: 'ETIMEOUT' })), perQueryMs);
        Promise.resolve()
          .then(() => base(name, rrtype))
          .then(resolve, reject)
          .finally(() => clearTimeout(timer));
      });
      asked.set(key, answer);
    }
    return answer;
  };
}

/**
 * SPF needs the SMTP envelope, which only our own MX saw: its Received
 * header (the topmost one it wrote, since lower ones came with the message)
 * gives the client's IP and HELO, and Return-Path the MAIL FROM.
 */
function envelopeFrom(headers: { key: string; line: Buffer | string }[], receivedBy: string, returnPath: string | false): { ip: string; helo?: string; sender?: string } | null {
  const by = receivedBy.toLowerCase();
  const received = headers.filter((h) => h.key === 'received').slice(0, MAX_RECEIVED);
  for (const header of received) {
    if (header.line.length > MAX_HEADER_LINE) continue;
    const parsed = parseReceived(header.line);
    if (parsed.by?.value?.toLowerCase() !== by) continue;
    const ip = bracketed(parsed.from?.comment) ?? bracketed(parsed.from?.value);
    if (!ip) return null;
    const helo = parsed.from?.value && !parsed.from.value.startsWith('[') ? parsed.from.value : undefined;
    const envelopeSender = parsed['envelope-from']?.value?.replace(/[<>]/g, '').trim();
    return { ip, helo, sender: envelopeSender || (returnPath ? returnPath : undefined) };
  }
  return null;
}

function bracketed(text: string | undefined): string | null {
  if (!text) return null;
  const start = text.indexOf('[');
  const end = start >= 0 ? text.indexOf(']', start) : -1;
  return start >= 0 && end > start ? text.slice(start + 1, end).replace(/^IPv6:/i, '') : null;
}

interface HeaderField {
  name: string;
  value: string;
}

/** The header block, unfolded, top to bottom, in one pass. */
export function headerBlock(raw: Buffer): HeaderField[] {
  const text = raw.subarray(0, HEADER_BLOCK_BYTES).toString('latin1');
  const fields: HeaderField[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && fields.length > 0) {
      const last = fields[fields.length - 1];
      if (last.value.length < MAX_HEADER_LINE) last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

/** Every address in every From header: more than one is a message that can be read two ways. */
function fromHeaderAddresses(headers: HeaderField[]): string[] {
  const addresses: string[] = [];
  for (const header of headers) {
    if (header.name !== 'from') continue;
    for (const part of splitOutsideQuotes(stripComments(header.value), ',')) {
      const open = part.lastIndexOf('<');
      const close = open >= 0 ? part.indexOf('>', open) : -1;
      const address = (open >= 0 && close > open ? part.slice(open + 1, close) : part).trim();
      if (address.includes('@')) addresses.push(address);
    }
  }
  return addresses;
}

export interface AuthResult {
  method: string;
  result: string;
  reason: string | undefined;
  /** The comments' text, where servers say why (`body hash did not verify`). */
  comment: string;
  /** A `p=` from the comment, as servers write `dmarc=fail (p=reject …)`. */
  policy: string | null;
  props: Record<string, string>;
}

/** RFC 8601 `Authentication-Results`, parsed by one pass over the value (no regular expression over sender text). */
export function parseAuthResults(value: string): { authservId: string; results: AuthResult[] } | null {
  // Real servers write a few hundred characters; the rest of a longer one is padding.
  const segments = splitOutsideQuotes(value.slice(0, MAX_HEADER_LINE), ';');
  const head = tokens(stripComments(segments[0] ?? ''), null)[0];
  if (!head || !head[0]) return null;
  const results: AuthResult[] = [];
  for (const segment of segments.slice(1)) {
    const comments = commentsOf(segment);
    const words = tokens(stripComments(segment), null)[0] ?? [];
    const pairs = pairsOf(words);
    if (pairs.length === 0) continue;
    const [method, result] = pairs[0];
    const props: Record<string, string> = {};
    let reason: string | undefined;
    for (const [key, val] of pairs.slice(1)) {
      if (key === 'reason') reason = val;
      else if (key.includes('.')) props[key.toLowerCase()] = val;
    }
    const policyAt = comments.toLowerCase().indexOf('p=');
    const policy = policyAt >= 0 ? comments.slice(policyAt + 2).split(/[\s;,)]/, 1)[0].toLowerCase() : null;
    results.push({ method: method.toLowerCase().split('/')[0], result: result.toLowerCase(), reason, comment: comments.trim(), policy: policy || null, props });
  }
  return { authservId: head[0].toLowerCase(), results };
}

/** The authserv-id alone: the first word before the first `;` outside comments and quotes, lowercased. */
function authservIdOf(value: string): string {
  const end = value.indexOf(';');
  const head = stripComments(value.slice(0, end >= 0 ? Math.min(end, MAX_HEADER_LINE) : MAX_HEADER_LINE));
  return (tokens(head, null)[0]?.[0] ?? '').toLowerCase();
}

/** `a = b c=d` as [[a, b], [c, d]]: '=' is its own token, so blanks around it do not matter. */
function pairsOf(words: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 2 < words.length; i++) {
    if (words[i] !== '=' && words[i + 1] === '=' && words[i + 2] !== '=') {
      pairs.push([words[i], words[i + 2]]);
      i += 2;
    }
  }
  return pairs;
}

/** Splits on `separator` outside quoted strings. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Removes (nested) comments, outside quoted strings. */
function stripComments(text: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (depth === 0) out += c + (text[i + 1] ?? '');
      i++;
    } else if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

/** The text inside comments, joined: where servers put `p=reject`. */
function commentsOf(text: string): string {
  let out = '';
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) {
      depth--;
      out += ' ';
    } else if (depth > 0) out += c;
  }
  return out;
}

/**
 * Words, quoted strings unquoted, '=' alone; grouped by `groupBy` (a
 * character that starts a new group outside quotes) or all in one group.
 */
function tokens(text: string, groupBy: string | null): string[][] {
  const groups: string[][] = [[]];
  let word = '';
  let quoted = false;
  let wasQuoted = false;
  const flush = () => {
    if (word || wasQuoted) groups[groups.length - 1].push(word);
    word = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') word += text[++i] ?? '';
      else if (c === '"') quoted = false;
      else word += c;
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') flush();
    else if (c === '=') {
      flush();
      groups[groups.length - 1].push('=');
    } else if (groupBy && c === groupBy) {
      flush();
      groups.push([]);
    } else word += c;
  }
  flush();
  return groups;
}
