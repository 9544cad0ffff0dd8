import { extname } from 'node:path';

/** By extension, not by what the client claims: the type we serve is ours to choose. */
const CONTENT_TYPES: Record<string, string> = {
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  pdf: 'application/pdf',
  p7s: 'application/pkcs7-signature',
  asice: 'application/vnd.etsi.asic-e+zip',
};

const MAX_FILENAME_LENGTH = 255;
// C0/C1 controls, and bidirectional overrides that make "exe.pdf" read as "fdp.exe".
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name a file is kept and offered under: the last path segment only, no
 * control or direction characters, at most 255 characters with its extension
 * kept. Empty when nothing usable is left.
 */
export function sanitizeFilename(original: string): string {
  const lastSegment = original.split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment.replace(UNSAFE_CHARACTERS, '').trim().replace(/^\.+$/, '');
  if (cleaned.length <= MAX_FILENAME_LENGTH) return cleaned;
  const extension = extname(cleaned).slice(0, 20);
  return cleaned.slice(0, MAX_FILENAME_LENGTH - extension.length) + extension;
}

/** `test1.docx.p7s` → `p7s`; no extension → empty. */
export function extensionOf(filename: string): string {
  return extname(filename).slice(1).toLowerCase();
}

export function contentTypeFor(filename: string): string {
  return CONTENT_TYPES[extensionOf(filename)] ?? 'application/octet-stream';
}
