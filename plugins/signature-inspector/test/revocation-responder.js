'use strict';
// The test revocation responder (issue 20): an HTTP server on 127.0.0.1 that answers OCSP requests
// (POST /ocsp, application/ocsp-request) signed by the test CA — good, revoked or unknown by serial — and
// serves the CA's CRL (GET /crl) listing the revoked serials; under /forged/ the same, signed by another
// key. Runs in a worker thread (PKI.js is an ES module jest cannot load): it posts `{ port }`, then answers
// once sent the CA `{ configure }` (make-fixtures.js's `revocationCa`), since the fixtures name its URL and
// so are made after it listens.
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const { webcrypto } = require('node:crypto');
const asn1js = require('asn1js');
const pkijs = require('pkijs');

const DAY = 86_400_000;
let ca = null;

async function configure({ certificate, privateKey, revoked, good }) {
  const key = await webcrypto.subtle.importKey('pkcs8', privateKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  // Signs the /forged answers: the CA's name without its key.
  const { privateKey: forger } = await webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }, false, ['sign', 'verify']);
  ca = { certificate: pkijs.Certificate.fromBER(new Uint8Array(certificate)), key, forger, revoked: new Map(Object.entries(revoked).map(([serial, at]) => [serial, new Date(at)])), good: new Set(good) };
}

const hex = (integer) => Buffer.from(integer.valueBlock.valueHexView).toString('hex');

async function ocspResponse(body, key) {
  const request = pkijs.OCSPRequest.fromBER(new Uint8Array(body));
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = ca.certificate.subject;
  basic.tbsResponseData.producedAt = new Date();
  for (const { reqCert } of request.tbsRequest.requestList) {
    const serial = hex(reqCert.serialNumber);
    const revokedAt = ca.revoked.get(serial);
    const certStatus = revokedAt
      ? new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.GeneralizedTime({ valueDate: revokedAt })] })
      : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: ca.good.has(serial) ? 0 : 2 }, lenBlockLength: 1 });
    basic.tbsResponseData.responses.push(new pkijs.SingleResponse({ certID: reqCert, certStatus, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + DAY) }));
  }
  await basic.sign(key, 'SHA-256');
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
      const key = request.url.startsWith('/forged/') ? ca.forger : ca.key;
      const path = request.url.replace(/^\/forged/, '');
      if (request.method === 'POST' && path === '/ocsp') {
        response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(await ocspResponse(Buffer.concat(chunks), key));
      } else if (request.method === 'GET' && path === '/crl') {
        response.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(await crl(key));
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
