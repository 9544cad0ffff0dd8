import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { MailTransport, OutgoingMail, PLUGIN_CONTEXT, PluginContext, Setting } from '@pidtrymka/plugin-sdk';

export class MaildirTransportSettings {
  /** Unset: DATA_DIR/mail/sent. */
  @Setting('MAIL_SENT_DIR')
  readonly dir?: string;
}

/**
 * The embedded default: each e-mail becomes `<Message-ID>.eml` under
 * DATA_DIR/mail/sent (or MAIL_SENT_DIR), for a deployment without a mail
 * server. Named by Message-ID, so a retried e-mail replaces its own file.
 */
@Injectable()
export class MaildirMailTransport implements MailTransport {
  readonly name = 'maildir';
  private readonly dir: string;

  constructor(@Inject(PLUGIN_CONTEXT) context: PluginContext, settings: MaildirTransportSettings) {
    this.dir = settings.dir ?? join(context.dataDir, 'mail', 'sent');
  }

  async send(mail: OutgoingMail): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${mail.messageId.replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`);
    // Write then rename, so a reader never sees half an e-mail.
    await writeFile(`${path}.tmp`, mail.raw);
    await rename(`${path}.tmp`, path);
  }
}
