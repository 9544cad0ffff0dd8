import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { MailboxAuthKind, MailboxConnection, MailboxKind, MailboxOAuth, MailboxSmtp } from '@pidtrymka/contracts';

/**
 * Issue 16: an inbound mailbox besides the default one of the environment,
 * with its category and sending identity. The four secret columns hold values
 * sealed by SecretsService (SEALED_COLUMNS), never clear text.
 */
@Entity({ name: 'mailboxes' })
@Unique('mailboxes_name_key', ['name'])
@Check('mailboxes_kind_check', `kind IN ('imap', 'maildir', 'pipe')`)
@Check('mailboxes_auth_kind_check', `auth_kind IN ('password', 'oauth2-microsoft', 'oauth2-google')`)
export class MailboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: MailboxKind;

  @Column({ type: 'jsonb', default: {} })
  settings!: MailboxConnection;

  /** New requests from this mailbox go here; null: the default category. */
  @ForeignKey('categories', { name: 'mailboxes_category_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'category_id', type: 'integer', nullable: true })
  categoryId!: number | null;

  @Column({ name: 'from_name', type: 'varchar', length: 100, default: '' })
  fromName!: string;

  @Column({ name: 'from_address', type: 'varchar', length: 254 })
  fromAddress!: string;

  /** Null: the default transport (MAIL_TRANSPORT). */
  @Column({ type: 'jsonb', nullable: true })
  smtp!: MailboxSmtp | null;

  @Column({ name: 'auth_kind', type: 'varchar', length: 20, default: 'password' })
  authKind!: MailboxAuthKind;

  @Column({ type: 'jsonb', nullable: true })
  oauth!: MailboxOAuth | null;

  /** Sealed: the IMAP password. */
  @Column({ type: 'text', nullable: true })
  password!: string | null;

  /** Sealed: the SMTP password. */
  @Column({ name: 'smtp_password', type: 'text', nullable: true })
  smtpPassword!: string | null;

  /** Sealed: the OAuth2 client secret. */
  @Column({ name: 'oauth_secret', type: 'text', nullable: true })
  oauthSecret!: string | null;

  /** Sealed: Google's refresh token. */
  @Column({ name: 'oauth_refresh_token', type: 'text', nullable: true })
  oauthRefreshToken!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
