import type { AttachmentLimitsView } from '@pidtrymka/contracts';

/** A problem with the files chosen, as a dictionary key and its parameters. */
export interface FileProblem {
  key: 'staffTicket.tooManyFiles' | 'staffTicket.fileTooLarge' | 'staffTicket.fileType';
  params: Record<string, string | number>;
}

/**
 * The API's attachment limits (R-SUB-6) checked before sending, so a refused file is named at
 * once; the API checks again. `maxBytesLabel` is the limit as the reader writes sizes.
 */
export function checkFiles(
  files: readonly { name: string; size: number }[],
  limits: AttachmentLimitsView,
  maxBytesLabel: string,
): FileProblem | null {
  if (files.length > limits.maxCount) return { key: 'staffTicket.tooManyFiles', params: { max: limits.maxCount } };
  for (const file of files) {
    if (file.size > limits.maxBytes) return { key: 'staffTicket.fileTooLarge', params: { name: file.name, size: maxBytesLabel } };
    const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
    if (!limits.extensions.includes(extension)) return { key: 'staffTicket.fileType', params: { name: file.name } };
  }
  return null;
}
