import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { linkifyHtml } from '@pidtrymka/contracts';
import type { AttachmentInspectionView, AttachmentView, ReplyRating, SignatureLine, StaffAttachmentView, StaffMessageView, TicketMessageView } from '@pidtrymka/contracts';
import { I18n } from '../../i18n/i18n.service';
import { ShownSet } from '../shown-set';
import { AttachmentInspections, SignatureOrganisation } from './attachment-inspections';
import { AttachmentViewer, AttachmentViewerData } from './attachment-viewer';

/** A message as the participant's page has it; the workspace's also say whether it is a note and how it came. */
export type ConversationMessage = TicketMessageView & Partial<Pick<StaffMessageView, 'internal' | 'channel'>>;

/**
 * A request's messages with their attachments and the "show quoted text" toggle of e-mailed ones
 * (issue 15), for the participant's request page and the workspace's. What differs is who reads
 * it: participants see support's replies badged and their own name and address labelled as the
 * manual shows them (R-VIEW-2); staff see internal notes set apart and every address beside its
 * name (12.8), and admins a link to an e-mailed message's original.
 */
@Component({
  selector: 'app-conversation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, AttachmentInspections],
  templateUrl: './conversation-view.html',
  styleUrl: './conversation-view.scss',
  host: { '[class.for-participant]': "audience() === 'participant'", '[class.for-staff]': "audience() === 'staff'" },
})
export class ConversationView {
  protected readonly i18n = inject(I18n);
  private readonly dialog = inject(MatDialog);

  readonly messages = input.required<readonly ConversationMessage[]>();
  /** Staff: the request's organisation, which signed attachments are compared with (issue 20). */
  readonly organisation = input<SignatureOrganisation | null>(null);
  readonly audience = input.required<'participant' | 'staff'>();
  readonly attachmentUrl = input.required<(attachmentId: string) => string>();
  /** Issue 17: the same file for a preview (the API serves it inline only when its bytes allow). */
  readonly previewUrl = input.required<(attachmentId: string) => string>();
  /** Where an e-mailed message's original .eml is downloaded; only for those allowed to (admins). */
  readonly originalEmailUrl = input<((messageId: string) => string) | null>(null);
  /** The list's test id. */
  readonly listTestId = input<string | null>(null);
  /** Every message's test id, instead of `message` or `note` (the collision warning's own list). */
  readonly messageTestId = input<string | null>(null);

  /** Issue 19: the participant's page asks "Was this reply helpful?" under each staff reply; votes go out through `rate`. */
  readonly ratable = input(false);
  /** Replies whose vote is on its way (their buttons wait). */
  readonly ratingPending = input<ReadonlySet<string>>(new Set());
  /** Why a reply's vote was refused, by message id. */
  readonly ratingErrors = input<ReadonlyMap<string, string>>(new Map());
  readonly rate = output<{ messageId: string; rating: ReplyRating }>();

  /** Messages whose whole e-mailed text, quotes included, is shown. */
  protected readonly quotes = new ShownSet();

  /** Written by support: a participant's page badges it, the workspace marks it apart from the participant's (notes have their own look). */
  protected fromSupport(message: ConversationMessage): boolean {
    return this.audience() === 'participant' ? message.authorType !== 'participant' : !message.internal && message.authorType === 'staff';
  }

  /** A staff reply the participant may vote on (never their own message, nor a system one). */
  protected rateable(message: ConversationMessage): boolean {
    return this.audience() === 'participant' && this.ratable() && message.authorType === 'staff';
  }

  /** Issue 20: what the attachment inspectors found; only the workspace's messages carry it. */
  protected inspectionsOf(attachment: AttachmentView): readonly AttachmentInspectionView[] {
    return (attachment as Partial<StaffAttachmentView>).inspections ?? [];
  }

  /** Issue 17: an image, a PDF or a text file full size over the page; the API said which it is. */
  protected view(attachment: AttachmentView): void {
    if (attachment.preview === 'none') return;
    const data: AttachmentViewerData = {
      filename: attachment.filename,
      preview: attachment.preview,
      previewUrl: this.previewUrl()(attachment.id),
      downloadUrl: this.attachmentUrl()(attachment.id),
    };
    this.dialog.open(AttachmentViewer, { data, autoFocus: 'dialog', restoreFocus: true, width: '960px', maxWidth: '95vw' });
  }

  /** What a file without a preview is, by its name's extension ("DOCX"): the page shows it with the size. */
  protected typeOf(attachment: AttachmentView): string {
    const extension = /\.([^.]{1,10})$/.exec(attachment.filename)?.[1];
    return extension ? extension.toUpperCase() : this.i18n.t('ticket.preview.typeUnknown');
  }

  /** "Іваненко І. І., ТОВ «Хвиля», 05/12/2026 10:45:56" */
  protected signatureLine(signature: SignatureLine): string {
    const parts = [signature.name, signature.organisation, signature.signedAt ? this.i18n.formatDateTime(signature.signedAt) : null];
    return this.i18n.t('signature.signedBy', { who: parts.filter(Boolean).join(', ') });
  }

  /**
   * Issue 17: the text, escaped, with its web and mail addresses as links (http, https, mailto only;
   * opened in a new tab without the opener), by the same function as the e-mails. Angular's sanitizer
   * still reads the result: nothing but text and those links can reach the page.
   */
  protected linked(text: string): string {
    return linkifyHtml(text);
  }

  /**
   * Only what support wrote: anyone can open a request under another's address, so a participant's
   * (or an e-mail's) address shown as a link would lend our page to a phishing link (12.7), for the
   * participant and for staff alike. Their words stay text, as in our e-mails.
   */
  protected linksAllowed(message: ConversationMessage): boolean {
    return message.authorType === 'staff';
  }

  protected originalUrl(message: ConversationMessage): string | null {
    const url = this.originalEmailUrl();
    return url && message.channel === 'email' ? url(message.id) : null;
  }
}
