import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { MailTransport, OutgoingMail, Setting } from '@pidtrymka/plugin-sdk';
import { IsNotEmpty } from 'class-validator';
import { createTransport, Transporter } from 'nodemailer';

export class SmtpTransportSettings {
  /** `smtp://user:password@host:587` (STARTTLS) or `smtps://…:465`; nodemailer options as query parameters. */
  @Setting('SMTP_URL') @IsNotEmpty({ message: 'MAIL_TRANSPORT=smtp needs SMTP_URL, e.g. smtp://user:password@mail.example.com:587' })
  readonly url?: string;
}

/**
 * Sends through the SMTP server of SMTP_URL (`smtp://user:pass@host:587`,
 * `smtps://…:465`), over a pool of connections; nodemailer options may be
 * given as URL parameters (e.g. `?maxConnections=10`).
 */
@Injectable()
export class SmtpMailTransport implements MailTransport, OnApplicationShutdown {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(settings: SmtpTransportSettings) {
    this.transporter = createTransport({ pool: true, maxConnections: 5, maxMessages: Infinity, url: settings.url });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({ envelope: mail.envelope, raw: mail.raw });
  }

  /** A connection and login of its own (the pool's are busy sending); the readiness check caches and times it. */
  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
