import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { MailboxesService, OpenedMailbox } from './mailboxes.service';

interface Pooled {
  key: string;
  transporter: Transporter;
}

/**
 * Issue 16: the SMTP account of each mailbox that has its own (others send
 * through the default transport). One pool per mailbox, replaced when the
 * mailbox or its OAuth2 token changes. A login refused with a cached token
 * drops the token and tries once more with a fresh one.
 */
@Injectable()
export class MailboxTransports implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pooled>();

  constructor(private readonly mailboxes: MailboxesService) {}

  async send(mailbox: OpenedMailbox, mail: SendMailOptions): Promise<void> {
    const first = await this.transporter(mailbox);
    try {
      await first.transporter.sendMail(mail);
    } catch (error) {
      if (!isAuthFailure(error) || !first.accessToken) throw error;
      this.mailboxes.tokens.invalidate(mailbox.id, first.accessToken);
      await (await this.transporter(mailbox)).transporter.sendMail(mail);
    }
  }

  onApplicationShutdown(): void {
    for (const pooled of this.pools.values()) pooled.transporter.close();
    this.pools.clear();
  }

  private async transporter(mailbox: OpenedMailbox): Promise<{ transporter: Transporter; accessToken?: string }> {
    const smtp = mailbox.smtp!;
    const credentials = this.mailboxes.oauthCredentials(mailbox);
    const accessToken = credentials ? await this.mailboxes.tokens.token(credentials) : undefined;
    const key = `${mailbox.version}:${accessToken ?? ''}`;
    const pooled = this.pools.get(mailbox.id);
    if (pooled?.key === key) return { transporter: pooled.transporter, accessToken };
    pooled?.transporter.close();
    const user = smtp.user ?? mailbox.settings.user;
    const auth = accessToken ? { type: 'OAuth2' as const, user, accessToken } : user && mailbox.smtpPassword ? { user, pass: mailbox.smtpPassword } : undefined;
    const options: SMTPPool.Options = {
      pool: true,
      maxConnections: 3,
      host: smtp.host,
      port: smtp.port ?? (smtp.secure ? 465 : 587),
      secure: !!smtp.secure,
      auth,
      tls: { rejectUnauthorized: smtp.rejectUnauthorized ?? true },
    };
    const transporter = createTransport(options);
    this.pools.set(mailbox.id, { key, transporter });
    return { transporter, accessToken };
  }
}

function isAuthFailure(error: unknown): boolean {
  return (error as { code?: string }).code === 'EAUTH';
}
