import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { StaffAccountEntity } from './staff-account.entity';

/** A signed-in browser. The cookie holds the token; only its SHA-256 is kept, so a copy of the table signs nobody in. */
@Entity({ name: 'staff_sessions' })
export class StaffSessionEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Index('staff_sessions_staff_id_idx')
  @ForeignKey(() => StaffAccountEntity, { name: 'staff_sessions_staff_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'staff_id', type: 'uuid' })
  staffId!: string;

  @Column({ type: 'varchar', length: 45 })
  ip!: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, default: '' })
  userAgent!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt!: Date;

  @Index('staff_sessions_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
