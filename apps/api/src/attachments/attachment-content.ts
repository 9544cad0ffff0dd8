import { fileTypeFromBuffer } from 'file-type';
import { extensionOf } from './attachment-files';

/**
 * What a file of each allowed extension must be, by its magic bytes
 * (file-type's names). Office 97–2003 files are OLE compound files (`cfb`);
 * some writers order the parts of an Office Open XML file so that it reads
 * as a plain `zip`.
 */
const EXPECTED: Record<string, readonly string[]> = {
  gif: ['gif'],
  jpg: ['jpg'],
  jpeg: ['jpg'],
  png: ['png'],
  zip: ['zip'],
  rar: ['rar'],
  doc: ['cfb'],
  xls: ['cfb'],
  docx: ['docx', 'zip'],
  xlsx: ['xlsx', 'zip'],
  pdf: ['pdf', 'ai'],
  // An ASiC-E container (signed documents, issue 20) is a zip whose first entry names its type.
  asice: ['zip'],
};

/**
 * Text has no signature; XML is the one signature text may legitimately carry
 * (a .txt or .csv export that is XML), and it is served as text/plain anyway.
 */
const TEXT_LIKE = new Set(['xml']);

export interface ContentMismatch {
  /** The extension the name claims. */
  claimed: string;
  /** What the bytes are, or null when they carry no signature at all. */
  detected: string | null;
}

/**
 * Whether the bytes are what the extension says: a named binary format must
 * carry its own signature; any other extension (txt, csv, log, p7s, or one
 * an operator allowed) passes when the bytes carry no signature or the
 * extension's own, and is refused when they are recognisably something else
 * (an .exe renamed .txt, an HTML page renamed .png).
 */
export async function contentMismatch(filename: string, content: Buffer): Promise<ContentMismatch | null> {
  const claimed = extensionOf(filename);
  const detected = (await fileTypeFromBuffer(content))?.ext ?? null;
  const expected = EXPECTED[claimed];
  if (expected) return detected && expected.includes(detected) ? null : { claimed, detected };
  if (detected === null || detected === claimed || TEXT_LIKE.has(detected)) return null;
  return { claimed, detected };
}
