import { Column } from 'typeorm';

/**
 * What reports group and filter a fact by, copied from its request: the same columns in every
 * fact table, so a new grouping is added to all of them at once. Not an entity.
 */
export abstract class ReportDimensions {
  @Column({ name: 'category_id', type: 'integer' })
  categoryId!: number;

  @Column({ type: 'varchar', length: 10 })
  priority!: string;

  @Column({ type: 'varchar', length: 10 })
  channel!: string;

  @Column({ name: 'organisation_id', type: 'integer', nullable: true })
  organisationId!: number | null;
}
