/** Token under which an attachment-inspector plugin's module provides its `AttachmentInspector`. */
export const ATTACHMENT_INSPECTOR = 'pidtrymka:AttachmentInspector';

/** What is known of a stored file before its bytes are read. */
export interface InspectedFileInfo {
  filename: string;
  contentType: string;
  size: number;
}

/** A stored file; its bytes are read only when an inspector asks. */
export interface InspectedFile extends InspectedFileInfo {
  read(): Promise<Buffer>;
}

export interface AttachmentInspectionInput {
  file: InspectedFile;
  /** The other files of the same message: a detached signature's document is one of them (`name.pdf` beside `name.pdf.p7s`). */
  siblings: readonly InspectedFile[];
  /** Aborted when the API's time-out (ATTACHMENT_INSPECTION_TIMEOUT_MS) runs out: stop work and free what it holds. */
  signal: AbortSignal;
}

/**
 * What an inspector found, stored as JSON per attachment and inspector and
 * shown to staff. `kind` tells the apps how to show `report` (e.g.
 * `signatures`: `SignatureReport` in `@pidtrymka/contracts`).
 */
export interface AttachmentInspectionResult {
  kind: string;
  report: unknown;
}

/**
 * Looks at an attachment after it is stored (issue 20). Any number run at
 * once, each chosen by its plugin name in ATTACHMENT_INSPECTORS. The API
 * runs them off the request's path, after the request or reply committed,
 * once per attachment; a rejection or a time-out is stored and shown as the
 * inspection's outcome, never retried and never seen by the participant's
 * request.
 */
export interface AttachmentInspector {
  /** Whether it has something to say about this file; asked before its bytes are read. */
  accepts(file: InspectedFileInfo): boolean;
  /** `null`: nothing to report after all (e.g. a `.p7s` that turned out to be a document's detached partner's partner). */
  inspect(input: AttachmentInspectionInput): Promise<AttachmentInspectionResult | null>;
}
