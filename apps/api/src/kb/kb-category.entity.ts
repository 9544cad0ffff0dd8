import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Locale } from '@pidtrymka/contracts';

@Entity({ name: 'kb_categories' })
export class KbCategoryEntity {
  @PrimaryColumn({ name: 'source_id', type: 'varchar', length: 100 })
  sourceId!: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  locale!: Locale;

  @Column({ type: 'varchar', length: 200 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'integer', default: 0 })
  position!: number;
}
