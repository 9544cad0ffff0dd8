import { Inject, Injectable, Logger } from '@nestjs/common';
import { ATTACHMENT_STORE, AttachmentStore, EventSubscriber, InspectedFile, SubscribedEvent } from '@pidtrymka/plugin-sdk';
import { AppConfig } from '../config/app-config';
import { AttachmentInspectionsRepository, InspectableAttachment, InspectionOutcome } from './attachment-inspections.repository';
import { REGISTERED_ATTACHMENT_INSPECTORS, RegisteredAttachmentInspector } from './registered-inspectors';

/**
 * The name the runner's deliveries are kept under among the event
 * subscribers; a colon, which no plugin name in a comma-separated setting
 * would sensibly carry, keeps it apart from theirs.
 */
export const ATTACHMENT_INSPECTION_SUBSCRIBER_NAME = 'pidtrymka:attachment-inspection';

const MAX_ERROR_LENGTH = 2000;

class InspectionTimeout extends Error {}

/**
 * Runs the attachment-inspector plugins (issue 20) off the request's path:
 * it is an event subscriber of its own, so the domain events a new request
 * or message writes in its transaction (`ticket.created`, `message.added`)
 * bring it, through the event dispatcher's leased, retried deliveries, to the
 * request's attachments once they are committed. Each attachment and
 * inspector gets one stored outcome — the report, or the failure or time-out
 * as such — so a failing inspector is shown, never retried forever, and the
 * request never waits on it. An event repeated after a crash only inspects
 * what has no outcome yet.
 */
@Injectable()
export class AttachmentInspectionRunner implements EventSubscriber {
  readonly events = ['ticket.created', 'message.added'] as const;
  private readonly logger = new Logger('AttachmentInspection');

  constructor(
    private readonly config: AppConfig,
    private readonly repository: AttachmentInspectionsRepository,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(REGISTERED_ATTACHMENT_INSPECTORS) private readonly inspectors: readonly RegisteredAttachmentInspector[],
  ) {}

  async handle(event: SubscribedEvent): Promise<void> {
    if (!event.ticketId) return;
    const attachments = await this.repository.attachmentsOfTicket(event.ticketId);
    for (const attachment of attachments) {
      const siblings = attachments.filter((other) => other.messageId === attachment.messageId && other.id !== attachment.id).map((other) => this.file(other));
      // Side by side: one slow inspector's time-out does not add to another's.
      const due = this.inspectors.filter(({ name, inspector }) => !attachment.inspectedBy.includes(name) && inspector.accepts(attachment));
      await Promise.all(
        due.map(async ({ name, inspector }) => {
          const outcome = await this.inspect(name, inspector, attachment, siblings);
          if (outcome) await this.repository.record(outcome);
        }),
      );
    }
  }

  private async inspect(
    name: string,
    inspector: RegisteredAttachmentInspector['inspector'],
    attachment: InspectableAttachment,
    siblings: InspectedFile[],
  ): Promise<InspectionOutcome | null> {
    const base = { attachmentId: attachment.id, inspector: name };
    const abort = new AbortController();
    const timeoutMs = this.config.attachmentInspection.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new InspectionTimeout(`no result within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([Promise.resolve().then(() => inspector.inspect({ file: this.file(attachment), siblings, signal: abort.signal })), timeout]);
      if (!result) return null;
      return { ...base, status: 'done', kind: String(result.kind).slice(0, 50), report: result.report ?? null, error: null };
    } catch (error) {
      const message = `${(error as Error)?.message ?? error}`.slice(0, MAX_ERROR_LENGTH);
      const status = error instanceof InspectionTimeout ? 'timed_out' : 'failed';
      this.logger.warn(`Inspector ${name} on attachment ${attachment.id}: ${status}: ${message}`);
      return { ...base, status, kind: null, report: null, error: message };
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  }

  private file(attachment: InspectableAttachment): InspectedFile {
    return { filename: attachment.filename, contentType: attachment.contentType, size: attachment.size, read: () => this.store.read(attachment.storageKey) };
  }
}
