import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Every column that holds a sealed secret (issue 16), by table and column:
 * the only place these names meet SQL, so they are never a caller's input.
 */
export const SEALED_COLUMNS = {
  webhookSecret: { table: 'webhooks', column: 'secret', label: 'webhook signing secret' },
  totpSecret: { table: 'staff_accounts', column: 'totp_secret', label: 'staff TOTP secret' },
  mailboxPassword: { table: 'mailboxes', column: 'password', label: 'mailbox IMAP password' },
  mailboxSmtpPassword: { table: 'mailboxes', column: 'smtp_password', label: 'mailbox SMTP password' },
  mailboxOAuthSecret: { table: 'mailboxes', column: 'oauth_secret', label: 'mailbox OAuth2 client secret' },
  mailboxRefreshToken: { table: 'mailboxes', column: 'oauth_refresh_token', label: 'mailbox OAuth2 refresh token' },
} as const;

/**
 * Sealed values kept inside a JSON payload rather than a column of their own,
 * bound to what their row is about. Short-lived, so the start-up step does not
 * seal them again: one sealed with a key being rotated out still opens through
 * SECRETS_KEY_PREVIOUS for as long as it is of any use.
 */
export const SEALED_VALUES = {
  /** A participant's sign-in link (issue 18) while its e-mail waits in the outbox, bound to the address it goes to. */
  signInToken: { table: 'outbox', column: 'payload.token', label: 'participant sign-in link token' },
} as const;

export interface SealedColumn {
  readonly table: string;
  readonly column: string;
  readonly label: string;
}

export interface StoredSecret {
  id: string;
  value: string;
}

/** The queries of the start-up step that seals what is not sealed with the current key. */
@Injectable()
export class SealedColumnsRepository {
  /** The rows of `column` not sealed with the key `currentPrefix` names (clear text, another key, an older form), locked until commit. */
  lockNotSealedWith(manager: EntityManager, column: SealedColumn, currentPrefix: string): Promise<StoredSecret[]> {
    return manager.query<StoredSecret[]>(
      `SELECT id::text AS id, ${column.column} AS value FROM ${column.table}
       WHERE ${column.column} IS NOT NULL AND left(${column.column}, length($1)) <> $1
       ORDER BY id FOR UPDATE`,
      [currentPrefix],
    );
  }

  /** Rewrites one value only if it is still what was read (the row is locked, so this is belt and braces). */
  async replace(manager: EntityManager, column: SealedColumn, row: StoredSecret, sealed: string): Promise<void> {
    await manager.query(`UPDATE ${column.table} SET ${column.column} = $3 WHERE id = $1::uuid AND ${column.column} = $2`, [row.id, row.value, sealed]);
  }
}
