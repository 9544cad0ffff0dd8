import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StaffAccountEntity } from './staff-account.entity';

/** A one-time code that replaces the authenticator once; only its argon2 hash is kept. */
@Entity({ name: 'staff_recovery_codes' })
export class RecoveryCodeEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  @Index('staff_recovery_codes_staff_id_idx')
  @ForeignKey(() => StaffAccountEntity, { name: 'staff_recovery_codes_staff_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'staff_id', type: 'uuid' })
  staffId!: string;

  @Column({ name: 'code_hash', type: 'text' })
  codeHash!: string;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
