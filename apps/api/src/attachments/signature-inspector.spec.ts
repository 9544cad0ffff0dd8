import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignatureReport, SignerReport } from '@pidtrymka/contracts';
import type { AttachmentInspector, InspectedFile } from '@pidtrymka/plugin-sdk';
import { createServer } from 'node:net';
import { makeSignatureFixtures, RevocationResponder, SIGNATURE_INSPECTOR_PACKAGE, SignatureFixtures, startRevocationResponder } from '../testing/signature-fixtures';

// Issue 20: the e-signature inspector on its own, over files the test signs itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plugin package, loaded by its path as PLUGINS would.
const { SignatureInspector } = require(SIGNATURE_INSPECTOR_PACKAGE) as { SignatureInspector: new (settings: object) => AttachmentInspector };

const MB = 1024 * 1024;
const file = (filename: string, content: Buffer): InspectedFile => ({ filename, contentType: 'application/octet-stream', size: content.length, read: async () => content });

describe('signature inspector (issue 20)', () => {
  let fixtures: SignatureFixtures;
  let dir: string;
  let inspector: AttachmentInspector;

  beforeAll(async () => {
    fixtures = await makeSignatureFixtures();
    dir = await mkdtemp(join(tmpdir(), 'kep-'));
    await writeFile(join(dir, 'CACertificates.p7b'), fixtures.trustList);
    inspector = new SignatureInspector({ trustList: join(dir, 'CACertificates.p7b'), maxBytes: 64 * MB, workerMemoryMb: 256, revocation: 'off' });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const inspect = async (filename: string, content: Buffer, siblings: InspectedFile[] = [], on: AttachmentInspector = inspector) => {
    const result = await on.inspect({ file: file(filename, content), siblings, signal: new AbortController().signal });
    expect(result?.kind).toBe('signatures');
    return result!.report as SignatureReport;
  };
  const only = (report: SignatureReport): SignerReport => {
    expect(report.signers).toHaveLength(1);
    return report.signers[0];
  };

  it('accepts .p7s and .asice files only', () => {
    expect(inspector.accepts({ filename: 'a.pdf.p7s', contentType: '', size: 1 })).toBe(true);
    expect(inspector.accepts({ filename: 'a.ASICE', contentType: '', size: 1 })).toBe(true);
    expect(inspector.accepts({ filename: 'a.pdf', contentType: '', size: 1 })).toBe(false);
  });

  it('reads the signer of an attached RSA signature and verifies it, its certificate and chain', async () => {
    const report = await inspect('dogovir.pdf.p7s', fixtures.rsaAttached);
    expect(report.format).toBe('cades-attached');
    expect(only(report)).toMatchObject({
      name: 'Іваненко Іван Іванович',
      shortName: 'Іваненко І. І.',
      title: 'Директор',
      organisation: 'ТОВ «Хвиля»',
      edrpou: '12345678',
      rnokppMasked: '********90',
      issuer: 'Тестовий КНЕДП',
      serial: '1001',
      signingTime: fixtures.signingTime.replace(/\.\d+Z$/, '.000Z'),
      signingTimeSource: 'signed_attribute',
      algorithm: 'RSA PKCS#1 v1.5 SHA-256',
      signature: { outcome: 'pass' },
      documentMatches: null,
      certificateValidAtSigningTime: { outcome: 'pass' },
      chainTrusted: { outcome: 'pass' },
      revocation: { outcome: 'not_checked', reason: 'revocation_off' },
    });
  });

  it('verifies ECDSA P-256, reading the ЄДРПОУ from the Ukrainian subject directory attribute', async () => {
    const signer = only(await inspect('dogovir.pdf.p7s', fixtures.ecAttached));
    expect(signer).toMatchObject({ algorithm: 'ECDSA P-256 SHA-256', edrpou: '87654321', rnokppMasked: '********22', signature: { outcome: 'pass' }, chainTrusted: { outcome: 'pass' } });
  });

  it.each([
    ['RSA', 'rsaDetached'],
    ['ECDSA', 'ecDetached'],
  ] as const)('matches a detached %s signature with its document beside it, and not with a changed one', async (_, key) => {
    const matching = await inspect('dogovir.pdf.p7s', fixtures[key], [file('dogovir.pdf', fixtures.document), file('other.pdf', Buffer.from('x'))]);
    expect(matching).toMatchObject({ format: 'cades-detached', documents: ['dogovir.pdf'] });
    expect(only(matching)).toMatchObject({ signature: { outcome: 'pass' }, documentMatches: { outcome: 'pass' } });

    const changed = await inspect('dogovir.pdf.p7s', fixtures[key], [file('dogovir.pdf', Buffer.concat([fixtures.document, Buffer.from('!')]))]);
    expect(only(changed)).toMatchObject({ signature: { outcome: 'pass' }, documentMatches: { outcome: 'fail', reason: 'document_differs' } });

    const alone = await inspect('dogovir.pdf.p7s', fixtures[key]);
    expect(only(alone).documentMatches).toEqual({ outcome: 'not_checked', reason: 'document_not_found' });
  });

  it('verifies the RFC 3161 timestamp a signing time comes from, and fails one over other bytes or with a spoilt signature', async () => {
    const signer = only(await inspect('dogovir.pdf.p7s', fixtures.timestamped));
    expect(signer).toMatchObject({ signingTimeSource: 'timestamp', signingTime: fixtures.signingTime, timestamp: { outcome: 'pass' }, signature: { outcome: 'pass' } });
    expect(only(await inspect('dogovir.pdf.p7s', fixtures.timestampImprintDiffers)).timestamp).toEqual({ outcome: 'fail', reason: 'timestamp_imprint_differs' });
    expect(only(await inspect('dogovir.pdf.p7s', fixtures.timestampSignatureInvalid)).timestamp).toEqual({ outcome: 'fail', reason: 'signature_invalid' });
    // A signed signing-time attribute: no token, nothing to verify.
    expect(only(await inspect('dogovir.pdf.p7s', fixtures.rsaAttached)).timestamp).toBeNull();
  });

  it('reads a DSTU 4145 signature fully and gives no verdict it did not compute', async () => {
    const signer = only(await inspect('dogovir.pdf.p7s', fixtures.dstu));
    expect(signer).toMatchObject({
      algorithm: 'DSTU 4145 GOST 34.311',
      shortName: 'Іваненко І. І.',
      edrpou: '12345678',
      signingTimeSource: 'signed_attribute',
      signature: { outcome: 'not_checked', reason: 'algorithm_unsupported' },
      // Its certificate, made here, is RSA-signed: the chain is computed.
      chainTrusted: { outcome: 'pass' },
      certificateValidAtSigningTime: { outcome: 'pass' },
    });
  });

  it('fails an attached signature whose document was changed', async () => {
    expect(only(await inspect('dogovir.pdf.p7s', fixtures.tamperedAttached)).signature).toEqual({ outcome: 'fail', reason: 'content_differs' });
  });

  it('fails the certificate of a signature made after it expired', async () => {
    expect(only(await inspect('dogovir.pdf.p7s', fixtures.expired))).toMatchObject({ signature: { outcome: 'pass' }, certificateValidAtSigningTime: { outcome: 'fail', reason: 'expired' } });
  });

  it('fails the chain of a certificate from a CA outside the trust list, and says when there is no list', async () => {
    expect(only(await inspect('dogovir.pdf.p7s', fixtures.unknownCa))).toMatchObject({ signature: { outcome: 'pass' }, chainTrusted: { outcome: 'fail', reason: 'untrusted' } });
    const withoutList = new SignatureInspector({ trustList: '', maxBytes: 64 * MB, workerMemoryMb: 256, revocation: 'off' });
    expect(only(await inspect('dogovir.pdf.p7s', fixtures.rsaAttached, [], withoutList)).chainTrusted).toEqual({ outcome: 'not_checked', reason: 'no_trust_list' });
  });

  it('verifies an ASiC-E container through its manifest, and fails a document changed inside it', async () => {
    const report = await inspect('dogovir.asice', fixtures.asice);
    expect(report).toMatchObject({ format: 'asice', documents: ['dogovir.pdf'] });
    expect(only(report)).toMatchObject({ signature: { outcome: 'pass' }, documentMatches: { outcome: 'pass' }, chainTrusted: { outcome: 'pass' } });
    expect(only(await inspect('dogovir.asice', fixtures.asiceTampered)).documentMatches).toEqual({ outcome: 'fail', reason: 'document_differs' });
  });

  it('rejects a corrupted .p7s with a reason, and hostile ASN.1 without a crash', async () => {
    const reject = (content: Buffer) => inspector.inspect({ file: file('x.p7s', content), siblings: [], signal: new AbortController().signal });
    await expect(reject(fixtures.corrupted)).rejects.toThrow(/not DER/);
    // 200 000 nested indefinite-length SEQUENCEs; a length of 4 GB in 8 bytes; a SignedData claiming 2 GB inside.
    await expect(reject(Buffer.from(Buffer.alloc(400_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80))))).rejects.toThrow(/nesting depth/);
    await expect(reject(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xf0, 0x06, 0x09]))).rejects.toThrow(/not DER/);
    await expect(reject(Buffer.from('3013060a2a864886f70d010702a084' + '7fffffff', 'hex'))).rejects.toThrow(/not DER|SignedData/);
    await expect(inspector.inspect({ file: file('x.asice', Buffer.from('PK not really')), siblings: [], signal: new AbortController().signal })).rejects.toThrow(/zip/);
  });

  it('stops the worker when the API gives up on it', async () => {
    const abort = new AbortController();
    const pending = inspector.inspect({ file: file('dogovir.pdf.p7s', fixtures.rsaAttached), siblings: [], signal: abort.signal });
    // The worker is starting (it takes longer than this to load PKI.js): it is terminated, not waited for.
    setTimeout(() => abort.abort(), 20);
    await expect(pending).rejects.toThrow(/time-out/);
  });

  it('refuses a file above SIGNATURE_MAX_BYTES without reading it', async () => {
    const small = new SignatureInspector({ trustList: '', maxBytes: 1000, workerMemoryMb: 256, revocation: 'off' });
    const read = jest.fn();
    await expect(small.inspect({ file: { filename: 'a.p7s', contentType: '', size: 1001, read }, siblings: [], signal: new AbortController().signal })).rejects.toThrow(/SIGNATURE_MAX_BYTES/);
    expect(read).not.toHaveBeenCalled();
  });

  it('reads a 50 MB signed file within bounded time and memory, off the main thread', async () => {
    const { large } = await makeSignatureFixtures({ largeBytes: 50 * MB });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const signer = only(await inspect('big.pdf.p7s', large!));
    expect(signer.signature).toEqual({ outcome: 'pass' });
    expect(Date.now() - started).toBeLessThan(30_000);
    // Parsed in the worker: the API's own heap does not grow by the file's ASN.1 tree.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * MB);
  }, 120_000);
});

