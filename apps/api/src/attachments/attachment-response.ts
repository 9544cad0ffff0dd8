import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { AttachmentEntity } from './attachment.entity';
import { inlinePreviewOf } from './attachment-preview';

/** A download opened by mistake in a tab, or an inline file, can run nothing and load nothing. */
const DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'";
/**
 * An inline file may show itself (a browser's image or text document styles itself inline; its PDF
 * viewer draws from the same origin) and be framed by our own page's viewer, and nothing more:
 * `sandbox` without allow-scripts runs no script in it whatever it carries.
 */
const INLINE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'";

/** R-SUB-6: an attachment always as a file, under its stored type, never rendered. The one home of the download headers. */
export function attachmentDownload(response: Response, attachment: AttachmentEntity, content: Buffer): StreamableFile {
  response.attachment(attachment.filename);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', DOWNLOAD_POLICY);
  response.setHeader('Cache-Control', 'private, no-store');
  return new StreamableFile(content, { type: attachment.contentType, length: content.length });
}

/**
 * Issue 17: the same file for a page's preview. Inline only when its bytes, read again now, are a
 * raster image, a PDF or UTF-8 text (`inlinePreviewOf`), under the type they are rather than any the
 * sender claimed; anything else is answered exactly as the download is.
 */
export async function attachmentPreview(response: Response, attachment: AttachmentEntity, content: Buffer): Promise<StreamableFile> {
  const inline = await inlinePreviewOf(attachment.filename, content);
  if (!inline) return attachmentDownload(response, attachment, content);
  // Express words the name (its RFC 5987 form for non-ASCII ones); only the disposition differs.
  response.attachment(attachment.filename);
  response.setHeader('Content-Disposition', String(response.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', INLINE_POLICY);
  response.setHeader('Cache-Control', 'private, no-store');
  return new StreamableFile(content, { type: inline.contentType, length: content.length });
}
