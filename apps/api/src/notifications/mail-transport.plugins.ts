import { Module } from '@nestjs/common';
import { MAIL_TRANSPORT, PluginDefinition } from '@pidtrymka/plugin-sdk';
import { MaildirMailTransport } from './maildir.transport';
import { SmtpMailTransport } from './smtp.transport';

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
  { kind: 'mail-transport', name: 'smtp', module: SmtpMailTransportModule },
  { kind: 'mail-transport', name: 'maildir', module: MaildirMailTransportModule },
];
