import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import { DomSanitizer } from '@angular/platform-browser';
import type { AttachmentPreview } from '@pidtrymka/contracts';
import { I18n } from '../../i18n/i18n.service';

export interface AttachmentViewerData {
  filename: string;
  preview: Exclude<AttachmentPreview, 'none'>;
  /** The API's `…/preview` of the file: inline only for what its bytes are. */
  previewUrl: string;
  downloadUrl: string;
}

/**
 * Issue 17: one attachment, full size, over the request page (a Material dialog: focus kept inside,
 * Escape or the button closes it, focus returns to what opened it). A PDF or a text file is shown in a
 * frame; the API sends either with a policy that sandboxes it (no scripts, an opaque origin), so a hostile
 * file runs nothing. A text frame is sandboxed by its attribute too; a PDF's cannot be, as Chromium
 * refuses to draw a PDF in a frame with the attribute ("blocked"), so for it the response's policy is the sandbox.
 */
@Component({
  selector: 'app-attachment-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  template: `
    <h2 mat-dialog-title class="title">{{ data.filename }}</h2>
    <mat-dialog-content class="content" data-testid="attachment-viewer" [attr.data-preview]="data.preview">
      @if (data.preview === 'image') {
        <img [src]="data.previewUrl" [alt]="data.filename" data-testid="viewer-image" />
      } @else {
        @if (data.preview === 'pdf') {
          <iframe [src]="frameUrl" [title]="data.filename" data-testid="viewer-frame"></iframe>
        } @else {
          <iframe sandbox="" [src]="frameUrl" [title]="data.filename" data-testid="viewer-frame"></iframe>
        }
        <p class="muted hint">{{ i18n.t('ticket.preview.frameHint') }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <a matButton [href]="data.downloadUrl" download data-testid="viewer-download">{{ i18n.t('ticket.preview.download') }}</a>
      <button matButton="filled" type="button" mat-dialog-close data-testid="viewer-close">{{ i18n.t('ticket.preview.close') }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .title { overflow-wrap: anywhere; }
    .content { display: flex; flex-direction: column; align-items: center; }
    img { display: block; max-width: 100%; max-height: 70vh; object-fit: contain; }
    iframe { display: block; width: 100%; height: 70vh; border: 1px solid var(--mat-sys-outline-variant); background: #fff; }
    .hint { margin: 8px 0 0; font-size: 13px; }
  `,
})
export class AttachmentViewer {
  protected readonly i18n = inject(I18n);
  protected readonly data = inject<AttachmentViewerData>(MAT_DIALOG_DATA);
  /**
   * Our own API's address of the file, never one from the file or the message: a frame's source
   * must be vouched for to Angular, and this is the one place it is.
   */
  protected readonly frameUrl = inject(DomSanitizer).bypassSecurityTrustResourceUrl(this.data.previewUrl);
}
