import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Issue 18: a participant's signed-in browser. A table of its own, so no staff session can ever be read as one, nor the reverse. */
@Entity({ name: 'participant_sessions' })
export class ParticipantSessionEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  /** Lower-cased: the participant is their address. */
  @Index('participant_sessions_email_idx')
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 45 })
  ip!: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, default: '' })
  userAgent!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt!: Date;

  @Index('participant_sessions_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
