import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailboxTransports } from './mailbox-transports';
import { MailboxesRepository } from './mailboxes.repository';
import { MailboxesService } from './mailboxes.service';
import { OAuthTokens } from './oauth-tokens';

/** Issue 16: the mailboxes besides the environment's default one; their admin API is MailboxesAdminModule's. */
@Module({
  imports: [AuditModule],
  providers: [MailboxesService, MailboxesRepository, OAuthTokens, MailboxTransports],
  exports: [MailboxesService, MailboxesRepository, MailboxTransports],
})
export class MailboxesModule {}
