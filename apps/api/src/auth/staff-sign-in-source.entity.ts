import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { StaffAccountEntity } from './staff-account.entity';

/** An address the account signed in from: the sign-in slowdown spares it, so the owner gets in while strangers guess (issue 12.5). */
@Entity({ name: 'staff_sign_in_sources' })
export class StaffSignInSourceEntity {
  @ForeignKey(() => StaffAccountEntity, { name: 'staff_sign_in_sources_staff_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'staff_id', type: 'uuid' })
  staffId!: string;

  @PrimaryColumn({ type: 'varchar', length: 45 })
  ip!: string;

  @Column({ name: 'last_success_at', type: 'timestamptz', default: () => 'now()' })
  lastSuccessAt!: Date;
}
