import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MailboxesController } from './mailboxes.controller';
import { MailboxesModule } from './mailboxes.module';

/** Issue 16: the admins' API of the mailboxes. */
@Module({ imports: [AuthModule, MailboxesModule], controllers: [MailboxesController] })
export class MailboxesAdminModule {}
