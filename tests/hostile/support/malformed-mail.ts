import fc from 'fast-check';

/** One generated e-mail and what kind of damage it carries. */
export interface MalformedMail {
  kind: string;
  raw: Buffer;
}

const CRLF = '\r\n';
const bin = (text: string) => Buffer.from(text, 'latin1');

/**
 * Kinds of broken or malicious e-mail, each a generator of raw bytes. `n`
 * makes every message unique (its Message-ID, sender and a token), so each
 * is recorded on its own rather than as a duplicate of another.
 */
const KINDS: Record<string, (n: number, seed: number) => Buffer> = {
  'missing boundary': (n) =>
    bin(headers(n, { 'Content-Type': 'multipart/mixed' }) + `--x${CRLF}Content-Type: text/plain${CRLF}${CRLF}body ${n}${CRLF}--x--${CRLF}`),
  'unclosed multipart': (n) =>
    bin(headers(n, { 'Content-Type': 'multipart/mixed; boundary="b1"' }) + `--b1${CRLF}Content-Type: text/plain${CRLF}${CRLF}body ${n} and then nothing`),
  'wrong boundary': (n) =>
    bin(headers(n, { 'Content-Type': 'multipart/alternative; boundary="one"' }) + `--two${CRLF}Content-Type: text/plain${CRLF}${CRLF}body ${n}${CRLF}--two--${CRLF}`),
  'garbage content type': (n, s) =>
    bin(headers(n, { 'Content-Type': ['text/', '/', ';;;;', 'multipart/mixed; boundary=', 'text/plain; charset', 'x'.repeat(5000), 'multipart/*; boundary="'][s % 7] }) + `body ${n}${CRLF}`),
  'unknown charset': (n, s) =>
    bin(headers(n, { 'Content-Type': `text/plain; charset="${['x-bogus', 'utf-7', 'utf-32', '', 'ebcdic-cp-us', 'utf-8"; charset="koi8-r', '../../etc'][s % 7]}"` }) + `\xff\xfe\x00body ${n}${CRLF}`),
  'invalid utf-8': (n) => bin(headers(n, { 'Content-Type': 'text/plain; charset=utf-8' }) + `\xc3\x28 \xa0\xa1 \xf0\x28\x8c\xbc \xed\xa0\x80 ${n}${CRLF}`),
  'bad encoded words': (n, s) =>
    bin(headers(n, {}, ['=?x-bogus?B?0J/RgNC40LLRltGC?=', '=?utf-8?B?!!!not base64?=', '=?utf-8?Q?=ZZ=0=?=', '=?utf-8?Q?=00=0D=0ABcc:_x@y.z?=', '=?koi8-r?B?', '=?utf-8?X?abc?=', '=??B??='][s % 7]) + `body ${n}${CRLF}`),
  'bad base64': (n) =>
    bin(headers(n, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': 'base64' }) + `!!!*** not base64 at all ${n} ===${CRLF}`),
  'bad quoted-printable': (n) =>
    bin(headers(n, { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'quoted-printable' }) + `=ZZ=4=${CRLF}=${CRLF}=E2=82 ${n}${CRLF}`),
  'unknown transfer encoding': (n) => bin(headers(n, { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'x-uuencode' }) + `begin 644 a${CRLF}${n}${CRLF}end${CRLF}`),
  '8-bit headers': (n) => bin(`From: \xd0\x9e\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xb0 <olena${n}@client.test>${CRLF}To: support@localhost${CRLF}Subject: \xcf\xf0\xee\xe1\xeb\xe5\xec\xe0 \xff\x00\x01${CRLF}Message-ID: <m${n}@hostile.test>${CRLF}${CRLF}body ${n}${CRLF}`),
  'nul and controls in headers': (n) => bin(`From: a\x00b <nul${n}@client.test>${CRLF}Subject: x\x00y\x07\x1b[31m${CRLF}Message-ID: <nul\x00${n}@hostile.test>${CRLF}${CRLF}body\x00 ${n}${CRLF}`),
  'no from': (n) => bin(`To: support@localhost${CRLF}Subject: no sender ${n}${CRLF}Message-ID: <m${n}@hostile.test>${CRLF}${CRLF}body ${n}${CRLF}`),
  'from without address': (n) => bin(`From: "Just a name ${n}"${CRLF}Subject: x${CRLF}Message-ID: <m${n}@hostile.test>${CRLF}${CRLF}body${CRLF}`),
  'no message-id, no date, no subject': (n) => bin(`From: bare${n}@client.test${CRLF}${CRLF}body ${n}${CRLF}`),
  'headers only': (n) => bin(`From: h${n}@client.test${CRLF}Subject: only headers${CRLF}Message-ID: <m${n}@hostile.test>${CRLF}`),
  'no headers at all': (n) => bin(`just some text ${n} with no header block${CRLF}`),
  'empty': (n) => bin(n % 2 ? '' : CRLF),
  'huge message-id': (n) => bin(`From: id${n}@client.test${CRLF}Message-ID: <${'i'.repeat(5000)}${n}@hostile.test>${CRLF}Subject: long id${CRLF}${CRLF}body${CRLF}`),
  'deeply nested multipart': (n, s) => {
    const depth = 40 + (s % 400);
    let head = '';
    let tail = '';
    for (let level = 0; level < depth; level++) {
      head += `--b${level}${CRLF}Content-Type: multipart/mixed; boundary="b${level + 1}"${CRLF}${CRLF}`;
      tail = `--b${level}--${CRLF}` + tail;
    }
    return bin(headers(n, { 'Content-Type': 'multipart/mixed; boundary="b0"' }) + head + `--b${depth}${CRLF}Content-Type: text/plain${CRLF}${CRLF}deep ${n}${CRLF}--b${depth}--${CRLF}` + tail);
  },
  'huge header': (n, s) => bin(headers(n, { 'X-Filler': 'a'.repeat(20_000 + (s % 5) * 50_000) }, `long ${'тема '.repeat(500)}`) + `body ${n}${CRLF}`),
  'many headers': (n) => bin(headers(n, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`X-H${i}`, `v${i}`]))) + `body ${n}${CRLF}`),
  'long line without breaks': (n) => bin(headers(n, { 'Content-Type': 'text/plain' }) + 'ж'.repeat(300_000) + CRLF),
  'oversized part': (n, s) => withAttachment(n, `big-${n}.zip`, Buffer.alloc((s % 2 ? 3 : 5) * 1024 * 1024, 0x50)),
  'attachment name with path': (n, s) =>
    withAttachment(n, ['../../../etc/passwd.txt', '..\\..\\windows\\system32\\evil.txt', '/etc/cron.d/job.txt', 'C:\\Users\\Public\\x.pdf', 'dir/../../a.txt', '....//....//b.txt'][s % 6], Buffer.from(`file ${n}`)),
  'attachment name with nul or controls': (n, s) => withAttachment(n, ['a\x00.txt', 'a.txt\x00.exe', '\u202Etxt.exe', 'a\r\nb.txt', '\x07bell.txt', ' .txt'][s % 6], Buffer.from(`file ${n}`)),
  'attachment name rfc 2231 with path': (n) =>
    bin(
      headers(n, { 'Content-Type': 'multipart/mixed; boundary="z"' }) +
        `--z${CRLF}Content-Type: text/plain${CRLF}${CRLF}see file${CRLF}--z${CRLF}Content-Type: text/plain${CRLF}Content-Disposition: attachment; filename*=utf-8''..%2F..%2F%D0%B7%D0%BB%D0%BE.txt${CRLF}${CRLF}x${CRLF}--z--${CRLF}`,
    ),
  'attachment content not its extension': (n) => withAttachment(n, `invoice-${n}.pdf`, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0'), Buffer.alloc(64)])),
  'attachment with bad base64': (n) =>
    bin(headers(n, { 'Content-Type': 'multipart/mixed; boundary="q"' }) + `--q${CRLF}Content-Type: text/plain${CRLF}${CRLF}hi${CRLF}--q${CRLF}Content-Type: application/pdf; name="a.pdf"${CRLF}Content-Transfer-Encoding: base64${CRLF}Content-Disposition: attachment; filename="a.pdf"${CRLF}${CRLF}%%%%not-base64%%%%${CRLF}--q--${CRLF}`),
  'html with script': (n) =>
    bin(headers(n, { 'Content-Type': 'text/html; charset=utf-8' }, '<script>alert(1)</script>') + `<html><body><script>alert(${n})</script><img src=x onerror=alert(1)><iframe src="javascript:alert(1)"></iframe>text</body></html>${CRLF}`),
  'header injection in subject': (n) => bin(headers(n, {}, `=?utf-8?Q?Hi=0D=0ABcc:_victim${n}@evil.test=0D=0A=0D=0Abody?=`) + `body ${n}${CRLF}`),
  'auto reply': (n) => bin(headers(n, { 'Auto-Submitted': 'auto-replied' }, 'Out of office') + `away ${n}${CRLF}`),
  'bounce': (n) => bin(`From: MAILER-DAEMON@client.test${CRLF}Subject: Undeliverable${CRLF}Message-ID: <m${n}@hostile.test>${CRLF}Content-Type: multipart/report; report-type=delivery-status; boundary="r"${CRLF}${CRLF}--r${CRLF}Content-Type: text/plain${CRLF}${CRLF}failed ${n}${CRLF}--r--${CRLF}`),
  'lf only and bare cr': (n) => bin(`From: lf${n}@client.test\nSubject: lf\rMessage-ID: <m${n}@hostile.test>\n\nbody\r${n}\n`),
  'random bytes': (n, s) => {
    const bytes = Buffer.alloc(200 + (s % 2000));
    let x = s + n;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    return Buffer.concat([bin(`Message-ID: <m${n}@hostile.test>${CRLF}`), bytes]);
  },
};

