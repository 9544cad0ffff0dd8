import { Column, CreateDateColumn, PrimaryColumn } from 'typeorm';

/**
 * What a signed-in browser's row holds whoever it belongs to (staff_sessions, participant_sessions).
 * Not an entity: each kind keeps a table of its own (so no session can be read as the other kind)
 * and its own whose-it-is column; each names its index on expires_at itself (index names are per schema).
 */
export abstract class SessionColumns {
  /** The cookie holds the token; only its SHA-256 is kept, so a copy of the table signs nobody in. */
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 45 })
  ip!: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, default: '' })
  userAgent!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
