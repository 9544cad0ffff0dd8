'use strict';
// The worker thread in which a signature is parsed and verified (see index.js): one file per worker, its
// heap capped by resourceLimits, terminated by the inspector on a time-out. Hands back the report, or an
// error message.
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { inspectSignedData, parseSignedData, readTrustList } = require('./cades');
const { readZip } = require('./zip');
const { createRevocationChecker } = require('./revocation');

async function inspect({ filename, content, documents, trustList, maxBytes, revocation: revocationSettings }) {
  const trustedCerts = trustList ? readTrustList(Buffer.from(trustList)) : null;
  const revocation = createRevocationChecker(revocationSettings ?? { mode: 'off' });
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (/\.asice$/i.test(filename)) return inspectAsice(bytes, { trustedCerts, revocation }, maxBytes);
  const signedData = parseSignedData(bytes);
  const document = documents[0] ? Buffer.from(documents[0].content) : null;
  const { signers, hasContent } = await inspectSignedData(signedData, { document, detached: true, trustedCerts, revocation });
  return { format: hasContent ? 'cades-attached' : 'cades-detached', documents: hasContent ? [] : documents.map((d) => d.name), signers };
}

/**
 * ASiC-E with CAdES (ETSI EN 319 162-1): each META-INF/*signature*.p7s signs
 * an ASiCManifest that lists the documents with their digests; a signature
 * without a manifest signs the container's one document.
 */
async function inspectAsice(bytes, { trustedCerts, revocation }, maxBytes) {
  const entries = readZip(bytes, { maxTotalBytes: maxBytes });
  const byName = new Map(entries.map((e) => [e.name, e]));
  const signatures = entries.filter((e) => /^META-INF\/[^/]*signature[^/]*\.p7s$/i.test(e.name));
  const manifests = entries.filter((e) => /^META-INF\/ASiCManifest[^/]*\.xml$/i.test(e.name));
  const documents = entries.filter((e) => !e.name.startsWith('META-INF/') && e.name !== 'mimetype');
  if (signatures.length === 0) throw new Error('ASiC-E container without a CAdES signature (META-INF/*signature*.p7s)');
  const signers = [];
  for (const signature of signatures) {
    const signedData = parseSignedData(signature.read());
    const manifest = manifests.find((m) => manifestSignature(m.read().toString('utf8')) === signature.name) ?? (manifests.length === 1 ? manifests[0] : null);
    if (manifest) {
      const xml = manifest.read().toString('utf8');
      const { signers: found } = await inspectSignedData(signedData, { document: manifest.read(), detached: true, trustedCerts, revocation });
      const listed = manifestReferences(xml);
      const documentsMatch = listed.length > 0 && listed.every((ref) => byName.has(ref.uri) && digestMatches(byName.get(ref.uri).read(), ref));
      for (const signer of found) {
        if (signer.documentMatches?.outcome === 'pass' && !documentsMatch) signer.documentMatches = { outcome: 'fail', reason: 'document_differs' };
        signers.push(signer);
      }
    } else if (documents.length === 1) {
      const { signers: found } = await inspectSignedData(signedData, { document: documents[0].read(), detached: true, trustedCerts, revocation });
      signers.push(...found);
    } else {
      throw new Error('ASiC-E signature without an ASiCManifest, over several documents');
    }
  }
  return { format: 'asice', documents: documents.map((d) => d.name), signers };
}

const DIGESTS = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

function manifestSignature(xml) {
  return /<(?:\w+:)?SigReference[^>]*URI="([^"]*)"/.exec(xml)?.[1] ?? null;
}

/** Each DataObjectReference's URI, digest method and value; the patterns have no nested repetition, so they stay linear. */
function manifestReferences(xml) {
  const references = [];
  const pattern = /<(?:\w+:)?DataObjectReference\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?DataObjectReference>/g;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    const uri = /URI="([^"]*)"/.exec(match[1])?.[1];
    const method = /<(?:\w+:)?DigestMethod[^>]*Algorithm="([^"]*)"/.exec(match[2])?.[1];
    const value = /<(?:\w+:)?DigestValue>([^<]*)<\//.exec(match[2])?.[1];
    if (uri && method && value) references.push({ uri: decodeURIComponent(uri), method, value: value.trim() });
  }
  return references;
}

function digestMatches(content, reference) {
  const algorithm = DIGESTS[reference.method];
  return !!algorithm && createHash(algorithm).update(content).digest('base64') === reference.value;
}

inspect(workerData).then(
  (report) => parentPort.postMessage({ report }),
  (error) => parentPort.postMessage({ error: `${error?.message ?? error}`.slice(0, 500) }),
);
