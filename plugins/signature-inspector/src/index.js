'use strict';
// The e-signature (КЕП) inspector (issue 20): an attachment-inspector plugin, packaged apart from the API
// and loaded through PLUGINS like a third party's; chosen by ATTACHMENT_INSPECTORS=signatures.
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');
const { Worker } = require('node:worker_threads');
const { Module } = require('@nestjs/common');
const { ATTACHMENT_INSPECTOR, Setting, parseNumber } = require('@pidtrymka/plugin-sdk');
const { IsInt, Min, IsIn } = require('class-validator');

const MB = 1024 * 1024;
const SIGNED_FILE = /\.(p7s|asice)$/i;
const STOPPED = 'inspection stopped: time-out';

class SignatureInspectorSettings {
  constructor() {
    /** The operator's list of qualified providers' certificates (CACertificates.p7b); unset: no chain verdict ("no trust list"). */
    this.trustList = '';
    /** A larger signature or container is reported as too large rather than read. */
    this.maxBytes = 64 * MB;
    /** The heap of the worker thread that reads one file. */
    this.workerMemoryMb = 256;
    /** Revocation (OCSP/CRL) checking of signers' certificates (revocation.js): a network call, so off unless the operator chooses it. */
    this.revocation = 'off';
    /** One OCSP or CRL fetch, from request to last byte. */
    this.revocationTimeoutMs = 5000;
    /** Overrides the OCSP responder named in the certificate's Authority Information Access. */
    this.ocspUrl = '';
    /** Overrides the CRL named in the certificate's CRL Distribution Points. */
    this.crlUrl = '';
  }
}
Setting('SIGNATURE_TRUST_LIST')(SignatureInspectorSettings.prototype, 'trustList');
Setting('SIGNATURE_MAX_BYTES', parseNumber)(SignatureInspectorSettings.prototype, 'maxBytes');
IsInt()(SignatureInspectorSettings.prototype, 'maxBytes');
Min(1)(SignatureInspectorSettings.prototype, 'maxBytes');
Setting('SIGNATURE_WORKER_MEMORY_MB', parseNumber)(SignatureInspectorSettings.prototype, 'workerMemoryMb');
IsInt()(SignatureInspectorSettings.prototype, 'workerMemoryMb');
Min(32)(SignatureInspectorSettings.prototype, 'workerMemoryMb');
Setting('SIGNATURE_REVOCATION')(SignatureInspectorSettings.prototype, 'revocation');
IsIn(['off', 'ocsp', 'crl', 'ocsp-then-crl'])(SignatureInspectorSettings.prototype, 'revocation');
Setting('SIGNATURE_REVOCATION_TIMEOUT_MS', parseNumber)(SignatureInspectorSettings.prototype, 'revocationTimeoutMs');
IsInt()(SignatureInspectorSettings.prototype, 'revocationTimeoutMs');
Min(100)(SignatureInspectorSettings.prototype, 'revocationTimeoutMs');
Setting('SIGNATURE_OCSP_URL')(SignatureInspectorSettings.prototype, 'ocspUrl');
Setting('SIGNATURE_CRL_URL')(SignatureInspectorSettings.prototype, 'crlUrl');

class SignatureInspector {
  constructor(settings) {
    this.settings = settings;
  }

  accepts(file) {
    return SIGNED_FILE.test(file.filename);
  }

  async inspect({ file, siblings, signal }) {
    const { maxBytes } = this.settings;
    if (file.size > maxBytes) throw new Error(`the file is larger than SIGNATURE_MAX_BYTES (${maxBytes} bytes): not read`);
    const content = await file.read();
    // `name.pdf.p7s` beside `name.pdf`: its detached document, if the signature does not carry it.
    const documentName = /\.p7s$/i.test(file.filename) ? file.filename.slice(0, -4) : null;
    const document = documentName ? siblings.find((s) => s.filename === documentName && s.size <= maxBytes) : undefined;
    const documents = document ? [{ name: document.filename, content: await document.read() }] : [];
    const trustList = this.settings.trustList ? await readFile(this.settings.trustList) : null;
    const { revocation = 'off', revocationTimeoutMs = 5000, ocspUrl = '', crlUrl = '' } = this.settings;
    // Checked in the worker (revocation.js), where the signer's certificate and its issuer are at hand.
    const revocationSettings = { mode: revocation, timeoutMs: revocationTimeoutMs, ocspUrl, crlUrl };
    const report = await this.runWorker({ filename: file.filename, content, documents, trustList, maxBytes, revocation: revocationSettings }, signal);
    return { kind: 'signatures', report };
  }

  runWorker(workerData, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new Error(STOPPED));
      const worker = new Worker(join(__dirname, 'inspect-worker.js'), {
        workerData,
        resourceLimits: { maxOldGenerationSizeMb: this.settings.workerMemoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      });
      let settled = false;
      const settle = (fn, value) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        fn(value);
      };
      const onAbort = () => settle(reject, new Error(STOPPED));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (message) => (message.error ? settle(reject, new Error(message.error)) : settle(resolve, message.report)));
      worker.once('error', (error) => settle(reject, new Error(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the file needs more memory than SIGNATURE_WORKER_MEMORY_MB to read` : error.message)));
      worker.once('exit', (code) => settle(reject, new Error(`the inspection worker stopped (exit code ${code})`)));
    });
  }
}

class SignatureInspectorModule {}
Module({
  providers: [{ provide: ATTACHMENT_INSPECTOR, inject: [SignatureInspectorSettings], useFactory: (settings) => new SignatureInspector(settings) }],
  exports: [ATTACHMENT_INSPECTOR],
})(SignatureInspectorModule);

module.exports = {
  SignatureInspector,
  SignatureInspectorSettings,
  pidtrymkaPlugins: [{ kind: 'attachment-inspector', name: 'signatures', module: SignatureInspectorModule, settings: SignatureInspectorSettings }],
};
