import type { AttachmentPreview } from '@pidtrymka/contracts';
import { fileTypeFromBuffer } from 'file-type';
import { contentTypeFor } from './attachment-files';

/**
 * The raster images a browser may be handed inline, by file-type's name. SVG is never among them:
 * it is a document that can carry scripts and links, not a picture.
 */
const IMAGES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

/** The one text encoding served inline: a page told `charset=utf-8` then reads what the sender wrote. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
// NUL and the C0 controls other than tab, line feed, form feed and carriage return: a binary file, not text.
const BINARY_CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

export interface InlinePreview {
  preview: Exclude<AttachmentPreview, 'none'>;
  /** The Content-Type it is served under: ours, never the sender's. */
  contentType: string;
}

/**
 * Issue 17: how a file may be shown in a page, from its bytes. An image or a PDF is what its
 * signature says, whatever its name; text has no signature, so it is text only when the name
 * already made it text (.txt, .csv) and the bytes agree (no signature but XML's, valid UTF-8, no
 * binary controls) — the name may narrow what is shown inline, never widen it: an SVG or an HTML
 * page called .png carries no image signature, and is not text by its name, so it stays a download.
 */
export async function inlinePreviewOf(filename: string, content: Buffer): Promise<InlinePreview | null> {
  const detected = (await fileTypeFromBuffer(content))?.ext ?? null;
  if (detected && IMAGES[detected]) return { preview: 'image', contentType: IMAGES[detected] };
  // Illustrator files are PDFs with a private part, and read as such.
  if (detected === 'pdf' || detected === 'ai') return { preview: 'pdf', contentType: 'application/pdf' };
  if ((detected === null || detected === 'xml') && contentTypeFor(filename).startsWith('text/') && isUtf8Text(content)) {
    return { preview: 'text', contentType: 'text/plain; charset=utf-8' };
  }
  return null;
}

export async function previewOf(filename: string, content: Buffer): Promise<AttachmentPreview> {
  return (await inlinePreviewOf(filename, content))?.preview ?? 'none';
}

function isUtf8Text(content: Buffer): boolean {
  // An empty file has nothing to show.
  if (content.length === 0) return false;
  try {
    return !BINARY_CONTROLS.test(UTF8.decode(content));
  } catch {
    return false;
  }
}
