import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { AttachmentInspectionView, SignatureCheck, SignatureReport, SignerReport } from '@pidtrymka/contracts';
import { I18n } from '../../i18n/i18n.service';
import type { MessageKey } from '../../i18n/message-keys';

/** What the comparison needs of the request's organisation. */
export interface SignatureOrganisation {
  name: string;
  edrpou: string | null;
}

const CHECKS = ['signature', 'documentMatches', 'certificateValidAtSigningTime', 'chainTrusted', 'revocation', 'timestamp'] as const;
type CheckName = (typeof CHECKS)[number];

/**
 * What the attachment-inspector plugins found in one attachment (issue 20), for staff: each
 * qualified signature's signer, certificate and verdicts, and an inspection that failed or timed
 * out as such. A verdict the inspector did not compute reads "not checked", with its reason.
 */
@Component({
  selector: 'app-attachment-inspections',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './attachment-inspections.html',
  styleUrl: './attachment-inspections.scss',
})
export class AttachmentInspections {
  protected readonly i18n = inject(I18n);

  readonly filename = input.required<string>();
  readonly inspections = input.required<readonly AttachmentInspectionView[]>();
  /** The request's organisation (issue 18): a signer's ЄДРПОУ is compared with its code. */
  readonly organisation = input<SignatureOrganisation | null>(null);

  /** Whether the signer signed for the request's organisation; null when there is nothing to compare. */
  protected edrpouMatch(signer: SignerReport): { matches: boolean; organisation: string; edrpou: string } | null {
    const organisation = this.organisation();
    if (!organisation?.edrpou || !signer.edrpou) return null;
    return { matches: organisation.edrpou === signer.edrpou, organisation: organisation.name, edrpou: organisation.edrpou };
  }

  protected signatureReport(inspection: AttachmentInspectionView): SignatureReport | null {
    return inspection.status === 'done' && inspection.kind === 'signatures' ? (inspection.report as SignatureReport) : null;
  }

  protected format(report: SignatureReport): string {
    const documents = report.documents.join(', ');
    if (report.format === 'asice') return this.i18n.t('signature.formatAsice', { documents });
    if (report.format === 'cades-attached') return this.i18n.t('signature.formatCadesAttached');
    return documents ? this.i18n.t('signature.formatCadesDetached', { documents }) : this.i18n.t('signature.formatCadesDetachedAlone');
  }

  protected checks(signer: SignerReport): { name: CheckName; check: SignatureCheck }[] {
    return CHECKS.flatMap((name) => {
      const check = signer[name];
      return check ? [{ name, check }] : [];
    });
  }

  protected checkLabel(name: CheckName): string {
    return this.i18n.t(`signature.check.${name}` satisfies MessageKey);
  }

  protected outcomeLabel(check: SignatureCheck): string {
    return this.i18n.t(`signature.outcome.${check.outcome}` satisfies MessageKey);
  }

  protected reason(signer: SignerReport, check: SignatureCheck): string {
    if (!check.reason) return '';
    // The words the issue asks for, where the build cannot verify the Ukrainian national algorithm.
    if (check.reason === 'algorithm_unsupported' && signer.algorithm.startsWith('DSTU')) return this.i18n.t('signature.reason.dstu');
    const text = this.i18n.known(`signature.reason.${check.reason}`, { date: check.revokedAt ? this.dateTime(check.revokedAt) : '' }) ?? check.reason;
    // Revocation: which service answered, so staff know whether the provider's responder or its CRL was asked.
    return check.source ? `${text}; ${this.i18n.t(`signature.source.${check.source}` satisfies MessageKey)}` : text;
  }

  protected dateTime(value: string | null): string {
    return value ? this.i18n.formatDateTime(value) : '—';
  }
}
