import type { AttachmentInspector } from '@pidtrymka/plugin-sdk';

/** Token of the attachment-inspector plugins ATTACHMENT_INSPECTORS chose (plugins/ provides it), each with its plugin's name. */
export const REGISTERED_ATTACHMENT_INSPECTORS = 'pidtrymka:RegisteredAttachmentInspectors';

export interface RegisteredAttachmentInspector {
  /** The plugin's name: what its results are stored under, so it must stay the same across restarts. */
  name: string;
  inspector: AttachmentInspector;
}
