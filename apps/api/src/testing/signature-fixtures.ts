import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The signature inspector's package (issue 20), loaded by its path as PLUGINS names it until the workspace links it. */
export const SIGNATURE_INSPECTOR_PACKAGE = join(__dirname, '..', '..', '..', '..', 'plugins', 'signature-inspector');

export interface SignatureFixtures {
  document: Buffer;
  signingTime: string;
  trustList: Buffer;
  rsaAttached: Buffer;
  rsaDetached: Buffer;
  ecAttached: Buffer;
  ecDetached: Buffer;
  expired: Buffer;
  unknownCa: Buffer;
  asice: Buffer;
  /** DSTU 4145 / GOST 34.311 algorithm identifiers over an RSA certificate: read, never verified. */
  dstu: Buffer;
  asiceTampered: Buffer;
  tamperedAttached: Buffer;
  corrupted: Buffer;
  large?: Buffer;
  /** Signed by certificates revoked a day before the signing time, and 30 s after it (serials 1004, 1005). */
  revokedBeforeSigning: Buffer;
  revokedAfterSigning: Buffer;
  /** CAdES-T: the signing time from an RFC 3161 signature timestamp by a TSA of the test CA (no signingTime attribute). */
  timestamped: Buffer;
  timestampImprintDiffers: Buffer;
  timestampSignatureInvalid: Buffer;
  /** Timestamped, by a certificate revoked 30 s after the timestamp's time (serial 1006). */
  revokedAfterTimestamp: Buffer;
  /** For the test responder: the test CA's certificate and PKCS#8 key, revoked serials (hex) with their dates, good ones. */
  revocationCa: { certificate: Uint8Array; privateKey: Uint8Array; revoked: Record<string, string>; good: string[] };
}

/**
 * Makes a test CA, signers and signed files (plugins/signature-inspector/test/make-fixtures.js). PKI.js is
 * an ES module that Node requires natively but jest's CommonJS runtime cannot, so it runs in a worker thread.
 */
export function makeSignatureFixtures(options: { largeBytes?: number; revocationUrl?: string } = {}): Promise<SignatureFixtures> {
  const code = `const { parentPort, workerData } = require('node:worker_threads');
    require(workerData.path).makeFixtures(workerData.options).then((f) => parentPort.postMessage(f), (e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { path: join(SIGNATURE_INSPECTOR_PACKAGE, 'test', 'make-fixtures.js'), options } });
    worker.once('message', (message: Record<string, unknown>) => {
      void worker.terminate();
      if (typeof message.error === 'string') return reject(new Error(message.error));
      const fixtures = Object.fromEntries(Object.entries(message).map(([key, value]) => [key, value instanceof Uint8Array ? Buffer.from(value) : value]));
      resolve(fixtures as unknown as SignatureFixtures);
    });
    worker.once('error', reject);
  });
}

export interface RevocationResponder {
  /** `http://127.0.0.1:<port>`: OCSP at `/ocsp`, the CRL at `/crl`, `/slow` never answers, `/huge` is 20 MB. */
  url: string;
  /** Answers for the fixtures' test CA from now on. */
  configure(ca: SignatureFixtures['revocationCa']): Promise<void>;
  close(): Promise<void>;
}

/** The test OCSP responder and CRL server on 127.0.0.1 (plugins/signature-inspector/test/revocation-responder.js), in a worker thread. */
export function startRevocationResponder(): Promise<RevocationResponder> {
  const worker = new Worker(join(SIGNATURE_INSPECTOR_PACKAGE, 'test', 'revocation-responder.js'));
  const next = (key: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        worker.off('message', onMessage);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  return next('port').then(({ port }) => ({
    url: `http://127.0.0.1:${port as number}`,
    configure: async (ca) => {
      const configured = next('configured');
      worker.postMessage({ configure: ca });
      await configured;
    },
    close: async () => {
      await worker.terminate();
    },
  }));
}
