'use strict';
// Reads and verifies CAdES (CMS SignedData) signatures with PKI.js. Runs inside the inspector's worker
// thread (inspect-worker.js): parsing a large or hostile file there costs the API neither its event loop
// nor its heap. Every verdict here is computed; what cannot be computed is `not_checked` with a reason.
const asn1js = require('asn1js');
const pkijs = require('pkijs');
const { masked, oidName, signerFields } = require('./certificate-fields');

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  timestampToken: '1.2.840.113549.1.9.16.2.14',
  contentTimestamp: '1.2.840.113549.1.9.16.2.20',
  rsaEncryption: '1.2.840.113549.1.1.1',
};
/** DSTU 4145 (little- and big-endian) and the GOST 34.311 hash: read, not verified in this build (see the package README). */
const DSTU_PREFIX = '1.2.804.2.1.1.1.1.3.1';
const GOST_34311 = '1.2.804.2.1.1.1.1.2.1';

const NOT_CHECKED = (reason) => ({ outcome: 'not_checked', reason });
const PASS = { outcome: 'pass' };
const FAIL = (reason) => ({ outcome: 'fail', reason });

class SignatureFormatError extends Error {}

/** The SignedData in a DER (or PEM/base64) `.p7s`; a SignatureFormatError for anything else. */
function parseSignedData(bytes) {
  const der = unwrapBase64(bytes);
  // The caller bounds the file's size (SIGNATURE_MAX_BYTES); asn1js's own default (16 MB) would refuse a large signed document.
  const asn1 = asn1js.fromBER(der, { maxContentLength: Math.max(der.length, asn1js.DEFAULT_MAX_CONTENT_LENGTH) });
  if (asn1.offset === -1 || asn1.result.error) throw new SignatureFormatError(`not DER: ${asn1.result.error || 'unreadable'}`);
  let info;
  try {
    info = new pkijs.ContentInfo({ schema: asn1.result });
  } catch (error) {
    throw new SignatureFormatError(`not a CMS ContentInfo: ${error.message}`);
  }
  if (info.contentType !== OID.signedData) throw new SignatureFormatError(`CMS content is not SignedData (${info.contentType})`);
  try {
    return new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    throw new SignatureFormatError(`unreadable SignedData: ${error.message}`);
  }
}

/** Some signing programs write the signature base64 (with or without PEM lines). */
function unwrapBase64(bytes) {
  if (bytes.length === 0 || bytes[0] === 0x30) return bytes;
  const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64))).toString('latin1');
  if (!/^(-----BEGIN [A-Z0-9 ]+-----|[A-Za-z0-9+/=\r\n]+$)/.test(text)) return bytes;
  const body = Buffer.from(bytes).toString('latin1').replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/** The encapsulated document, its OCTET STRING pieces joined (a BER constructed string). */
function encapsulatedContent(signedData) {
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) return null;
  if (eContent.idBlock.isConstructed) {
    const parts = eContent.valueBlock.value.map((part) => Buffer.from(part.valueBlock.valueHexView));
    return Buffer.concat(parts);
  }
  return Buffer.from(eContent.valueBlock.valueHexView);
}

/**
 * Reports each signer of a SignedData. `document`: the detached document's
 * bytes (null when the signature carries it, or none was found beside it).
 */
async function inspectSignedData(signedData, { document, detached, trustedCerts, revocation }) {
  const attached = encapsulatedContent(signedData);
  const content = attached ?? document;
  const certificates = (signedData.certificates || []).filter((c) => c instanceof pkijs.Certificate);
  const signers = [];
  for (const signerInfo of signedData.signerInfos) {
    signers.push(await inspectSigner(signerInfo, { certificates, content, detached: detached && !attached, trustedCerts, revocation }));
  }
  return { signers, hasContent: attached !== null };
}

