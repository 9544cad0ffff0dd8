import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One case of tests/mail/quotes: what a client sends and the text the request should show. */
export interface QuoteCase {
  id: string;
  client: string;
  language: string;
  type: 'text' | 'html';
  input: string;
  expected: string;
}

export const QUOTE_CORPUS_DIR = join(__dirname, '../../../../tests/mail/quotes');

/** Reads every `*.txt` file of the corpus (format in its README). */
export function readQuoteCorpus(dir = QUOTE_CORPUS_DIR): QuoteCase[] {
  const cases: QuoteCase[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.txt')).sort()) {
    const client = file.replace(/\.txt$/, '');
    const chunks = readFileSync(join(dir, file), 'utf8').split(/^### /m).slice(1);
    for (const chunk of chunks) {
      const newline = chunk.indexOf('\n');
      const [id, language, type] = chunk.slice(0, newline).split('|').map((part) => part.trim());
      const [input, expected] = chunk.slice(newline + 1).split(/^=== expected\n/m);
      if (expected === undefined || (type !== 'text' && type !== 'html')) throw new Error(`${file}: case ${id} is malformed`);
      cases.push({ id, client, language, type, input: input.replace(/\n$/, ''), expected: expected.replace(/\n+$/, '') });
    }
  }
  return cases;
}
