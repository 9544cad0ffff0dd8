import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { DnsResolver } from '../mail-in/sender-verification';

/**
 * A DNS for tests of 12.8: TXT records served from a map, names it does
 * not know answer ENOTFOUND (as a real DNS answers NXDOMAIN), and names
 * marked `hang` never answer. Nothing reaches the network.
 */
export class FakeDns {
  readonly txt = new Map<string, string[]>();
  readonly hang = new Set<string>();
  /** Every query asked, `TXT name`, to show what the check looked up. */
  readonly asked: string[] = [];
  /** Set: every query fails with this code, as a DNS that cannot be reached does. */
  failWith: string | null = null;

  readonly resolver: DnsResolver = async (name, rrtype) => {
    const key = name.toLowerCase();
    this.asked.push(`${rrtype} ${key}`);
    if (this.hang.has(key) || [...this.hang].some((suffix) => key.endsWith(`.${suffix}`))) return new Promise(() => undefined);
    if (this.failWith) throw Object.assign(new Error(`query ${this.failWith} ${name}`), { code: this.failWith });
    const records = rrtype === 'TXT' ? this.txt.get(key) : undefined;
    if (!records) throw Object.assign(new Error(`query ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    // As dns.resolveTxt answers: each record as its chunks.
    return records.map((record) => [record]);
  };

  dmarc(domain: string, policy: 'none' | 'quarantine' | 'reject'): this {
    this.txt.set(`_dmarc.${domain}`, [`v=DMARC1; p=${policy}`]);
    return this;
  }

  /** A DKIM key pair for `domain`, its public half published under `selector`. */
  dkimKey(domain: string, selector = 'sel'): DkimKey {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = { domain, selector, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
    this.txt.set(`${selector}._domainkey.${domain}`, [`v=DKIM1; k=rsa; p=${key.publicKey}`]);
    return key;
  }

  /** The same key pair published for another domain (a 2048-bit key takes a while to make). */
  sameKey(key: DkimKey, domain: string): DkimKey {
    this.txt.set(`${key.selector}._domainkey.${domain}`, [`v=DKIM1; k=rsa; p=${key.publicKey}`]);
    return { ...key, domain };
  }
}

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  publicKey: string;
}

/** The message with a DKIM-Signature of `key` on top, as the sender's server adds it. */
export async function dkimSigned(raw: Buffer, key: DkimKey): Promise<Buffer> {
  const { signatures, errors } = await dkimSign(raw, {
    canonicalization: 'relaxed/relaxed',
    signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey }],
  } as never);
  if (errors.length) throw errors[0].err;
  if (!signatures.trim()) throw new Error('dkimSign made no signature');
  return Buffer.concat([Buffer.from(signatures), raw]);
}

/** A plain e-mail as the receiving server hands it over; `headers` go on top (Received, Authentication-Results…). */
export function plainMail(options: { from: string; subject: string; id: string; body?: string; headers?: string[] }): Buffer {
  return Buffer.from(
    [
      ...(options.headers ?? []),
      `From: ${options.from}`,
      'To: support@support.test',
      `Subject: ${options.subject}`,
      `Message-ID: <${options.id}>`,
      'Date: Fri, 27 Nov 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      options.body ?? 'Текст листа',
      '',
    ].join('\r\n'),
  );
}
