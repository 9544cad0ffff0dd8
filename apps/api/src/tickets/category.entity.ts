import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Locale } from '@pidtrymka/contracts';

@Entity({ name: 'categories' })
export class CategoryEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ name: 'name_uk', type: 'varchar', length: 100 })
  nameUk!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 100 })
  nameEn!: string;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  /** Exactly one category is the default (a partial unique index keeps it so). */
  @Index('categories_one_default', { unique: true, where: 'is_default' })
  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  nameIn(locale: Locale): string {
    return locale === 'en' ? this.nameEn : this.nameUk;
  }
}
