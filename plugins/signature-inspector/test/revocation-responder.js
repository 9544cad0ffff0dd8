'use strict';
// The test revocation responder (issue 20): an HTTP server on 127.0.0.1 that answers OCSP requests
// (POST /ocsp, application/ocsp-request) signed by the test CA — good, revoked or unknown by serial — and
// serves the CA's CRL (GET /crl) listing the revoked serials; under /forged/ the same, signed by another
// key; under /delegated/ and /delegated-no-eku/, OCSP signed by responders the CA issued with and without
// id-kp-OCSPSigning. Runs in a worker thread (PKI.js is an ES module jest cannot load): it posts
// `{ port }`, then answers once sent the CA `{ configure }` (make-fixtures.js's `revocationCa`), since the
// fixtures name its URL and so are made after it listens.
require('reflect-metadata');
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const { webcrypto } = require('node:crypto');
const asn1js = require('asn1js');
const pkijs = require('pkijs');
const x509 = require('@peculiar/x509');

x509.cryptoProvider.set(webcrypto);
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

const DAY = 86_400_000;
let ca = null;

async function configure({ certificate, privateKey, revoked, good }) {
  const key = await webcrypto.subtle.importKey('pkcs8', privateKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const caCertificate = pkijs.Certificate.fromBER(new Uint8Array(certificate));
  // The /forged answers: signed with the CA's name but another key.
  const { privateKey: forger } = await webcrypto.subtle.generateKey(RSA, false, ['sign', 'verify']);
  const signers = {
    '': { key, certificate: null, name: caCertificate.subject },
    forged: { key: forger, certificate: null, name: caCertificate.subject },
    // RFC 6960 §4.2.2.2: a responder the CA delegated (id-kp-OCSPSigning), and one it did not.
    delegated: await delegate(new x509.X509Certificate(certificate), key, '4001', true),
    'delegated-no-eku': await delegate(new x509.X509Certificate(certificate), key, '4002', false),
  };
  ca = { certificate: caCertificate, key, forger, signers, revoked: new Map(Object.entries(revoked).map(([serial, at]) => [serial, new Date(at)])), good: new Set(good) };
}

/** A responder certificate issued by the CA; with `ocspSigning`, the extended key usage that authorises it. */
async function delegate(issuer, issuerKey, serialNumber, ocspSigning) {
  const keys = await webcrypto.subtle.generateKey(RSA, false, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: `CN=OCSP responder ${serialNumber}`,
    issuer: issuer.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + DAY),
    publicKey: keys.publicKey,
    signingKey: issuerKey,
    signingAlgorithm: RSA,
    extensions: ocspSigning ? [new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.9'])] : [],
  });
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(cert.rawData));
  return { key: keys.privateKey, certificate, name: certificate.subject };
}

const hex = (integer) => Buffer.from(integer.valueBlock.valueHexView).toString('hex');

async function ocspResponse(body, signer) {
  const request = pkijs.OCSPRequest.fromBER(new Uint8Array(body));
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = signer.name;
  if (signer.certificate) basic.certs = [signer.certificate];
  basic.tbsResponseData.producedAt = new Date();
  for (const { reqCert } of request.tbsRequest.requestList) {
    const serial = hex(reqCert.serialNumber);
    const revokedAt = ca.revoked.get(serial);
    const certStatus = revokedAt
      ? new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.GeneralizedTime({ valueDate: revokedAt })] })
      : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: ca.good.has(serial) ? 0 : 2 }, lenBlockLength: 1 });
    basic.tbsResponseData.responses.push(new pkijs.SingleResponse({ certID: reqCert, certStatus, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + DAY) }));
  }
  await basic.sign(signer.key, 'SHA-256');
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({ responseType: '1.3.6.1.5.5.7.48.1.1', response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }) }),
  });
  return Buffer.from(response.toSchema().toBER());
}

async function crl(key) {
  const list = new pkijs.CertificateRevocationList({
    version: 1,
    issuer: ca.certificate.subject,
    thisUpdate: new pkijs.Time({ type: 0, value: new Date(Date.now() - 60_000) }),
    nextUpdate: new pkijs.Time({ type: 0, value: new Date(Date.now() + DAY) }),
    revokedCertificates: [...ca.revoked].map(([serial, at]) => new pkijs.RevokedCertificate({ userCertificate: new asn1js.Integer({ valueHex: Buffer.from(serial, 'hex') }), revocationDate: new pkijs.Time({ type: 0, value: at }) })),
  });
  await list.sign(key, 'SHA-256');
  return Buffer.from(list.toSchema(true).toBER());
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      if (!ca) throw new Error('not configured');
      const [, prefix, path] = /^(?:\/(forged|delegated|delegated-no-eku))?(\/.*)$/.exec(request.url);
      const signer = ca.signers[prefix ?? ''];
      if (request.method === 'POST' && path === '/ocsp') {
        response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(await ocspResponse(Buffer.concat(chunks), signer));
      } else if (request.method === 'GET' && path === '/crl') {
        response.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(await crl(signer.key));
      } else if (request.url === '/slow') {
        // Never answers: the inspector's time-out must end the wait.
      } else if (request.url === '/huge') {
        response.writeHead(200).end(Buffer.alloc(20 * 1024 * 1024, 0x30));
      } else {
        response.writeHead(404).end();
      }
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
});

parentPort.on('message', (message) => {
  if (message.configure) void configure(message.configure).then(() => parentPort.postMessage({ configured: true }));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
