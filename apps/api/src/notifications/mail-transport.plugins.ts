import { Module } from '@nestjs/common';
import { MAIL_TRANSPORT, PluginDefinition } from '@pidtrymka/plugin-sdk';
import { MaildirMailTransport, MaildirTransportSettings } from './maildir.transport';
import { SmtpMailTransport, SmtpTransportSettings } from './smtp.transport';

@Module({
  providers: [{ provide: MAIL_TRANSPORT, useClass: SmtpMailTransport }],
  exports: [MAIL_TRANSPORT],
})
class SmtpMailTransportModule {}

@Module({
  providers: [{ provide: MAIL_TRANSPORT, useClass: MaildirMailTransport }],
  exports: [MAIL_TRANSPORT],
})
class MaildirMailTransportModule {}

export const builtInMailTransportPlugins: PluginDefinition[] = [
  { kind: 'mail-transport', name: 'smtp', module: SmtpMailTransportModule, settings: SmtpTransportSettings },
  { kind: 'mail-transport', name: 'maildir', module: MaildirMailTransportModule, settings: MaildirTransportSettings },
];
