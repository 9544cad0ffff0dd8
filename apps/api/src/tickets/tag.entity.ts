import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Issue 17: a staff-only label; a colour puts it on the admins' curated list, none makes it a free one. */
@Entity({ name: 'tags' })
@Unique('tags_name_key', ['name'])
@Check('tags_color_check', `color IS NULL OR color ~ '^#[0-9a-f]{6}$'`)
export class TagEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** Lower case, single spaces: one tag per word however it is typed. */
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  color!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
