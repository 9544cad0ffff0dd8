/** Issue 16: the inbound mailboxes besides the environment's default one. */
export const MAILBOX_KINDS = ['imap', 'maildir', 'pipe'] as const;
export type MailboxKind = (typeof MAILBOX_KINDS)[number];

export const MAILBOX_AUTH_KINDS = ['password', 'oauth2-microsoft', 'oauth2-google'] as const;
export type MailboxAuthKind = (typeof MAILBOX_AUTH_KINDS)[number];

export const MAILBOX_STATES = ['connected', 'connecting', 'disconnected', 'idle', 'disabled'] as const;
export type MailboxState = (typeof MAILBOX_STATES)[number];

/** How a mailbox is reached: IMAP's server and folders, or a maildir's folder. */
export interface MailboxConnection {
  host?: string;
  port?: number;
  tls?: boolean;
  rejectUnauthorized?: boolean;
  user?: string;
  folder?: string;
  moveTo?: string;
  /** maildir: the folder with new/, cur/, tmp/. */
  dir?: string;
}

/** The SMTP account a mailbox sends through; its password (or OAuth2 token) is kept apart, sealed. */
export interface MailboxSmtp {
  host: string;
  port?: number;
  /** True: TLS from the start (465); false: STARTTLS when offered. */
  secure?: boolean;
  user?: string;
  rejectUnauthorized?: boolean;
}

/** OAuth2 without the secrets: whose token, from where. */
export interface MailboxOAuth {
  clientId: string;
  /** Microsoft's tenant (id or domain). */
  tenant?: string;
  /** Unset: Microsoft's or Google's token endpoint. */
  tokenUrl?: string;
}

/** This instance's view of a mailbox: its reader's connection, and a failed OAuth2 refresh. */
export interface MailboxStatus {
  state: MailboxState;
  error?: string;
  tokenError?: string;
}

/** What an admin writes: a secret given is set, `null` clears it, absent keeps it. */
export interface MailboxInput {
  name?: string;
  kind?: MailboxKind;
  settings?: MailboxConnection;
  categoryId?: number | null;
  fromName?: string;
  fromAddress?: string;
  smtp?: MailboxSmtp | null;
  authKind?: MailboxAuthKind;
  oauth?: MailboxOAuth | null;
  password?: string | null;
  smtpPassword?: string | null;
  clientSecret?: string | null;
  refreshToken?: string | null;
  enabled?: boolean;
}

/** What of a mailbox is not secret: the same in the admins' view and in the server's opened copy. */
export interface MailboxPublicFields {
  id: string;
  name: string;
  kind: MailboxKind;
  settings: MailboxConnection;
  categoryId: number | null;
  fromName: string;
  fromAddress: string;
  smtp: MailboxSmtp | null;
  authKind: MailboxAuthKind;
  oauth: MailboxOAuth | null;
  enabled: boolean;
}

/** A mailbox as admins see it: secrets only as "set". */
export interface MailboxView extends MailboxPublicFields {
  passwordSet: boolean;
  smtpPasswordSet: boolean;
  clientSecretSet: boolean;
  refreshTokenSet: boolean;
  status: MailboxStatus;
  updatedAt: string;
}
