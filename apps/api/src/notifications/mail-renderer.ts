import { Injectable } from '@nestjs/common';
import type { Locale } from '@pidtrymka/contracts';
import { AppConfig } from '../config/app-config';
import { SEALED_VALUES } from '../secrets/sealed-columns.repository';
import { SecretsService } from '../secrets/secrets.service';
import { mailContext, MailOptions, unlinkedContext } from './mail-context';
import { MailTemplates } from './mail-templates';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Turns an outbox row into subject, text and HTML, from its template file
 * (`MailTemplates`: checked when the app's module is built, so at start, and
 * taken here when first needed, so commands that send nothing do not compile
 * them). Participants' words are escaped in HTML and never become links
 * (`unlinkable`); in the subject, line breaks are folded away so that nothing
 * a participant wrote can start a header of its own.
 */
@Injectable()
export class MailRenderer {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
  ) {}

  render<T extends OutboxTemplate>(template: T, locale: Locale, recipient: string, payload: OutboxPayloads[T], options: MailOptions = {}): RenderedMail {
    const templates = MailTemplates.load(this.config.mailTemplatesDir);
    const context = mailContext(template, locale, recipient, this.opened(template, recipient, payload), this.config.publicUrl, {
      satisfactionInvite: this.config.satisfactionEmailInvite === true,
      ...options,
    });
    // The subject line is not linked by mail clients, and is kept as written (mail-in and people match on it).
    const body = unlinkedContext(template, context);
    return {
      subject: singleLine(templates.render('subject', template, locale, context)),
      text: templates.render('text', template, locale, body),
      html: templates.render('html', template, locale, body),
    };
  }

  /**
   * The payload with its sealed parts opened, for this rendering only (the
   * stored row keeps them sealed). A token that does not open throws, and the
   * outbox keeps the e-mail as failed with the reason: a link that cannot be
   * read cannot be sent.
   */
  private opened<T extends OutboxTemplate>(template: T, recipient: string, payload: OutboxPayloads[T]): OutboxPayloads[T] {
    if (template !== 'participant_sign_in') return payload;
    const signIn = payload as OutboxPayloads['participant_sign_in'];
    return { ...signIn, token: this.secrets.open(SEALED_VALUES.signInToken, recipient, signIn.token) } as OutboxPayloads[T];
  }
}

function singleLine(value: string): string {
  return value.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}
