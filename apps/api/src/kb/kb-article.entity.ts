import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Locale } from '@pidtrymka/contracts';

/**
 * The read model of one published article in one language, as the knowledge
 * source last gave it. `search` (a generated tsvector) is left to PostgreSQL.
 */
@Entity({ name: 'kb_articles' })
@Index('kb_articles_locale_slug_key', ['locale', 'slug'], { unique: true })
export class KbArticleEntity {
  @PrimaryColumn({ name: 'source_id', type: 'varchar', length: 100 })
  sourceId!: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  locale!: Locale;

  @Column({ type: 'varchar', length: 300 })
  slug!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text' })
  excerpt!: string;

  @Column({ name: 'body_html', type: 'text' })
  bodyHtml!: string;

  /** The body without markup, for search. */
  @Column({ name: 'body_text', type: 'text' })
  bodyText!: string;

  @Column({ name: 'category_source_id', type: 'varchar', length: 100, nullable: true })
  categorySourceId!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
