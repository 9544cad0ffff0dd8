import type { MailTransport, OutgoingMail } from '@pidtrymka/plugin-sdk';
import type { SentMessageInfo, Transport } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';

/**
 * The transport of @nestjs-modules/mailer: nodemailer composes the message
 * (its MailComposer, as before), and the chosen mail-transport plugin — smtp,
 * maildir, or one from PLUGINS — carries it; transports stay plugins.
 */
export class PluginTransport implements Transport<SentMessageInfo> {
  readonly name: string;
  readonly version = '1';

  constructor(private readonly plugin: MailTransport) {
    this.name = `plugin:${plugin.name}`;
  }

  send(mail: MailMessage<SentMessageInfo>, callback: (error: Error | null, info?: SentMessageInfo) => void): void {
    this.deliver(mail).then(
      (info) => callback(null, info),
      (error: Error) => callback(error),
    );
  }

  private async deliver(mail: MailMessage<SentMessageInfo>): Promise<SentMessageInfo> {
    const { from, to } = mail.message.getEnvelope();
    if (!from) throw new Error('An e-mail without an envelope sender');
    const outgoing: OutgoingMail = { envelope: { from, to }, messageId: mail.message.messageId().replace(/^<|>$/g, ''), raw: await mail.message.build() };
    await this.plugin.send(outgoing);
    return { envelope: outgoing.envelope, messageId: outgoing.messageId };
  }
}
