'use strict';
// Signed files made on the spot (issue 20): a test CA, signer certificates with the Ukrainian attributes,
// CAdES attached and detached with RSA and ECDSA P-256, ASiC-E, and the broken cases. Plain Node (PKI.js
// is an ES module, which Node requires natively); jest calls it through a worker thread (fixtures.ts).
require('reflect-metadata');
const { webcrypto, createHash } = require('node:crypto');
const { crc32 } = require('node:zlib');
const asn1js = require('asn1js');
const pkijs = require('pkijs');
const x509 = require('@peculiar/x509');

x509.cryptoProvider.set(webcrypto);
const subtle = webcrypto.subtle;

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

const SIGNER = { surname: 'Іваненко', givenName: 'Іван Іванович', title: 'Директор', organisation: 'ТОВ «Хвиля»', edrpou: '12345678', rnokpp: '1234567890' };

/** The Ukrainian profile's subject directory attributes: ЄДРПОУ and РНОКПП. */
function directoryAttributes(edrpou, rnokpp) {
  const attribute = (oid, value) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), new asn1js.Set({ value: [new asn1js.PrintableString({ value })] })] });
  const der = new asn1js.Sequence({ value: [attribute('1.2.804.2.1.1.1.11.1.4.2.1', edrpou), attribute('1.2.804.2.1.1.1.11.1.4.1.1', rnokpp)] }).toBER();
  return new x509.Extension('2.5.29.9', false, der);
}

async function makeCa(name) {
  const keys = await subtle.generateKey(RSA, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: [{ '2.5.4.3': [name] }, { '2.5.4.10': [name] }, { '2.5.4.6': ['UA'] }],
    notBefore: new Date(Date.now() - 3650 * DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    keys,
    signingAlgorithm: RSA,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { keys, cert };
}

async function makeSigner(ca, { algorithm, serial, notBefore, notAfter, person = SIGNER, edrpouVia = 'identifier', extensions = [] }) {
  const keys = await subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const subject = [
    { '2.5.4.3': [`${person.surname} ${person.givenName}`] },
    { '2.5.4.4': [person.surname] },
    { '2.5.4.42': [person.givenName] },
    { '2.5.4.12': [person.title] },
    { '2.5.4.10': [person.organisation] },
    ...(edrpouVia === 'identifier' ? [{ '2.5.4.97': [`NTRUA-${person.edrpou}`] }] : []),
    { '2.5.4.5': [`TINUA-${person.rnokpp}`] },
    { '2.5.4.6': ['UA'] },
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject,
    issuer: ca.cert.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: RSA,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true), directoryAttributes(person.edrpou, person.rnokpp), ...extensions],
  });
  return { keys, cert, algorithm };
}

const toPkijs = (cert) => pkijs.Certificate.fromBER(new Uint8Array(cert.rawData));

/**
 * An RFC 3161 token by `tsa` over `stamped` (a signature value), at `genTime`. `broken`: `imprint` stamps
 * other bytes; `signature` spoils the TSA's signature.
 */
async function timestampToken(tsa, stamped, genTime, broken) {
  const imprint = await subtle.digest('SHA-256', broken === 'imprint' ? Buffer.from('something else') : stamped);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: '1.2.804.2.1.1.1.2.3.1',
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1' }), hashedMessage: new asn1js.OctetString({ valueHex: imprint }) }),
    serialNumber: new asn1js.Integer({ value: 42 }),
    genTime,
  });
  const tstDer = tstInfo.toSchema().toBER();
  const certificate = toPkijs(tsa.cert);
  const token = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.9.16.1.4', eContent: new asn1js.OctetString({ valueHex: tstDer }) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.16.1.4' })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: await subtle.digest('SHA-256', tstDer) })] }),
          ],
        }),
      }),
    ],
    certificates: [certificate],
  });
  await token.sign(tsa.keys.privateKey, 0, 'SHA-256');
  if (broken === 'signature') {
    const bytes = new Uint8Array(token.signerInfos[0].signature.valueBlock.valueHexView);
    bytes[10] ^= 0x01;
    token.signerInfos[0].signature = new asn1js.OctetString({ valueHex: bytes });
  }
  return new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: token.toSchema(true) }).toSchema();
}

