/**
 * Issue 20: what the e-signature (КЕП) inspector reports about a signed
 * attachment (`.p7s`, `.asice`), stored per attachment and shown to staff.
 * Every verdict is one the inspector computed: a check it could not make is
 * `not_checked` with its reason, never a pass.
 */

/** `pass`/`fail`: computed; `not_checked`: not computed, `reason` says why (e.g. `algorithm_unsupported`, `no_trust_list`, `revocation_off`). */
export type CheckOutcome = 'pass' | 'fail' | 'not_checked';

export interface SignatureCheck {
  outcome: CheckOutcome;
  /** A code the apps put into words (uk, en); for a `fail` or `not_checked`, or a `pass` that needs a word (`revoked_after_signing`). */
  reason?: string;
  /** Revocation only: which service answered. */
  source?: 'ocsp' | 'crl';
  /** Revocation only: when the certificate was revoked (ISO 8601). */
  revokedAt?: string;
  /** Revocation only, for a good status: the time the OCSP answer or CRL speaks for (its thisUpdate, ISO 8601). */
  checkedAt?: string;
}

export interface SignerReport {
  /** The certificate's subject common name. */
  name: string | null;
  /** `Прізвище І. Б.`, for the participant's short line. */
  shortName: string | null;
  title: string | null;
  organisation: string | null;
  /** From `organizationIdentifier` (`NTRUA-…`) or the subject directory attribute 1.2.804.2.1.1.1.11.1.4.2.1. */
  edrpou: string | null;
  /** РНОКПП (1.2.804.2.1.1.1.11.1.4.1.1 or `serialNumber` `TINUA-…`), all but its last two digits masked. */
  rnokppMasked: string | null;
  /** The qualified trust service provider that issued the certificate (its subject's common name or organisation). */
  issuer: string | null;
  /** Hexadecimal. */
  serial: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** ISO 8601. */
  signingTime: string | null;
  signingTimeSource: 'signed_attribute' | 'timestamp' | null;
  /** E.g. `RSA PKCS#1 v1.5 SHA-256`, `ECDSA P-256 SHA-256`, `DSTU 4145 GOST 34.311`. */
  algorithm: string;
  signature: SignatureCheck;
  /** Only for a detached signature (or an ASiC-E document): the document's digest against the signed one. */
  documentMatches: SignatureCheck | null;
  certificateValidAtSigningTime: SignatureCheck;
  chainTrusted: SignatureCheck;
  revocation: SignatureCheck;
  /** When the signing time comes from an RFC 3161 timestamp token: the token's signature, imprint and TSA chain. Null otherwise. */
  timestamp?: SignatureCheck | null;
}

export interface SignatureReport {
  /** `cades-attached`: the document inside; `cades-detached`: beside it in the same message; `asice`: a container. */
  format: 'cades-attached' | 'cades-detached' | 'asice';
  /** The signed document's name: the file beside a detached signature, the container's entry. Null when attached or not found. */
  documents: string[];
  signers: SignerReport[];
}

/** An inspection's outcome as staff see it. */
export interface AttachmentInspectionView {
  /** The plugin's name in ATTACHMENT_INSPECTORS. */
  inspector: string;
  status: 'done' | 'failed' | 'timed_out';
  /** `signatures`: `report` is a `SignatureReport`. */
  kind: string | null;
  report: unknown;
  error: string | null;
  inspectedAt: string;
}

/** What the participant's page shows of a verified signature: "Підписано: Іваненко І. І., ТОВ «Хвиля», 05/12/2026 10:45:56". */
export interface SignatureLine {
  name: string;
  organisation: string | null;
  signedAt: string | null;
}