async function inspectSigner(signerInfo, { certificates, content, detached, trustedCerts, revocation }) {
  const certificate = findCertificate(signerInfo, certificates);
  const fields = certificate ? signerFields(certificate) : emptyFields();
  const algorithm = algorithmName(signerInfo, certificate);
  const dstu = isDstu(signerInfo, certificate);
  const signing = signingTime(signerInfo);
  const report = {
    ...fields,
    signingTime: signing ? signing.time.toISOString() : null,
    signingTimeSource: signing ? signing.source : null,
    algorithm,
    signature: NOT_CHECKED('not_checked'),
    documentMatches: detached ? NOT_CHECKED('document_not_found') : null,
    certificateValidAtSigningTime: certificateValidity(certificate, signing),
    chainTrusted: NOT_CHECKED(trustedCerts ? 'not_checked' : 'no_trust_list'),
    revocation: NOT_CHECKED('revocation_off'),
    timestamp: signing?.source === 'timestamp' ? NOT_CHECKED('not_checked') : null,
  };
  if (!certificate) {
    report.signature = NOT_CHECKED('certificate_missing');
    report.chainTrusted = NOT_CHECKED('certificate_missing');
    return report;
  }
  if (signing?.source === 'timestamp') {
    report.timestamp = await timestampVerdict(signing, signerInfo, content, certificates, trustedCerts);
    // Proof of the signing time (for revocation): a signature timestamp whose TSA the trust list vouches for.
    signing.verified = report.timestamp.outcome === 'pass' && signing.type === OID.timestampToken && !!trustedCerts;
  }
  const digestMatches = content ? await contentDigestMatches(signerInfo, content, dstu) : null;
  if (detached && content) report.documentMatches = digestMatches === null ? NOT_CHECKED('algorithm_unsupported') : digestMatches ? PASS : FAIL('document_differs');
  report.signature = dstu ? NOT_CHECKED('algorithm_unsupported') : await signatureVerdict(signerInfo, certificate, content, digestMatches, detached);
  if (trustedCerts) report.chainTrusted = await chainVerdict(certificate, certificates, trustedCerts, signing);
  if (revocation) report.revocation = await revocation.check({ certificate, issuer: await findIssuer(certificate, [...certificates, ...(trustedCerts ?? [])]), signing });
  return report;
}

function emptyFields() {
  return { name: null, shortName: null, title: null, organisation: null, edrpou: null, rnokppMasked: null, issuer: null, serial: null, notBefore: null, notAfter: null };
}

function findCertificate(signerInfo, certificates) {
  const sid = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  }
  // [0] SubjectKeyIdentifier
  const wanted = Buffer.from(sid.valueBlock.valueHexView).toString('hex');
  return (
    certificates.find((c) => {
      const ski = (c.extensions || []).find((e) => e.extnID === '2.5.29.14');
      return ski && Buffer.from(ski.parsedValue.valueBlock.valueHexView).toString('hex') === wanted;
    }) ?? null
  );
}

/** The certificate that issued `certificate` (its signature verifies), from the file's or the trust list's; null if none does. */
async function findIssuer(certificate, candidates) {
  for (const candidate of candidates) {
    if (candidate === certificate || !candidate.subject.isEqual(certificate.issuer)) continue;
    try {
      if (await certificate.verify(candidate)) return candidate;
    } catch {
      // A key WebCrypto cannot use (DSTU 4145) is not this certificate's issuer as far as a check can tell.
    }
  }
  return null;
}

function isDstu(signerInfo, certificate) {
  const oids = [signerInfo.signatureAlgorithm.algorithmId, signerInfo.digestAlgorithm.algorithmId, certificate?.subjectPublicKeyInfo.algorithm.algorithmId ?? ''];
  return oids.some((oid) => oid.startsWith(DSTU_PREFIX) || oid === GOST_34311);
}