/**
 * CAdES-BES: contentType, messageDigest and signingTime signed; the document inside or not. `timestamp`:
 * CAdES-T instead, the time from a signature timestamp `{ tsa, genTime, broken? }`, no signingTime attribute.
 */
async function cades(signer, document, { attached, signingTime = new Date(), extraCerts = [], timestamp = null }) {
  const certificate = toPkijs(signer.cert);
  const digest = await subtle.digest('SHA-256', document);
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1', ...(attached ? { eContent: new asn1js.OctetString({ valueHex: document }) } : {}) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
            ...(timestamp ? [] : [new pkijs.Attribute({ type: '1.2.840.113549.1.9.5', values: [new asn1js.UTCTime({ valueDate: signingTime })] })]),
          ],
        }),
      }),
    ],
    certificates: [certificate, ...extraCerts.map(toPkijs)],
  });
  await signedData.sign(signer.keys.privateKey, 0, 'SHA-256', attached ? undefined : document);
  if (timestamp) {
    const signerInfo = signedData.signerInfos[0];
    const token = await timestampToken(timestamp.tsa, signerInfo.signature.valueBlock.valueHexView, timestamp.genTime, timestamp.broken);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.14', values: [token] })] });
  }
  const info = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) });
  return Buffer.from(info.toSchema().toBER());
}

/**
 * The shape of a DSTU 4145 signature (GOST 34.311 digest, DSTU 4145 signature OIDs) over a certificate
 * this test can make: no library here signs DSTU 4145, and the inspector must read it without a verdict.
 */
async function dstuShaped(signer, document, signingTime) {
  const info = pkijs.ContentInfo.fromBER(await cades(signer, document, { attached: true, signingTime }));
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signedData.signerInfos[0];
  signerInfo.digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.804.2.1.1.1.1.2.1' });
  signerInfo.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.804.2.1.1.1.1.3.1.1' });
  signerInfo.signature = new asn1js.OctetString({ valueHex: new Uint8Array(64).fill(7) });
  signedData.digestAlgorithms = [new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.804.2.1.1.1.1.2.1' })];
  return Buffer.from(new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) }).toSchema().toBER());
}

/** What an operator downloads as CACertificates.p7b: a SignedData with certificates and no signer. */
function trustList(...cas) {
  const signedData = new pkijs.SignedData({ version: 1, encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }), certificates: cas.map((ca) => toPkijs(ca.cert)) });
  return Buffer.from(new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema() }).toSchema().toBER());
}

/** A zip with stored entries, `mimetype` first, as ASiC requires. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(content) >>> 0, 14);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(content) >>> 0, 16);
    central.writeUInt32LE(content.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, content);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + content.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function asice(signer, documentName, document, { tamper = false } = {}) {
  const digest = createHash('sha256').update(document).digest('base64');
  const manifest = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">` +
      `<asic:SigReference URI="META-INF/signature001.p7s" MimeType="application/pkcs7-signature"/>` +
      `<asic:DataObjectReference URI="${documentName}"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${digest}</ds:DigestValue></asic:DataObjectReference>` +
      `</asic:ASiCManifest>`,
  );
  const signature = await cades(signer, manifest, { attached: false });
  const content = tamper ? Buffer.concat([document, Buffer.from(' changed')]) : document;
  return zip([
    ['mimetype', Buffer.from('application/vnd.etsi.asic-e+zip')],
    [documentName, content],
    ['META-INF/ASiCManifest001.xml', manifest],
    ['META-INF/signature001.p7s', signature],
  ]);
}

/** Where a provider's certificate names its OCSP responder (AIA) and CRL (CRL Distribution Points). */
function revocationExtensions(url) {
  return url ? [new x509.AuthorityInfoAccessExtension({ ocsp: [`${url}/ocsp`] }), new x509.CRLDistributionPointsExtension([`${url}/crl`])] : [];
}

/**
 * `largeBytes`: the size of the document inside the large attached signature (50 MB in the bounded-size test).
 * `revocationUrl`: the test responder (test/revocation-responder.js) the signers' certificates name.
 */
