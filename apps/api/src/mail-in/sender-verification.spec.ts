import { dkimSign } from 'mailauth';
import { AppConfig } from '../config/app-config';
import { settingsFrom } from '../config/settings';
import { dkimSigned, FakeDns, plainMail } from '../testing/fake-dns';
import { parseAuthResults, SenderVerificationSettings, SenderVerifier } from './sender-verification';

const ALICE = 'alice@corp-a.test';

function verifier(dns: FakeDns, settings: Partial<SenderVerificationSettings> = {}): SenderVerifier {
  return new SenderVerifier({ mode: 'dns', lenient: false, withoutDmarc: 'hold', timeoutMs: 2000, ...settings }, dns.resolver);
}

describe('12.8 forged senders: the sender verifier (DKIM, SPF, DMARC with an injected DNS)', () => {
  let dns: FakeDns;
  beforeEach(() => {
    dns = new FakeDns();
  });

  it('a message signed by the From domain itself (aligned DKIM) under DMARC p=reject proceeds', async () => {
    const key = dns.dmarc('corp-a.test', 'reject').dkimKey('corp-a.test');
    const raw = await dkimSigned(plainMail({ from: `Alice <${ALICE}>`, subject: '[#ABC-DEF-1234] Re: договір', id: 'ok-1@corp-a.test' }), key);
    await expect(verifier(dns).verify(raw, ALICE)).resolves.toMatchObject({ action: 'proceed', method: 'dns', dmarc: 'pass' });
    expect(dns.asked).toEqual(expect.arrayContaining(['TXT sel._domainkey.corp-a.test', 'TXT _dmarc.corp-a.test']));
  });

  it("From a participant's address but signed by the attacker's domain: DMARC fail, held with the reason", async () => {
    dns.dmarc('corp-a.test', 'reject');
    const attacker = dns.dkimKey('attacker.test');
    const raw = await dkimSigned(plainMail({ from: `Alice <${ALICE}>`, subject: '[#ABC-DEF-1234] Re: договір', id: 'forged-1@attacker.test' }), attacker);
    const verdict = await verifier(dns).verify(raw, ALICE);
    expect(verdict).toMatchObject({ action: 'hold', dmarc: 'fail' });
    // Without the envelope SPF is not checked, and the finding says so.
    expect(verdict.finding).toEqual({ code: 'dmarc-fail', params: { domain: 'corp-a.test', policy: 'reject', spf: 'no-envelope' } });
  });

  it('DMARC fail holds even under p=none: the domain did not authenticate the message', async () => {
    dns.dmarc('corp-a.test', 'none');
    const raw = plainMail({ from: ALICE, subject: 'x', id: 'forged-2@attacker.test' });
    await expect(verifier(dns).verify(raw, ALICE)).resolves.toMatchObject({ action: 'hold', dmarc: 'fail' });
  });

  it('a small sender without DMARC and without DKIM proceeds', async () => {
    const raw = plainMail({ from: 'bob@small-firm.test', subject: 'Питання', id: 'small-1@small-firm.test' });
    await expect(verifier(dns).verify(raw, 'bob@small-firm.test')).resolves.toMatchObject({ action: 'proceed', dmarc: 'none' });
  });

  it("without DMARC, a failing signature of the From domain's own is held (MAIL_IN_VERIFY_WITHOUT_DMARC=hold) or let through (proceed)", async () => {
    const key = dns.dkimKey('small-firm.test');
    const signed = await dkimSigned(plainMail({ from: 'bob@small-firm.test', subject: 'x', id: 'altered-1@small-firm.test', body: 'Оригінал' }), key);
    const altered = Buffer.from(signed.toString('utf8').replace('Оригінал', 'Підмінено'));
    const held = await verifier(dns).verify(altered, 'bob@small-firm.test');
    expect(held).toMatchObject({ action: 'hold', dmarc: 'none' });
    expect(held.finding).toEqual({ code: 'no-dmarc', params: { domain: 'small-firm.test', failure: 'dkim', failureDomain: 'small-firm.test', failureDetail: expect.stringMatching(/body hash/i), spf: 'no-envelope' } });
    await expect(verifier(dns, { withoutDmarc: 'proceed' }).verify(altered, 'bob@small-firm.test')).resolves.toMatchObject({ action: 'proceed' });
    // Unaltered, the same signature passes.
    await expect(verifier(dns).verify(signed, 'bob@small-firm.test')).resolves.toMatchObject({ action: 'proceed' });
  });

  it('SPF is checked from the Received header of our own MX (MAIL_IN_RECEIVED_BY), never from one below it', async () => {
    dns.dmarc('corp-a.test', 'reject');
    dns.txt.set('corp-a.test', ['v=spf1 ip4:198.51.100.7 -all']);
    const received = (ip: string, by: string) => `Received: from mail.corp-a.test (mail.corp-a.test [${ip}])\r\n\tby ${by} (Postfix) with ESMTPS id 1A; Fri, 27 Nov 2026 10:00:00 +0000`;
    const fromOurs = plainMail({ from: ALICE, subject: 'x', id: 'spf-1@corp-a.test', headers: ['Return-Path: <alice@corp-a.test>', received('198.51.100.7', 'mx.support.test')] });
    await expect(verifier(dns, { receivedBy: 'mx.support.test' }).verify(fromOurs, ALICE)).resolves.toMatchObject({ action: 'proceed', dmarc: 'pass' });
    // The attacker connects from elsewhere and writes a Received "by our MX" with the right IP below ours.
    const forged = plainMail({
      from: ALICE,
      subject: 'x',
      id: 'spf-2@attacker.test',
      headers: ['Return-Path: <alice@corp-a.test>', received('203.0.113.66', 'mx.support.test'), received('198.51.100.7', 'mx.support.test')],
    });
    const verdict = await verifier(dns, { receivedBy: 'mx.support.test' }).verify(forged, ALICE);
    expect(verdict).toMatchObject({ action: 'hold', dmarc: 'fail' });
    expect(verdict.finding.params).not.toHaveProperty('spf');
  });

  it('a message with two From addresses is held: DMARC would check one, the help desk read the other', async () => {
    const key = dns.dmarc('corp-a.test', 'reject').dkimKey('attacker.test');
    const raw = await dkimSigned(plainMail({ from: `${ALICE}, eve@attacker.test`, subject: 'x', id: 'two-from@attacker.test' }), key);
    await expect(verifier(dns).verify(raw, ALICE)).resolves.toMatchObject({ action: 'hold', finding: { code: 'several-from', params: { count: 2 } } });
  });

  it('a DNS that cannot be reached: held when verification is explicit (dns), let through flagged in auto', async () => {
    dns.failWith = 'ECONNREFUSED';
    const raw = plainMail({ from: ALICE, subject: 'x', id: 'offline-1@corp-a.test' });
    await expect(verifier(dns).verify(raw, ALICE)).resolves.toMatchObject({ action: 'hold', dmarc: 'temperror' });
    const lenient = await verifier(dns, { lenient: true }).verify(raw, ALICE);
    expect(lenient).toMatchObject({ action: 'proceed', dmarc: 'temperror' });
    expect(lenient.finding).toEqual({ code: 'dmarc-error', params: { result: 'temperror', domain: 'corp-a.test', spf: 'no-envelope', letThrough: 'auto' } });
  });

  it("a slow DNS of the attacker's own domain changes nothing: the From domain's DMARC still decides", async () => {
    dns.dmarc('corp-a.test', 'reject');
    const attacker = dns.dkimKey('attacker.test');
    dns.hang.add('attacker.test');
    const raw = await dkimSigned(plainMail({ from: ALICE, subject: 'x', id: 'slow-1@attacker.test' }), attacker);
    const started = Date.now();
    await expect(verifier(dns, { lenient: true }).verify(raw, ALICE)).resolves.toMatchObject({ action: 'hold', dmarc: 'fail' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('never stalls: a DNS that never answers and 30 signatures end within the budget, held even in auto', async () => {
    dns.hang.add('corp-a.test');
    let raw = plainMail({ from: ALICE, subject: 'x', id: 'stall-1@attacker.test' });
    const first = dns.dkimKey('d.attacker.test', 's');
    for (let i = 0; i < 30; i++) {
      const key = dns.sameKey(first, `d${i}.attacker.test`);
      dns.hang.add(`d${i}.attacker.test`);
      raw = await dkimSigned(raw, key);
    }
    const started = Date.now();
    const verdict = await verifier(dns, { lenient: true, timeoutMs: 800 }).verify(raw, ALICE);
    const took = Date.now() - started;
    expect(verdict).toMatchObject({ action: 'hold', finding: { code: 'timeout', params: { ms: 800 } } });
    expect(took).toBeGreaterThanOrEqual(790);
    // Timers slip on a loaded machine; what matters is that 30 hanging look-ups (30 × 200 ms) did not all run.
    expect(took).toBeLessThan(2500);
  });

  it('runs in bounded time over adversarial sizes: 1 MB of blanks in the body and a 60,000-character From', async () => {
    dns.dmarc('corp-a.test', 'reject');
    const key = dns.dkimKey('corp-a.test');
    const body = `Hello${' '.repeat(1_000_000)}x`;
    const raw = await dkimSigned(plainMail({ from: `${'a'.repeat(60_000)} <${ALICE}>`, subject: 'x', id: 'big-1@corp-a.test', body }), key);
    const started = Date.now();
    await expect(verifier(dns, { timeoutMs: 60_000 }).verify(raw, ALICE)).resolves.toMatchObject({ action: 'proceed', dmarc: 'pass' });
    // About 100 ms idle; loose for a shared machine, where a quadratic pass over 1 MB would take minutes.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("does not hand mailauth what makes its parsing quadratic: a DKIM-Signature with 200 KB of blanks, 50 signatures, a huge ARC set", async () => {
    dns.dmarc('corp-a.test', 'reject');
    const key = dns.dkimKey('corp-a.test');
    const junk = [
      `DKIM-Signature: v=1; a=rsa-sha256; d=attacker.test; s=${' '.repeat(200_000)}x; b=AAAA; bh=AAAA`,
      ...Array.from({ length: 50 }, (_, i) => `DKIM-Signature: v=1; a=rsa-sha256; d=d${i}.attacker.test; s=s; b=AAAA; bh=AAAA`),
      `ARC-Seal: i=1; a=rsa-sha256; d=attacker.test; s=${' '.repeat(200_000)}x; b=AAAA`,
    ];
    // The junk goes below the real signature, as if the sender had written it: what we keep still verifies.
    const raw = await dkimSigned(plainMail({ from: ALICE, subject: 'x', id: 'junk-1@corp-a.test', headers: junk }), key);
    const started = Date.now();
    await expect(verifier(dns, { timeoutMs: 60_000 }).verify(raw, ALICE)).resolves.toMatchObject({ action: 'proceed', dmarc: 'pass' });
    // Minutes before (all of it synchronous, past any timer); well under a second idle now.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a signature with l= (the body past that length is not signed) does not vouch: Alice's signed text with the attacker's appended", async () => {
    dns.dmarc('corp-a.test', 'reject');
    const key = dns.dkimKey('corp-a.test');
    const original = plainMail({ from: ALICE, subject: '[#ABC-DEF-1234] Re: договір', id: 'l-1@corp-a.test', body: 'Дякую.' });
    const { signatures } = await dkimSign(original, { canonicalization: 'relaxed/relaxed', signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey, maxBodyLength: 12 }] } as never);
    expect(signatures).toMatch(/\bl=/);
    const appended = Buffer.concat([Buffer.from(signatures), original, Buffer.from('\r\nНові реквізити для оплати: UA00 0000 0000\r\n')]);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(verifier(dns).verify(appended, ALICE)).resolves.toMatchObject({ action: 'hold', dmarc: 'fail' });
      // Nothing reached stdout, the answer of mail:pipe.
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it('off checks nothing and asks no DNS', async () => {
    await expect(verifier(dns, { mode: 'off' }).verify(plainMail({ from: ALICE, subject: 'x', id: 'off@x' }), ALICE)).resolves.toMatchObject({ action: 'proceed', dmarc: 'skipped' });
    expect(dns.asked).toEqual([]);
  });
});

describe('12.8 forged senders: authserv mode trusts only the topmost Authentication-Results of our server', () => {
  const dns = new FakeDns();
  const authserv = (settings: Partial<SenderVerificationSettings> = {}) =>
    new SenderVerifier({ mode: 'authserv', authservId: 'mx.support.test', lenient: false, withoutDmarc: 'hold', timeoutMs: 2000, ...settings }, dns.resolver);
  const ar = (id: string, results: string) => `Authentication-Results: ${id};\r\n\t${results}`;

  it('our server says dmarc=pass: proceeds, and no DNS is asked', async () => {
    const raw = plainMail({ from: ALICE, subject: 'x', id: 'as-1@corp-a.test', headers: [ar('mx.support.test', 'dkim=pass header.d=corp-a.test; spf=pass smtp.mailfrom=corp-a.test; dmarc=pass (p=REJECT) header.from=corp-a.test')] });
    await expect(authserv().verify(raw, ALICE)).resolves.toMatchObject({ action: 'proceed', method: 'authserv', dmarc: 'pass' });
    expect(dns.asked).toEqual([]);
  });

  it("a forged 'dmarc=pass' the sender put below ours is ignored: ours says fail, held", async () => {
    const raw = plainMail({
      from: ALICE,
      subject: '[#ABC-DEF-1234] Re: x',
      id: 'as-2@attacker.test',
      headers: [
        ar('mx.support.test', 'dkim=pass header.d=attacker.test; spf=pass smtp.mailfrom=attacker.test; dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=corp-a.test'),
        'Received: from mail.attacker.test by mail.attacker.test; Fri, 27 Nov 2026 09:59:00 +0000',
        ar('mx.support.test', 'dkim=pass header.d=corp-a.test; dmarc=pass header.from=corp-a.test'),
      ],
    });
    const verdict = await authserv().verify(raw, ALICE);
    expect(verdict).toMatchObject({ action: 'hold', dmarc: 'fail' });
    expect(verdict.finding).toEqual({ code: 'dmarc-fail', params: { domain: 'corp-a.test', policy: 'reject', authserv: 'mx.support.test' } });
  });

  it("the topmost header of our server saying fail is held, whatever other servers' headers above or below say", async () => {
    const raw = plainMail({
      from: ALICE,
      subject: 'x',
      id: 'as-3@attacker.test',
      headers: [ar('spamfilter.internal', 'dmarc=pass header.from=corp-a.test'), ar('MX.SUPPORT.TEST', 'dmarc = fail (p=quarantine) header.from = "corp-a.test"')],
    });
    await expect(authserv().verify(raw, ALICE)).resolves.toMatchObject({ action: 'hold', dmarc: 'fail' });
  });

  it('no header of our server (only ones the sender wrote under other names): held', async () => {
    const raw = plainMail({ from: ALICE, subject: 'x', id: 'as-4@attacker.test', headers: [ar('mx.support.test.attacker.test', 'dmarc=pass header.from=corp-a.test')] });
    await expect(authserv().verify(raw, ALICE)).resolves.toMatchObject({ action: 'hold', finding: { code: 'no-authserv', params: { authserv: 'mx.support.test' } } });
  });

  it('a DMARC result for another domain than the From address is held', async () => {
    const raw = plainMail({ from: ALICE, subject: 'x', id: 'as-5@attacker.test', headers: [ar('mx.support.test', 'dmarc=pass header.from=attacker.test')] });
    await expect(authserv().verify(raw, ALICE)).resolves.toMatchObject({ action: 'hold', finding: { code: 'dmarc-other-domain', params: { authserv: 'mx.support.test', evaluated: 'attacker.test', domain: 'corp-a.test' } } });
  });

  it('no DMARC: proceeds unless our server saw the From domain fail DKIM or SPF', async () => {
    const none = plainMail({ from: 'bob@small-firm.test', subject: 'x', id: 'as-6@small-firm.test', headers: [ar('mx.support.test', 'dkim=none; spf=none smtp.mailfrom=small-firm.test; dmarc=none header.from=small-firm.test')] });
    await expect(authserv().verify(none, 'bob@small-firm.test')).resolves.toMatchObject({ action: 'proceed', dmarc: 'none' });
    const spfFail = plainMail({ from: 'bob@small-firm.test', subject: 'x', id: 'as-7@small-firm.test', headers: [ar('mx.support.test', 'spf=fail smtp.mailfrom=bob@small-firm.test; dmarc=none header.from=small-firm.test')] });
    await expect(authserv().verify(spfFail, 'bob@small-firm.test')).resolves.toMatchObject({ action: 'hold', finding: { code: 'no-dmarc', params: { failure: 'spf', failureDomain: 'small-firm.test' } } });
    await expect(authserv({ withoutDmarc: 'proceed' }).verify(spfFail, 'bob@small-firm.test')).resolves.toMatchObject({ action: 'proceed' });
  });

  it('parses RFC 8601 values: comments, quoted strings, blanks around =, version', () => {
    expect(parseAuthResults('mx.example.com 1; (note; with semicolon) dkim=pass (good (nested) sig) header.d="ex;ample.com" ; dmarc = fail (p=reject dis=none) header.from = ex.com')).toEqual({
      authservId: 'mx.example.com',
      results: [
        { method: 'dkim', result: 'pass', reason: undefined, comment: 'good nested  sig', policy: null, props: { 'header.d': 'ex;ample.com' } },
        { method: 'dmarc', result: 'fail', reason: undefined, comment: 'p=reject dis=none', policy: 'reject', props: { 'header.from': 'ex.com' } },
      ],
    });
  });

  // Milliseconds idle (values are cut at 8 KB); the bounds are loose for a shared, loaded machine.
  it('adversarial header values (1 MB of blanks, "(", "=", quotes, ";") are parsed in bounded time', async () => {
    for (const filler of [' ', '(', '=', '"', ';']) {
      let started = Date.now();
      parseAuthResults(`mx.support.test; dmarc=${filler.repeat(1_000_000)}pass`);
      expect(Date.now() - started).toBeLessThan(500);
      // And through the whole check: a header block full of such Authentication-Results above ours.
      const padding = Array.from({ length: 20 }, () => ar('mx.support.test.example', `dmarc=${filler.repeat(8000)}pass`));
      const raw = plainMail({ from: ALICE, subject: 'x', id: 'as-big@attacker.test', headers: [...padding, ar('mx.support.test', 'dmarc=fail header.from=corp-a.test')] });
      started = Date.now();
      await expect(authserv().verify(raw, ALICE)).resolves.toMatchObject({ action: 'hold', dmarc: 'fail' });
      expect(Date.now() - started).toBeLessThan(500);
    }
  });
});

describe('12.8 forged senders: the settings', () => {
  const settings = (env: Record<string, string>) => settingsFrom(AppConfig, env).mailInVerify;

  it('auto (the default) is dns, lenient, with nothing set; authserv once MAIL_IN_AUTHSERV_ID is set', () => {
    expect(settings({})).toMatchObject({ mode: 'dns', lenient: true, authservId: undefined, receivedBy: undefined, withoutDmarc: 'hold', timeoutMs: 10_000 });
    expect(settings({ MAIL_IN_AUTHSERV_ID: ' mx.example.com ' })).toMatchObject({ mode: 'authserv', lenient: true, authservId: 'mx.example.com' });
    expect(settings({ MAIL_IN_VERIFY: 'dns' })).toMatchObject({ mode: 'dns', lenient: false });
    expect(settings({ MAIL_IN_VERIFY: 'off' })).toMatchObject({ mode: 'off' });
  });

  it('refuses what it cannot honour', () => {
    expect(() => settings({ MAIL_IN_VERIFY: 'maybe' })).toThrow(/MAIL_IN_VERIFY/);
    expect(() => settings({ MAIL_IN_VERIFY: 'authserv' })).toThrow(/needs MAIL_IN_AUTHSERV_ID/);
    expect(() => settings({ MAIL_IN_VERIFY_WITHOUT_DMARC: 'drop' })).toThrow(/MAIL_IN_VERIFY_WITHOUT_DMARC/);
    expect(() => settings({ MAIL_IN_VERIFY_TIMEOUT_MS: '5' })).toThrow(/MAIL_IN_VERIFY_TIMEOUT_MS/);
  });
});