function algorithmName(signerInfo, certificate) {
  const signatureOid = signerInfo.signatureAlgorithm.algorithmId;
  const digestOid = signerInfo.digestAlgorithm.algorithmId;
  const keyAlgorithm = certificate?.subjectPublicKeyInfo.algorithm;
  if (isDstu(signerInfo, certificate)) return `DSTU 4145${digestOid === GOST_34311 ? ' GOST 34.311' : ''}`;
  const digest = oidName(digestOid);
  if (keyAlgorithm?.algorithmId === '1.2.840.10045.2.1') {
    const curve = keyAlgorithm.algorithmParams?.valueBlock?.toString?.() ?? '';
    return `ECDSA ${oidName(curve)} ${digest}`;
  }
  if (signatureOid === '1.2.840.113549.1.1.10') return `RSA-PSS ${digest}`;
  if (signatureOid.startsWith('1.2.840.113549.1.1.')) return `RSA PKCS#1 v1.5 ${digest}`;
  return `${oidName(signatureOid)} ${digest}`;
}

function attribute(attributes, type) {
  return attributes?.attributes.find((a) => a.type === type) ?? null;
}

/**
 * The signed signing-time attribute; else the time of a timestamp token (its
 * genTime), with the token to verify (timestampVerdict). `verified` is set
 * once a signature timestamp verified: only that is proof of the time
 * (revocation.js's verdict); the signer's own attribute is a claim.
 */
function signingTime(signerInfo) {
  const signed = attribute(signerInfo.signedAttrs, OID.signingTime);
  if (signed) {
    const value = signed.values[0];
    const date = value && typeof value.toDate === 'function' ? value.toDate() : null;
    if (date && !Number.isNaN(date.getTime())) return { time: date, source: 'signed_attribute', verified: false };
  }
  for (const [attributes, type] of [
    [signerInfo.unsignedAttrs, OID.timestampToken],
    [signerInfo.signedAttrs, OID.contentTimestamp],
  ]) {
    const token = attribute(attributes, type);
    if (!token) continue;
    try {
      const info = new pkijs.ContentInfo({ schema: token.values[0] });
      const signed = new pkijs.SignedData({ schema: info.content });
      const tst = asn1js.fromBER(encapsulatedContent(signed));
      const tstInfo = new pkijs.TSTInfo({ schema: tst.result });
      const genTime = tstInfo.genTime;
      if (genTime && !Number.isNaN(genTime.getTime())) return { time: genTime, source: 'timestamp', verified: false, token: signed, tstInfo, type };
    } catch {
      // An unreadable token gives no time; the verdict then says so.
    }
  }
  return null;
}

/**
 * RFC 3161: the token's signature verifies by its TSA's certificate, its
 * message imprint is the digest of what it stamps (the signature value for a
 * signature timestamp, the document for a content timestamp), and, with a
 * trust list, the TSA's certificate chains to it at genTime.
 */
async function timestampVerdict(signing, signerInfo, content, certificates, trustedCerts) {
  const { token, tstInfo, type } = signing;
  const stamped = type === OID.timestampToken ? Buffer.from(signerInfo.signature.valueBlock.valueHexView) : content;
  if (!stamped) return NOT_CHECKED('document_not_found');
  const crypto = pkijs.getCrypto(true);
  const hash = crypto.getAlgorithmByOID(tstInfo.messageImprint.hashAlgorithm.algorithmId, false);
  if (!hash || !hash.name) return NOT_CHECKED('algorithm_unsupported');
  const digest = Buffer.from(await crypto.digest({ name: hash.name }, stamped));
  if (!digest.equals(Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView))) return FAIL('timestamp_imprint_differs');
  const tsaCertificates = (token.certificates || []).filter((c) => c instanceof pkijs.Certificate);
  const tsa = findCertificate(token.signerInfos[0], [...tsaCertificates, ...certificates]);
  if (!tsa) return NOT_CHECKED('certificate_missing');
  if (isDstu(token.signerInfos[0], tsa)) return NOT_CHECKED('algorithm_unsupported');
  let verified;
  try {
    verified = await token.verify({ signer: 0, data: new Uint8Array(stamped), checkChain: false });
  } catch {
    verified = false;
  }
  if (!verified) return FAIL('signature_invalid');
  if (!trustedCerts) return PASS;
  const chain = await chainVerdict(tsa, [...tsaCertificates, ...certificates], trustedCerts, signing);
  return chain.outcome === 'pass' ? PASS : chain;
}

