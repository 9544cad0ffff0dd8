import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Issue 17: a queue filter and sort kept under a name; `shared` (an admin's choice) shows it to every staff member. */
@Entity({ name: 'saved_views' })
@Index('saved_views_owner_id_idx', ['ownerId'])
@Index('saved_views_shared_idx', ['shared'], { where: 'shared' })
export class SavedViewEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @ForeignKey('staff_accounts', { name: 'saved_views_owner_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The queue's query string, as the page writes it. */
  @Column({ type: 'text' })
  query!: string;

  @Column({ type: 'boolean', default: false })
  shared!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
