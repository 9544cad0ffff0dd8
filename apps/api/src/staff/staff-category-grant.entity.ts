import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { StaffAccountEntity } from '../auth/staff-account.entity';

/** An agent may see and work the requests of this category (admins see every one without grants). */
@Entity({ name: 'staff_category_grants' })
export class StaffCategoryGrantEntity {
  @ForeignKey(() => StaffAccountEntity, { name: 'staff_category_grants_staff_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'staff_id', type: 'uuid' })
  staffId!: string;

  /** Named by table: the categories belong to the tickets module. */
  @Index('staff_category_grants_category_id_idx')
  @ForeignKey('categories', { name: 'staff_category_grants_category_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'category_id', type: 'integer' })
  categoryId!: number;
}
