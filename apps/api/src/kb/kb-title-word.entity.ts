import { Index, ViewColumn, ViewEntity } from 'typeorm';
import type { Locale } from '@pidtrymka/contracts';

/**
 * The words of article titles, for spelling correction: a query word with no match is replaced
 * by the most similar title word (pg_trgm). A materialized view the KnowledgeBase migration made
 * and KbRepository refreshes after each sync; kept out of schema sync, as its definition and its
 * trigram index are SQL TypeORM does not compare.
 */
@ViewEntity({ name: 'kb_title_words', materialized: true, synchronize: false })
// Unique (locale, word), so that it can be refreshed; and gin (word gin_trgm_ops), for the similarity search.
@Index('kb_title_words_key', { synchronize: false })
@Index('kb_title_words_trgm_idx', { synchronize: false })
export class KbTitleWordEntity {
  @ViewColumn()
  locale!: Locale;

  @ViewColumn()
  word!: string;
}
