import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Kept in the database so that any API instance can check an answer. */
@Entity({ name: 'captcha_challenges' })
export class CaptchaChallengeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** What checks an answer: the number in the picture (`image`), or the challenge's own signing key (`altcha`). */
  @Column({ type: 'varchar', length: 16 })
  answer!: string;

  @Index('captcha_challenges_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
