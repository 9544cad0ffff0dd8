'use strict';
// Revocation of a signer's certificate (issue 20): OCSP (RFC 6960) and CRL (RFC 5280), chosen by
// SIGNATURE_REVOCATION. Runs in the inspector's worker thread, after the signature is read: the fetch and
// the parsing of a large CRL cost the API neither its event loop nor its heap, and the API's time-out stops
// the worker with whatever it is waiting for. Every outcome is computed from a response whose signature
// verified; anything short of that is `not_checked` with its reason, never a pass or a fail.
const asn1js = require('asn1js');
const pkijs = require('pkijs');

const OID = {
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocsp: '1.3.6.1.5.5.7.48.1',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  crlDistributionPoints: '2.5.29.31',
  extKeyUsage: '2.5.29.37',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
};
const KB = 1024;
/** An OCSP response is a few kilobytes; a provider's full CRL may run to megabytes. */
const MAX_OCSP_BYTES = 256 * KB;
const MAX_CRL_BYTES = 16 * KB * KB;
/** Clocks differ: a response a little ahead of ours is still taken. */
const CLOCK_SKEW_MS = 5 * 60_000;

const NOT_CHECKED = (reason, extra = {}) => ({ outcome: 'not_checked', reason, ...extra });

class RevocationError extends Error {
  constructor(reason, message) {
    super(message ?? reason);
    this.reason = reason;
  }
}

/** The built-in default: looking up a provider's responder is a network call the operator must choose. */
class RevocationOff {
  async check() {
    return NOT_CHECKED('revocation_off');
  }
}

/**
 * What a revocation status means for a signature made at `signing.time`
 * (ETSI EN 319 102-1, the validation eIDAS Art. 32 refers to): revoked at or
 * before it, the signature fails; revoked after it, the certificate was valid
 * when the signature was made — provided the signing time is proven (a
 * timestamp whose signature verified), not only claimed by the signer, who
 * could otherwise back-date a signature made with a revoked key.
 */
function verdict(status, source, signing) {
  if (status.status === 'good') return { outcome: 'pass', source, checkedAt: status.checkedAt };
  if (status.status === 'unknown') return NOT_CHECKED('revocation_unknown', { source });
  const revokedAt = status.revokedAt.toISOString();
  if (!signing) return NOT_CHECKED('revoked_signing_time_unknown', { source, revokedAt });
  if (status.revokedAt.getTime() <= signing.time.getTime()) return { outcome: 'fail', reason: 'revoked', source, revokedAt };
  if (signing.source === 'timestamp' && signing.verified) return { outcome: 'pass', reason: 'revoked_after_signing', source, revokedAt };
  return NOT_CHECKED('revoked_after_claimed_signing_time', { source, revokedAt });
}

class OcspChecker {
  constructor({ url, timeoutMs }) {
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  async check({ certificate, issuer, signing }) {
    if (!issuer) return NOT_CHECKED('issuer_missing');
    const url = this.url || certificateUrls(certificate, 'ocsp')[0];
    if (!url) return NOT_CHECKED('no_ocsp_url');
    try {
      return verdict(await this.status(url, certificate, issuer), 'ocsp', signing);
    } catch (error) {
      return NOT_CHECKED(error instanceof RevocationError ? error.reason : 'ocsp_unavailable', { source: 'ocsp' });
    }
  }

  async status(url, certificate, issuer) {
    const request = new pkijs.OCSPRequest();
    await request.createForCertificate(certificate, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
    const certId = request.tbsRequest.requestList[0].reqCert;
    const body = await boundedFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: Buffer.from(request.toSchema(true).toBER()),
      maxBytes: MAX_OCSP_BYTES,
      timeoutMs: this.timeoutMs,
      unavailable: 'ocsp_unavailable',
    });
    let basic;
    try {
      const response = pkijs.OCSPResponse.fromBER(body);
      if (response.responseStatus.valueBlock.valueDec !== 0) throw new RevocationError('ocsp_refused', `OCSP status ${response.responseStatus.valueBlock.valueDec}`);
      if (response.responseBytes?.responseType !== OID.ocspBasic) throw new RevocationError('ocsp_unreadable');
      basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
    } catch (error) {
      throw error instanceof RevocationError ? error : new RevocationError('ocsp_unreadable', error.message);
    }
    if (!(await ocspSignedByAuthorisedResponder(basic, issuer))) throw new RevocationError('ocsp_signature_invalid');
    const single = basic.tbsResponseData.responses.find((r) => r.certID.isEqual(certId));
    if (!single) throw new RevocationError('ocsp_unreadable', 'the response is not about this certificate');
    if (single.thisUpdate.getTime() > Date.now() + CLOCK_SKEW_MS || (single.nextUpdate && single.nextUpdate.getTime() < Date.now() - CLOCK_SKEW_MS)) {
      throw new RevocationError('ocsp_stale');
    }
    const tag = single.certStatus.idBlock.tagNumber;
    if (tag === 0) return { status: 'good', checkedAt: single.thisUpdate.toISOString() };
    if (tag === 1) {
      // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, ... }, implicitly tagged [1].
      const time = single.certStatus.valueBlock.value[0];
      const revokedAt = time && typeof time.toDate === 'function' ? time.toDate() : new asn1js.GeneralizedTime({ valueHex: time.valueBlock.valueHexView }).toDate();
      return { status: 'revoked', revokedAt };
    }
    return { status: 'unknown' };
  }
}

/**
 * RFC 6960 §4.2.2.2: the issuer itself, or a responder certificate the issuer
 * issued for OCSP signing (id-kp-OCSPSigning), signed the response.
 */
