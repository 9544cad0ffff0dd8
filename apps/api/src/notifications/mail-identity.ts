import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { loadOrCreateSecret } from '../config/data-dir-secret';

const SECRET_FILE = 'mail-secret';
const SIGNATURE_LENGTH = 24;
const UUID_HEX = /^[0-9a-f]{32}$/;
// p<outbox id>.<ticket id as 32 hex digits, or 0>.<signature>@<our domain>
const OUR_MESSAGE_ID = /^p(\d{1,19})\.([0-9a-f]{32}|0)\.([0-9a-f]{24})@(.+)$/i;

/**
 * Who we are in e-mail: the From address, and Message-IDs that name the
 * request and are signed with a server secret (MAIL_SECRET, else one made on
 * first start and kept in DATA_DIR), so a reply can be traced back to its
 * request and nobody can forge one that points at somebody else's.
 */
@Injectable()
export class MailIdentity implements OnModuleInit {
  private readonly logger = new Logger('Mail');
  private secret?: Buffer;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.secret = Buffer.from(this.config.mail.secret ?? (await this.loadOrCreateSecret()), 'utf8');
  }

  get fromAddress(): string {
    return this.config.mail.fromAddress;
  }

  get from(): { name: string; address: string } {
    return { name: this.config.mail.fromName, address: this.config.mail.fromAddress };
  }

  get domain(): string {
    return domainOf(this.config.mail.fromAddress);
  }

  /**
   * The Message-ID (without angle brackets) of one outbox e-mail: the same on
   * every attempt. `domain`: the sending mailbox's (its From address's), so the
   * ID is of the domain the e-mail comes from (spam filters weigh a mismatch);
   * the default identity's otherwise. The signature does not cover it, so a
   * reply is traced whichever of our domains its References name.
   */
  messageIdFor(outboxId: string, ticketId: string | null, domain = this.domain): string {
    const ticket = ticketId ? ticketId.replace(/-/g, '').toLowerCase() : '0';
    return `p${outboxId}.${ticket}.${this.sign(`${outboxId}.${ticket}`)}@${domain}`;
  }

  /** Whether a Message-ID is one we made (with a valid signature), and for which request. */
  parse(messageId: string): { ours: boolean; ticketId: string | null } {
    const match = OUR_MESSAGE_ID.exec(messageId.trim().replace(/^<|>$/g, ''));
    if (!match) return { ours: false, ticketId: null };
    const [, outboxId, ticket, signature] = match;
    const expected = Buffer.from(this.sign(`${outboxId}.${ticket.toLowerCase()}`));
    const given = Buffer.from(signature.toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ours: false, ticketId: null };
    return { ours: true, ticketId: UUID_HEX.test(ticket) ? toUuid(ticket.toLowerCase()) : null };
  }

  private sign(value: string): string {
    if (!this.secret) throw new Error('MailIdentity used before the module was initialised');
    return createHmac('sha256', this.secret).update(value).digest('hex').slice(0, SIGNATURE_LENGTH);
  }

  private async loadOrCreateSecret(): Promise<string> {
    const { value, created, path } = await loadOrCreateSecret(this.config.dataDir, SECRET_FILE);
    if (created) this.logger.log(`MAIL_SECRET is not set: generated one in ${path}`);
    return value;
  }
}

/** The domain of an e-mail address, as a Message-ID's right-hand side. */
export function domainOf(address: string): string {
  return address.split('@').pop()?.trim().toLowerCase() || 'localhost';
}

function toUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
