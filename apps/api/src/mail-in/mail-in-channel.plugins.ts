import { Module } from '@nestjs/common';
import { MAIL_IN_CHANNEL, PluginDefinition } from '@pidtrymka/plugin-sdk';
import { ImapChannelSettings, ImapMailInChannel } from './channels/imap.channel';
import { MaildirChannelSettings, MaildirMailInChannel } from './channels/maildir.channel';
import { PipeMailInChannel } from './channels/pipe.channel';

@Module({ providers: [{ provide: MAIL_IN_CHANNEL, useClass: ImapMailInChannel }], exports: [MAIL_IN_CHANNEL] })
class ImapMailInModule {}

@Module({ providers: [{ provide: MAIL_IN_CHANNEL, useClass: MaildirMailInChannel }], exports: [MAIL_IN_CHANNEL] })
class MaildirMailInModule {}

@Module({ providers: [{ provide: MAIL_IN_CHANNEL, useClass: PipeMailInChannel }], exports: [MAIL_IN_CHANNEL] })
class PipeMailInModule {}

export const builtInMailInChannelPlugins: PluginDefinition[] = [
  { kind: 'mail-in', name: 'imap', module: ImapMailInModule, settings: ImapChannelSettings },
  { kind: 'mail-in', name: 'maildir', module: MaildirMailInModule, settings: MaildirChannelSettings },
  { kind: 'mail-in', name: 'pipe', module: PipeMailInModule },
];