async function ocspSignedByAuthorisedResponder(basic, issuer) {
  const crypto = pkijs.getCrypto(true);
  const candidates = [issuer];
  for (const cert of basic.certs ?? []) {
    if (cert.issuer.isEqual(issuer.subject) && hasExtendedKeyUsage(cert, OID.ocspSigning) && (await verifiesBy(cert, issuer))) candidates.push(cert);
  }
  for (const responder of candidates) {
    try {
      if (await crypto.verifyWithPublicKey(basic.tbsResponseData.tbsView, basic.signature, responder.subjectPublicKeyInfo, basic.signatureAlgorithm)) return true;
    } catch {
      // A key WebCrypto cannot use is no proof either way; the next candidate may be the signer.
    }
  }
  return false;
}

function hasExtendedKeyUsage(certificate, purpose) {
  const extension = (certificate.extensions ?? []).find((e) => e.extnID === OID.extKeyUsage);
  return !!extension?.parsedValue?.keyPurposes?.includes(purpose);
}

async function verifiesBy(certificate, issuer) {
  try {
    return await certificate.verify(issuer);
  } catch {
    return false;
  }
}

async function crlSignedBy(crl, issuer) {
  try {
    return await crl.verify({ issuerCertificate: issuer });
  } catch {
    return false;
  }
}

class CrlChecker {
  constructor({ url, timeoutMs }) {
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  async check({ certificate, issuer, signing }) {
    if (!issuer) return NOT_CHECKED('issuer_missing');
    const url = this.url || certificateUrls(certificate, 'crl')[0];
    if (!url) return NOT_CHECKED('no_crl_url');
    try {
      return verdict(await this.status(url, certificate, issuer), 'crl', signing);
    } catch (error) {
      return NOT_CHECKED(error instanceof RevocationError ? error.reason : 'crl_unavailable', { source: 'crl' });
    }
  }

  async status(url, certificate, issuer) {
    const body = await boundedFetch(url, { method: 'GET', maxBytes: MAX_CRL_BYTES, timeoutMs: this.timeoutMs, unavailable: 'crl_unavailable' });
    let crl;
    try {
      crl = pkijs.CertificateRevocationList.fromBER(body);
    } catch (error) {
      throw new RevocationError('crl_unreadable', error.message);
    }
    if (!crl.issuer.isEqual(issuer.subject) || !(await crlSignedBy(crl, issuer))) throw new RevocationError('crl_signature_invalid');
    if (crl.thisUpdate.value.getTime() > Date.now() + CLOCK_SKEW_MS || (crl.nextUpdate && crl.nextUpdate.value.getTime() < Date.now() - CLOCK_SKEW_MS)) {
      throw new RevocationError('crl_stale');
    }
    const entry = (crl.revokedCertificates ?? []).find((r) => r.userCertificate.isEqual(certificate.serialNumber));
    if (entry) return { status: 'revoked', revokedAt: entry.revocationDate.value };
    return { status: 'good', checkedAt: crl.thisUpdate.value.toISOString() };
  }
}

/** SIGNATURE_REVOCATION=ocsp-then-crl: the CRL when OCSP gave no answer (unreachable, refused, unknown). */
class FirstAnswer {
  constructor(checkers) {
    this.checkers = checkers;
  }

  async check(subject) {
    let last = NOT_CHECKED('revocation_off');
    for (const checker of this.checkers) {
      last = await checker.check(subject);
      if (last.outcome !== 'not_checked' || last.revokedAt) return last;
    }
    return last;
  }
}

function createRevocationChecker({ mode, timeoutMs, ocspUrl, crlUrl }) {
  const ocsp = () => new OcspChecker({ url: ocspUrl, timeoutMs });
  const crl = () => new CrlChecker({ url: crlUrl, timeoutMs });
  if (mode === 'ocsp') return ocsp();
  if (mode === 'crl') return crl();
  if (mode === 'ocsp-then-crl') return new FirstAnswer([ocsp(), crl()]);
  return new RevocationOff();
}

/** The certificate's OCSP responders (Authority Information Access) or CRL distribution points: http(s) URLs only. */
function certificateUrls(certificate, kind) {
  const urls = [];
  for (const extension of certificate.extensions ?? []) {
    if (kind === 'ocsp' && extension.extnID === OID.authorityInfoAccess) {
      for (const description of extension.parsedValue?.accessDescriptions ?? []) {
        if (description.accessMethod === OID.ocsp && description.accessLocation.type === 6) urls.push(description.accessLocation.value);
      }
    }
    if (kind === 'crl' && extension.extnID === OID.crlDistributionPoints) {
      for (const point of extension.parsedValue?.distributionPoints ?? []) {
        const names = Array.isArray(point.distributionPoint) ? point.distributionPoint : [];
        for (const name of names) if (name.type === 6) urls.push(name.value);
      }
    }
  }
  return urls.filter((url) => /^https?:\/\//i.test(url));
}

/** A response body of at most `maxBytes`, within `timeoutMs` from the request to its last byte. */
async function boundedFetch(url, { method, headers, body, maxBytes, timeoutMs, unavailable }) {
  let response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    response = await fetch(url, { method, headers, body, signal, redirect: 'error' });
  } catch (error) {
    throw new RevocationError(signal.aborted ? 'revocation_timeout' : unavailable, error.message);
  }
  if (!response.ok) throw new RevocationError(unavailable, `HTTP ${response.status}`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw new RevocationError('revocation_response_too_large');
  const chunks = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > maxBytes) throw new RevocationError('revocation_response_too_large');
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof RevocationError) {
      void response.body.cancel().catch(() => undefined);
      throw error;
    }
    throw new RevocationError(signal.aborted ? 'revocation_timeout' : unavailable, error.message);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

module.exports = { createRevocationChecker, certificateUrls, RevocationOff, OcspChecker, CrlChecker, verdict };
