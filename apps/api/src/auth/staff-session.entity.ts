import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { SessionColumns } from './session-columns';
import { StaffAccountEntity } from './staff-account.entity';

/** A staff member's signed-in browser. */
@Entity({ name: 'staff_sessions' })
@Index('staff_sessions_expires_at_idx', ['expiresAt'])
export class StaffSessionEntity extends SessionColumns {
  @Index('staff_sessions_staff_id_idx')
  @ForeignKey(() => StaffAccountEntity, { name: 'staff_sessions_staff_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'staff_id', type: 'uuid' })
  staffId!: string;
}
