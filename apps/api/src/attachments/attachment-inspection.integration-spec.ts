import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignatureReport, SignerReport, StaffAttachmentView, StaffTicketView, TicketView } from '@pidtrymka/contracts';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { EventDispatcher } from '../events/event-dispatcher';
import { manualParticipant as participant } from '../testing/fixtures';
import { makeSignatureFixtures, RevocationResponder, SIGNATURE_INSPECTOR_PACKAGE, SignatureFixtures, startRevocationResponder } from '../testing/signature-fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const MISBEHAVING = join(__dirname, '../../../../tests/fixtures/attachment-inspectors-plugin.js');

jest.setTimeout(120_000);

/**
 * Issue 20 through the real API: files uploaded on the portal are inspected after the request is
 * stored, by the event dispatcher (off the request's path), and staff get each signature's fields
 * and verdicts with the request; the participant a short line per verified signature.
 */
describe('attachment inspectors and the e-signature inspector (issue 20)', () => {
  let t: TestApp;
  let dir: string;
  let fixtures: SignatureFixtures;
  let staff: TestAgent;
  let responder: RevocationResponder;

  const submit = (files: [string, Buffer][]) => {
    const form = t.http.post('/api/tickets');
    for (const [key, value] of Object.entries(participant)) form.field(key, value);
    for (const [name, content] of files) form.attach('attachments', content, name);
    return form.expect(201).then((r) => r.body.trackingId as string);
  };
  const reply = (trackingId: string, files: [string, Buffer][]) => {
    const form = t.http.post(`/api/tickets/${trackingId}/replies`).field('email', participant.email).field('message', 'Підписані файли');
    for (const [name, content] of files) form.attach('attachments', content, name);
    return form.expect(201);
  };
  const inspectAll = async () => {
    const dispatcher = t.app.get(EventDispatcher);
    for (let round = 0; round < 20 && (await dispatcher.deliverDue()) > 0; round++);
  };
  const staffView = async (trackingId: string): Promise<Map<string, StaffAttachmentView>> => {
    const { body } = await staff.get(`/api/staff/tickets/${trackingId}`).expect(200);
    return new Map((body as StaffTicketView).messages.flatMap((m) => m.attachments).map((a) => [a.filename, a]));
  };
  const signer = (attachment: StaffAttachmentView | undefined): SignerReport => {
    const inspection = attachment!.inspections.find((i) => i.inspector === 'signatures')!;
    expect(inspection).toMatchObject({ status: 'done', kind: 'signatures', error: null });
    const report = inspection.report as SignatureReport;
    expect(report.signers).toHaveLength(1);
    return report.signers[0];
  };

  beforeAll(async () => {
    // Revocation on, against the test OCSP responder and CRL the signers' certificates name.
    responder = await startRevocationResponder();
    fixtures = await makeSignatureFixtures({ revocationUrl: responder.url });
    await responder.configure(fixtures.revocationCa);
    dir = await mkdtemp(join(tmpdir(), 'kep-'));
    await writeFile(join(dir, 'CACertificates.p7b'), fixtures.trustList);
    t = await createTestApp({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SCHEDULER_ENABLED: 'false',
      PLUGINS: `${SIGNATURE_INSPECTOR_PACKAGE},${MISBEHAVING}`,
      ATTACHMENT_INSPECTORS: 'signatures,failing,stalling',
      ATTACHMENT_INSPECTION_TIMEOUT_MS: '1500',
      ATTACHMENT_MAX_COUNT: '7',
      // ASiC-E containers are accepted where an operator adds them (the default is the manual's list, R-SUB-6).
      ATTACHMENT_EXTENSIONS: 'pdf,p7s,asice',
      SIGNATURE_TRUST_LIST: join(dir, 'CACertificates.p7b'),
      SIGNATURE_REVOCATION: 'ocsp-then-crl',
      SIGNATURE_REVOCATION_TIMEOUT_MS: '1000',
    });
    staff = request.agent(t.app.getHttpServer());
    await staff.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await responder?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each verdict for the files of a new request, after the request was stored', async () => {
    const started = Date.now();
    const trackingId = await submit([
      ['dogovir.pdf', fixtures.document],
      ['dogovir.pdf.p7s', fixtures.rsaDetached],
      ['ecdsa.pdf.p7s', fixtures.ecAttached],
      ['expired.pdf.p7s', fixtures.expired],
      ['unknown.pdf.p7s', fixtures.unknownCa],
      ['tampered.pdf.p7s', fixtures.tamperedAttached],
      ['revoked.pdf.p7s', fixtures.revokedBeforeSigning],
    ]);
    // The request does not wait for any inspector, the stalling one included.
    expect(Date.now() - started).toBeLessThan(1500);
    expect([...(await staffView(trackingId)).values()].every((a) => a.inspections.length === 0)).toBe(true);

    await inspectAll();
    const files = await staffView(trackingId);
    expect(files.get('dogovir.pdf')!.inspections).toEqual([]);
    expect(signer(files.get('dogovir.pdf.p7s'))).toMatchObject({
      shortName: 'Іваненко І. І.',
      organisation: 'ТОВ «Хвиля»',
      edrpou: '12345678',
      rnokppMasked: '********90',
      algorithm: 'RSA PKCS#1 v1.5 SHA-256',
      signature: { outcome: 'pass' },
      documentMatches: { outcome: 'pass' },
      certificateValidAtSigningTime: { outcome: 'pass' },
      chainTrusted: { outcome: 'pass' },
      revocation: { outcome: 'pass', source: 'ocsp' },
    });
    expect(signer(files.get('revoked.pdf.p7s')).revocation).toEqual({ outcome: 'fail', reason: 'revoked', source: 'ocsp', revokedAt: fixtures.revocationCa.revoked['1004'] });
    expect(signer(files.get('ecdsa.pdf.p7s'))).toMatchObject({ algorithm: 'ECDSA P-256 SHA-256', edrpou: '87654321', signature: { outcome: 'pass' }, chainTrusted: { outcome: 'pass' } });
    expect(signer(files.get('expired.pdf.p7s')).certificateValidAtSigningTime).toEqual({ outcome: 'fail', reason: 'expired' });
    expect(signer(files.get('unknown.pdf.p7s')).chainTrusted).toEqual({ outcome: 'fail', reason: 'untrusted' });
    expect(signer(files.get('tampered.pdf.p7s')).signature).toEqual({ outcome: 'fail', reason: 'content_differs' });

    // A failure and a time-out are stored and shown as such.
    const inspections = files.get('dogovir.pdf.p7s')!.inspections;
    expect(inspections.find((i) => i.inspector === 'failing')).toMatchObject({ status: 'failed', error: 'inspector crashed', report: null });
    expect(inspections.find((i) => i.inspector === 'stalling')).toMatchObject({ status: 'timed_out', report: null });

    // The participant sees who signed, for the signatures that verified only.
    const { body } = await t.http.get(`/api/tickets/${trackingId}`).query({ email: participant.email }).expect(200);
    const lines = new Map((body as TicketView).messages[0].attachments.map((a) => [a.filename, a.signatures]));
    expect(lines.get('dogovir.pdf.p7s')).toEqual([{ name: 'Іваненко І. І.', organisation: 'ТОВ «Хвиля»', signedAt: fixtures.signingTime.replace(/\.\d+Z$/, '.000Z') }]);
    expect(lines.get('tampered.pdf.p7s')).toBeUndefined();
    expect(lines.get('revoked.pdf.p7s')).toBeUndefined();
    expect(lines.get('dogovir.pdf')).toBeUndefined();

    // A repeated event (delivery is at least once) inspects nothing twice.
    const before = await t.db.query(`SELECT count(*)::int AS n FROM attachment_inspections`);
    await t.db.query(`UPDATE event_deliveries SET status = 'pending', next_attempt_at = now() WHERE subscriber = 'pidtrymka:attachment-inspection'`);
    await inspectAll();
    expect(await t.db.query(`SELECT count(*)::int AS n FROM attachment_inspections`)).toEqual(before);
  });

  it('inspects the files of a reply: ASiC-E, a changed detached document, a corrupted signature', async () => {
    const trackingId = await submit([]);
    const changed = Buffer.concat([fixtures.document, Buffer.from('\n% changed')]);
    await reply(trackingId, [
      ['dogovir.asice', fixtures.asice],
      ['zminenyi.asice', fixtures.asiceTampered],
      ['akt.pdf', changed],
      ['akt.pdf.p7s', fixtures.rsaDetached],
      ['broken.p7s', fixtures.corrupted],
    ]);
    await inspectAll();
    const files = await staffView(trackingId);
    expect(signer(files.get('dogovir.asice'))).toMatchObject({ signature: { outcome: 'pass' }, documentMatches: { outcome: 'pass' } });
    expect(signer(files.get('zminenyi.asice')).documentMatches).toEqual({ outcome: 'fail', reason: 'document_differs' });
    expect(signer(files.get('akt.pdf.p7s'))).toMatchObject({ signature: { outcome: 'pass' }, documentMatches: { outcome: 'fail', reason: 'document_differs' } });
    expect(files.get('broken.p7s')!.inspections.find((i) => i.inspector === 'signatures')).toMatchObject({ status: 'failed', error: expect.stringMatching(/not DER/) });
  });

  it('shows inspections only to signed-in staff', async () => {
    const trackingId = await submit([['dogovir.pdf.p7s', fixtures.rsaAttached]]);
    await t.http.get(`/api/staff/tickets/${trackingId}`).expect(401);
  });
});
