import type { TagView } from '@pidtrymka/contracts';
import { renameOutcome } from './tag-rename';

const tag = (id: number, name: string, color: string | null = null): TagView => ({ id, name, color, curated: color !== null });

describe('renaming a tag on the admins\' page (issue 17)', () => {
  const contract = tag(1, 'договір', '#1e88e5');
  const keys = tag(2, 'ключі');
  const all = [contract, keys];

  it('sends the name as the API will store it', () => {
    expect(renameOutcome(contract, '  Договір   постачання ', all)).toEqual({ kind: 'rename', name: 'договір постачання' });
    expect(renameOutcome(contract, 'ІНВОЙС-2', all)).toEqual({ kind: 'rename', name: 'інвойс-2' });
  });

  it('sends nothing when the typed name normalises to the current one', () => {
    expect(renameOutcome(contract, ' ДОГОВІР ', all)).toEqual({ kind: 'unchanged' });
  });

  it('refuses, before asking, a name another tag has or one the API would refuse', () => {
    expect(renameOutcome(contract, 'Ключі', all)).toEqual({ kind: 'taken', by: keys });
    expect(renameOutcome(contract, '   ', all)).toEqual({ kind: 'invalid' });
    expect(renameOutcome(contract, '<script>', all)).toEqual({ kind: 'invalid' });
    expect(renameOutcome(contract, '-мінус', all)).toEqual({ kind: 'invalid' });
    expect(renameOutcome(contract, 'я'.repeat(41), all)).toEqual({ kind: 'invalid' });
    expect(renameOutcome(contract, 'я'.repeat(40), all)).toEqual({ kind: 'rename', name: 'я'.repeat(40) });
  });
});