function certificateValidity(certificate, signing) {
  if (!certificate) return NOT_CHECKED('certificate_missing');
  if (!signing) return NOT_CHECKED('no_signing_time');
  const time = signing.time.getTime();
  if (time < certificate.notBefore.value.getTime()) return FAIL('not_yet_valid');
  if (time > certificate.notAfter.value.getTime()) return FAIL('expired');
  return PASS;
}

async function contentDigestMatches(signerInfo, content, dstu) {
  const signed = attribute(signerInfo.signedAttrs, OID.messageDigest);
  if (!signed) return null;
  if (dstu) return null;
  const crypto = pkijs.getCrypto(true);
  const hash = crypto.getAlgorithmByOID(signerInfo.digestAlgorithm.algorithmId, false);
  if (!hash || !hash.name) return null;
  const digest = Buffer.from(await crypto.digest({ name: hash.name }, content));
  return digest.equals(Buffer.from(signed.values[0].valueBlock.valueHexView));
}

/**
 * The signature over the signed attributes (or, without them, over the
 * document). An attached document that differs from its signed digest fails
 * here; a detached one's difference is `documentMatches`' verdict.
 */
async function signatureVerdict(signerInfo, certificate, content, digestMatches, detached) {
  const crypto = pkijs.getCrypto(true);
  let data;
  if (signerInfo.signedAttrs) {
    if (!attribute(signerInfo.signedAttrs, OID.messageDigest)) return FAIL('message_digest_missing');
    if (!detached && content && digestMatches === false) return FAIL('content_differs');
    data = signerInfo.signedAttrs.encodedValue;
  } else {
    if (!content) return NOT_CHECKED('document_not_found');
    data = content;
  }
  const hash = crypto.getAlgorithmByOID(signerInfo.digestAlgorithm.algorithmId, false);
  try {
    const verified =
      signerInfo.signatureAlgorithm.algorithmId === OID.rsaEncryption
        ? await crypto.verifyWithPublicKey(data, signerInfo.signature, certificate.subjectPublicKeyInfo, signerInfo.signatureAlgorithm, hash.name)
        : await crypto.verifyWithPublicKey(data, signerInfo.signature, certificate.subjectPublicKeyInfo, signerInfo.signatureAlgorithm);
    return verified ? PASS : FAIL('signature_invalid');
  } catch (error) {
    // WebCrypto refusing the key or algorithm is not a verdict on the signature.
    return NOT_CHECKED(`algorithm_unsupported`);
  }
}

/**
 * The chain from the signer's certificate to one of the trust list at the
 * signing time. A chain that does not verify where a certificate on the way
 * is signed with DSTU 4145 is not a verdict: WebCrypto cannot check it.
 */
async function chainVerdict(certificate, certificates, trustedCerts, signing) {
  let verified = false;
  try {
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts,
      certs: [...certificates.filter((c) => c !== certificate), certificate],
      checkDate: signing ? signing.time : new Date(),
    });
    verified = (await engine.verify()).result === true;
  } catch {
    verified = false;
  }
  if (verified) return PASS;
  const dstuSigned = [certificate, ...certificates, ...trustedCerts].some((c) => c.signatureAlgorithm.algorithmId.startsWith(DSTU_PREFIX));
  return dstuSigned ? NOT_CHECKED('algorithm_unsupported') : FAIL('untrusted');
}

/** The certificates of a trust list: the operator's CACertificates.p7b (a degenerate SignedData), DER or base64. */
function readTrustList(bytes) {
  const signedData = parseSignedData(bytes);
  return (signedData.certificates || []).filter((c) => c instanceof pkijs.Certificate);
}

module.exports = { parseSignedData, inspectSignedData, readTrustList, SignatureFormatError, masked };
