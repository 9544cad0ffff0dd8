/** Token under which the chosen `MailTransport` is provided. */
export const MAIL_TRANSPORT = 'pidtrymka:MailTransport';

/** A finished e-mail: the API renders and encodes it, a transport only carries it. */
export interface OutgoingMail {
  /** SMTP envelope sender and recipients; the headers inside `raw` are what people see. */
  envelope: { from: string; to: string[] };
  /** Our Message-ID, without angle brackets; the same on every attempt of one e-mail. */
  messageId: string;
  /** The whole RFC 5322 message, CRLF line endings. */
  raw: Buffer;
}

/**
 * Delivers outgoing e-mail (the notifications outbox). `send` resolves only
 * once the next hop has accepted the message; a rejection is retried later.
 */
export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
  /**
   * Optional, for the API's readiness check: resolves when the next hop can
   * be reached and accepts us (e.g. an SMTP connection and login), rejects
   * with the reason otherwise. The API caches the answer and bounds its time.
   */
  verify?(): Promise<void>;
}
