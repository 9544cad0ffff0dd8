import { Injectable } from '@nestjs/common';
import type { AttachmentInspectionView, SignatureLine, SignatureReport } from '@pidtrymka/contracts';
import { AttachmentInspectionsRepository } from './attachment-inspections.repository';

/** The kind of report the e-signature inspector writes (`SignatureReport`). */
export const SIGNATURES_KIND = 'signatures';

/** What the attachment-inspector plugins found (issue 20), as the request pages show it. */
@Injectable()
export class AttachmentInspectionsService {
  constructor(private readonly repository: AttachmentInspectionsRepository) {}

  /** Staff see every outcome, failures and time-outs included. */
  async forStaff(attachmentIds: readonly string[]): Promise<Map<string, AttachmentInspectionView[]>> {
    const byAttachment = new Map<string, AttachmentInspectionView[]>();
    for (const row of await this.repository.forAttachments(attachmentIds)) {
      const view: AttachmentInspectionView = { inspector: row.inspector, status: row.status, kind: row.kind, report: row.report, error: row.error, inspectedAt: row.inspectedAt.toISOString() };
      byAttachment.set(row.attachmentId, [...(byAttachment.get(row.attachmentId) ?? []), view]);
    }
    return byAttachment;
  }

  /**
   * The participant sees who signed, only for a signature that verified (and,
   * detached, matched its document; its certificate not revoked before it was
   * made): a line for a broken one would vouch for it.
   */
  async signatureLines(attachmentIds: readonly string[]): Promise<Map<string, SignatureLine[]>> {
    const lines = new Map<string, SignatureLine[]>();
    for (const row of await this.repository.forAttachments(attachmentIds)) {
      if (row.status !== 'done' || row.kind !== SIGNATURES_KIND) continue;
      const report = row.report as SignatureReport;
      const verified = (report.signers ?? []).filter(
        (s) => s.signature?.outcome === 'pass' && (!s.documentMatches || s.documentMatches.outcome === 'pass') && s.revocation?.outcome !== 'fail',
      );
      const found = verified.map((s) => ({ name: s.shortName ?? s.name ?? '', organisation: s.organisation, signedAt: s.signingTime }));
      if (found.length > 0) lines.set(row.attachmentId, [...(lines.get(row.attachmentId) ?? []), ...found]);
    }
    return lines;
  }
}