function headers(n: number, extra: Record<string, string>, subject = `Hostile ${n}`): string {
  const lines = [`From: Sender ${n} <sender${n}@client.test>`, 'To: support@localhost', `Subject: ${subject}`, `Message-ID: <m${n}@hostile.test>`, 'Date: Fri, 27 Nov 2026 10:00:00 +0200', 'MIME-Version: 1.0'];
  for (const [name, value] of Object.entries(extra)) lines.push(`${name}: ${value}`);
  return lines.join(CRLF) + CRLF + CRLF;
}

function withAttachment(n: number, filename: string, content: Buffer): Buffer {
  return Buffer.concat([
    bin(headers(n, { 'Content-Type': 'multipart/mixed; boundary="att"' }) + `--att${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}file attached ${n}${CRLF}--att${CRLF}`),
    bin(`Content-Type: application/octet-stream${CRLF}Content-Disposition: attachment; filename="${filename}"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}`),
    Buffer.from(content.toString('base64').replace(/.{76}/g, `$&${CRLF}`)),
    bin(`${CRLF}--att--${CRLF}`),
  ]);
}

export const MALFORMED_KINDS = Object.keys(KINDS);

/**
 * `count` e-mails, every kind in turn, each varied by fast-check from the
 * seed; the heavy kinds (5 MB parts, 300 kB lines) less often so the run
 * stays bounded.
 */
export function malformedMails(count: number, seed: number): MalformedMail[] {
  const heavy = new Set(['oversized part', 'long line without breaks', 'huge header', 'many headers']);
  const light = MALFORMED_KINDS.filter((kind) => !heavy.has(kind));
  const variations = fc.sample(fc.nat(), { seed, numRuns: count });
  return variations.map((variation, n) => {
    const kind = n % 50 === 7 ? [...heavy][(n / 50) % heavy.size | 0] : light[n % light.length];
    return { kind, raw: KINDS[kind](n, variation) };
  });
}
