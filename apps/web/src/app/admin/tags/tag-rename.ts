import { TAG_NAME_MAX_LENGTH, TAG_NAME_PATTERN } from '@pidtrymka/contracts';
import type { TagView } from '@pidtrymka/contracts';

/** What a typed new name comes to: send it, nothing to send, or a refusal the page can say before asking the API. */
export type RenameOutcome = { kind: 'rename'; name: string } | { kind: 'unchanged' } | { kind: 'invalid' } | { kind: 'taken'; by: TagView };

const TAG_NAME = new RegExp(TAG_NAME_PATTERN, 'u');

/** The API's normalisation (staff-tickets.service.ts normalizeTagName): so 'Договір ' over 'договір' is no rename. */
export function normalizeTagName(input: string): string {
  return input.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('uk');
}

/**
 * Issue 17: renaming a tag in place. The list the page holds answers most refusals at once; the API still
 * decides (another admin may have taken the name meanwhile: 409).
 */
export function renameOutcome(tag: TagView, typed: string, all: readonly TagView[]): RenameOutcome {
  const name = normalizeTagName(typed);
  if (name === tag.name) return { kind: 'unchanged' };
  if (name.length === 0 || name.length > TAG_NAME_MAX_LENGTH || !TAG_NAME.test(name)) return { kind: 'invalid' };
  const other = all.find((candidate) => candidate.id !== tag.id && candidate.name === name);
  return other ? { kind: 'taken', by: other } : { kind: 'rename', name };
}
