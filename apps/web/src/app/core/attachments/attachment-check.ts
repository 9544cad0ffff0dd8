import type { AttachmentLimitsView } from '@pidtrymka/contracts';
import type { MessageKey } from '../i18n/message-keys';

/** A text to show, as a dictionary key and its parameters. */
export interface MessageRef {
  key: MessageKey;
  params: Record<string, string | number>;
}

export interface AttachmentCheck<F> {
  /** The chosen files that pass, as many as there is room for. */
  accepted: F[];
  /** Why the others were refused: one text for each file of a wrong type or too large, one for those over the count. */
  problems: MessageRef[];
}

/**
 * The attachment limits (R-SUB-6) checked before sending, the same way in the portal's request and
 * reply forms and the workspace's reply form: a file of a type not allowed, or too large, is named
 * with the limit it breaks; the rest are kept as far as the count allows, so nothing that was fine
 * has to be chosen again. The API checks again. `maxBytesLabel` is the size limit as the reader
 * writes sizes.
 */
export function checkAttachments<F extends { name: string; size: number }>(
  chosen: readonly F[],
  alreadyChosen: number,
  limits: AttachmentLimitsView,
  maxBytesLabel: string,
): AttachmentCheck<F> {
  const problems: MessageRef[] = [];
  const passed: F[] = [];
  const types = limits.extensions.join(', ');
  for (const file of chosen) {
    const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
    if (!limits.extensions.includes(extension)) problems.push({ key: 'attach.badType', params: { name: file.name, types } });
    else if (file.size > limits.maxBytes) problems.push({ key: 'attach.tooLarge', params: { name: file.name, max: maxBytesLabel } });
    else passed.push(file);
  }
  const room = Math.max(0, limits.maxCount - alreadyChosen);
  if (passed.length > room) problems.push({ key: 'attach.tooMany', params: { max: limits.maxCount } });
  return { accepted: passed.slice(0, room), problems };
}