describe('signature inspector: revocation over OCSP and CRL (issue 20)', () => {
  let responder: RevocationResponder;
  let fixtures: SignatureFixtures;
  let dir: string;
  let closedPortUrl: string;

  beforeAll(async () => {
    responder = await startRevocationResponder();
    // The signers' certificates name the responder (Authority Information Access, CRL Distribution Points).
    fixtures = await makeSignatureFixtures({ revocationUrl: responder.url });
    await responder.configure(fixtures.revocationCa);
    dir = await mkdtemp(join(tmpdir(), 'kep-revocation-'));
    await writeFile(join(dir, 'CACertificates.p7b'), fixtures.trustList);
    // A port nothing listens on: the responder is down.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPortUrl = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
    await new Promise((resolve) => probe.close(resolve));
  }, 60_000);
  afterAll(async () => {
    await responder.close();
    await rm(dir, { recursive: true, force: true });
  });

  const inspectorWith = (settings: { revocation: string; ocspUrl?: string; crlUrl?: string; revocationTimeoutMs?: number }) =>
    new SignatureInspector({ trustList: join(dir, 'CACertificates.p7b'), maxBytes: 64 * MB, workerMemoryMb: 256, revocationTimeoutMs: 5000, ...settings });
  const revocationOf = async (on: AttachmentInspector, content: Buffer) => {
    const result = await on.inspect({ file: file('dogovir.pdf.p7s', content), siblings: [], signal: new AbortController().signal });
    const report = result!.report as SignatureReport;
    expect(report.signers).toHaveLength(1);
    // The rest of the report is unchanged by the revocation check.
    expect(report.signers[0].signature).toEqual({ outcome: 'pass' });
    return report.signers[0].revocation;
  };

  it('asks the OCSP responder named in the certificate: good passes', async () => {
    expect(await revocationOf(inspectorWith({ revocation: 'ocsp' }), fixtures.rsaAttached)).toMatchObject({ outcome: 'pass', source: 'ocsp' });
  });

  it('fails a signature whose certificate was revoked before the signing time, and says when', async () => {
    expect(await revocationOf(inspectorWith({ revocation: 'ocsp' }), fixtures.revokedBeforeSigning)).toEqual({
      outcome: 'fail',
      reason: 'revoked',
      source: 'ocsp',
      revokedAt: fixtures.revocationCa.revoked['1004'],
    });
  });

  it('does not pass a certificate revoked after a signing time only the signer claims (ETSI EN 319 102-1: no proof of that time)', async () => {
    expect(await revocationOf(inspectorWith({ revocation: 'ocsp' }), fixtures.revokedAfterSigning)).toEqual({
      outcome: 'not_checked',
      reason: 'revoked_after_claimed_signing_time',
      source: 'ocsp',
      revokedAt: fixtures.revocationCa.revoked['1005'],
    });
  });

  it('passes a certificate revoked after a signing time a verified timestamp proves: it was valid when the signature was made (eIDAS, ETSI EN 319 102-1)', async () => {
    expect(await revocationOf(inspectorWith({ revocation: 'ocsp' }), fixtures.revokedAfterTimestamp)).toEqual({
      outcome: 'pass',
      reason: 'revoked_after_signing',
      source: 'ocsp',
      revokedAt: fixtures.revocationCa.revoked['1006'],
    });
    // Without a trust list the issuer is not at hand (the file carries only the signer's certificate): no verdict.
    const untrusted = new SignatureInspector({ trustList: '', maxBytes: 64 * MB, workerMemoryMb: 256, revocation: 'ocsp', revocationTimeoutMs: 5000 });
    const result = await untrusted.inspect({ file: file('x.p7s', fixtures.revokedAfterTimestamp), siblings: [], signal: new AbortController().signal });
    expect((result!.report as SignatureReport).signers[0].revocation).toMatchObject({ outcome: 'not_checked', reason: 'issuer_missing' });
  });

  it('reads the CRL named in the certificate: a listed serial is revoked with its date, another is good', async () => {
    const crl = inspectorWith({ revocation: 'crl' });
    expect(await revocationOf(crl, fixtures.rsaAttached)).toMatchObject({ outcome: 'pass', source: 'crl' });
    expect(await revocationOf(crl, fixtures.revokedBeforeSigning)).toMatchObject({ outcome: 'fail', reason: 'revoked', source: 'crl' });
    expect(await revocationOf(crl, fixtures.revokedAfterSigning)).toMatchObject({ outcome: 'not_checked', reason: 'revoked_after_claimed_signing_time', source: 'crl' });
  });

  it('says "not checked" with the reason when the responder is down, slow or sends too much, never pass or fail', async () => {
    expect(await revocationOf(inspectorWith({ revocation: 'ocsp', ocspUrl: `${closedPortUrl}/ocsp` }), fixtures.revokedBeforeSigning)).toEqual({
      outcome: 'not_checked',
      reason: 'ocsp_unavailable',
      source: 'ocsp',
    });
    const started = Date.now();
    expect(await revocationOf(inspectorWith({ revocation: 'ocsp', ocspUrl: `${responder.url}/slow`, revocationTimeoutMs: 300 }), fixtures.rsaAttached)).toMatchObject({
      outcome: 'not_checked',
      reason: 'revocation_timeout',
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await revocationOf(inspectorWith({ revocation: 'ocsp', ocspUrl: `${responder.url}/huge` }), fixtures.rsaAttached)).toMatchObject({
      outcome: 'not_checked',
      reason: 'revocation_response_too_large',
    });
    expect(await revocationOf(inspectorWith({ revocation: 'crl', crlUrl: `${responder.url}/nothing-here` }), fixtures.rsaAttached)).toMatchObject({ outcome: 'not_checked', reason: 'crl_unavailable' });
  });

  it('falls back to the CRL when OCSP gives no answer (ocsp-then-crl), the settings overriding the certificate', async () => {
    const fallback = inspectorWith({ revocation: 'ocsp-then-crl', ocspUrl: `${closedPortUrl}/ocsp`, crlUrl: `${responder.url}/crl` });
    expect(await revocationOf(fallback, fixtures.revokedBeforeSigning)).toMatchObject({ outcome: 'fail', reason: 'revoked', source: 'crl' });
  });

  it('trusts an OCSP answer from a responder the issuer delegated with id-kp-OCSPSigning, not from one without it', async () => {
    const delegated = inspectorWith({ revocation: 'ocsp', ocspUrl: `${responder.url}/delegated/ocsp` });
    expect(await revocationOf(delegated, fixtures.revokedBeforeSigning)).toMatchObject({ outcome: 'fail', reason: 'revoked', source: 'ocsp' });
    const notAuthorised = inspectorWith({ revocation: 'ocsp', ocspUrl: `${responder.url}/delegated-no-eku/ocsp` });
    expect(await revocationOf(notAuthorised, fixtures.revokedBeforeSigning)).toEqual({ outcome: 'not_checked', reason: 'ocsp_signature_invalid', source: 'ocsp' });
  });

  it('does not trust an answer not signed by the certificate issuer, nor guess an issuer it does not have', async () => {
    const forgedOcsp = inspectorWith({ revocation: 'ocsp', ocspUrl: `${responder.url}/forged/ocsp` });
    expect(await revocationOf(forgedOcsp, fixtures.rsaAttached)).toEqual({ outcome: 'not_checked', reason: 'ocsp_signature_invalid', source: 'ocsp' });
    const forgedCrl = inspectorWith({ revocation: 'crl', crlUrl: `${responder.url}/forged/crl` });
    expect(await revocationOf(forgedCrl, fixtures.revokedBeforeSigning)).toEqual({ outcome: 'not_checked', reason: 'crl_signature_invalid', source: 'crl' });
    // A certificate from a CA that is neither in the file nor in the trust list.
    const stranger = inspectorWith({ revocation: 'ocsp', ocspUrl: `${responder.url}/ocsp` });
    const result = await stranger.inspect({ file: file('x.p7s', fixtures.unknownCa), siblings: [], signal: new AbortController().signal });
    expect((result!.report as SignatureReport).signers[0].revocation).toEqual({ outcome: 'not_checked', reason: 'issuer_missing' });
  });
});