async function makeFixtures({ largeBytes = 0, revocationUrl = '' } = {}) {
  const ca = await makeCa('Тестовий КНЕДП');
  const stranger = await makeCa('Невідомий центр');
  const now = Date.now();
  const valid = { notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 365 * DAY) };
  const pointers = { extensions: revocationExtensions(revocationUrl) };
  const rsa = await makeSigner(ca, { algorithm: RSA, serial: '1001', ...valid, ...pointers });
  // Revoked a day before the signature was made, and 30 seconds after it.
  const revokedBefore = await makeSigner(ca, { algorithm: RSA, serial: '1004', ...valid, ...pointers });
  const revokedAfter = await makeSigner(ca, { algorithm: EC, serial: '1005', ...valid, ...pointers });
  const revokedAfterTimestamp = await makeSigner(ca, { algorithm: RSA, serial: '1006', ...valid, ...pointers });
  const tsa = await makeSigner(ca, { algorithm: RSA, serial: '3001', ...valid, extensions: [new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.8'], true)] });
  const ec = await makeSigner(ca, { algorithm: EC, serial: '1002', ...valid, edrpouVia: 'directory', person: { ...SIGNER, surname: 'Петренко', givenName: 'Олена Петрівна', organisation: 'ТОВ «Сонце»', edrpou: '87654321', rnokpp: '2222222222' } });
  const expired = await makeSigner(ca, { algorithm: RSA, serial: '1003', notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 35 * DAY) });
  const unknown = await makeSigner(stranger, { algorithm: EC, serial: '2001', ...valid });
  const document = Buffer.from('%PDF-1.4\n% Договір про приєднання\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const signingTime = new Date(now - 60_000);

  const fixtures = {
    document,
    signingTime: signingTime.toISOString(),
    trustList: trustList(ca),
    rsaAttached: await cades(rsa, document, { attached: true, signingTime }),
    rsaDetached: await cades(rsa, document, { attached: false, signingTime }),
    ecAttached: await cades(ec, document, { attached: true, signingTime }),
    ecDetached: await cades(ec, document, { attached: false, signingTime }),
    expired: await cades(expired, document, { attached: true, signingTime }),
    unknownCa: await cades(unknown, document, { attached: true, signingTime }),
    asice: await asice(ec, 'dogovir.pdf', document),
    dstu: await dstuShaped(rsa, document, signingTime),
    asiceTampered: await asice(ec, 'dogovir.pdf', document, { tamper: true }),
    revokedBeforeSigning: await cades(revokedBefore, document, { attached: true, signingTime }),
    revokedAfterSigning: await cades(revokedAfter, document, { attached: true, signingTime }),
    timestamped: await cades(rsa, document, { attached: true, timestamp: { tsa, genTime: signingTime } }),
    timestampImprintDiffers: await cades(rsa, document, { attached: true, timestamp: { tsa, genTime: signingTime, broken: 'imprint' } }),
    timestampSignatureInvalid: await cades(rsa, document, { attached: true, timestamp: { tsa, genTime: signingTime, broken: 'signature' } }),
    revokedAfterTimestamp: await cades(revokedAfterTimestamp, document, { attached: true, timestamp: { tsa, genTime: signingTime } }),
    // What the test responder needs to answer for the test CA: its certificate and key, and the revoked serials.
    revocationCa: {
      certificate: Buffer.from(ca.cert.rawData),
      privateKey: Buffer.from(await subtle.exportKey('pkcs8', ca.keys.privateKey)),
      revoked: { 1004: new Date(signingTime.getTime() - DAY).toISOString(), 1005: new Date(signingTime.getTime() + 30_000).toISOString(), 1006: new Date(signingTime.getTime() + 30_000).toISOString() },
      good: ['1001'],
    },
  };
  // The document inside changed after signing: its digest no longer matches the signed one.
  const tampered = Buffer.from(fixtures.rsaAttached);
  const at = tampered.indexOf(Buffer.from('Договір'));
  tampered[at] ^= 0x01;
  fixtures.tamperedAttached = tampered;
  fixtures.corrupted = Buffer.concat([fixtures.rsaAttached.subarray(0, 200), Buffer.from('garbage')]);
  if (largeBytes > 0) fixtures.large = await cades(rsa, Buffer.alloc(largeBytes, 0x20), { attached: true, signingTime });
  return fixtures;
}

module.exports = { makeFixtures };
