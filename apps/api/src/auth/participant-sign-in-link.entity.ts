import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Issue 18: a one-time sign-in link sent to a participant's address; only its token's SHA-256 is kept. */
@Entity({ name: 'participant_sign_in_links' })
export class ParticipantSignInLinkEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Index('participant_sign_in_links_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
