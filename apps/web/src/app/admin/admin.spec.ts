import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { QUEUE_SORTS, STAFF_ROLES, TICKET_PRIORITIES, TICKET_STATUSES } from '@pidtrymka/contracts';
import { appMessages } from '../core/i18n/app.messages';
import { adminMessages } from './admin.messages';
import { checkFiles } from './core/attachment-check';
import { OPEN_STATUSES, queueFilters, queueQuery, statusChoice } from './core/queue-query';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return /\.(ts|html)$/.test(name) && !name.endsWith('.spec.ts') && name !== 'admin.messages.ts' ? [path] : [];
  });
}

describe('the staff workspace\'s texts (uk + en)', () => {
  const known = (locale: 'uk' | 'en', key: string) => key in adminMessages[locale] || key in appMessages[locale];

  it('has every key its pages use, in both languages', () => {
    const keyLike = /'((?:admin|signIn|queue|staffTicket|ticket|canned|accounts|quarantine|failed|profile|priority|status|audit|template|app|time)\.[A-Za-z_.]*[A-Za-z_])'/g;
    const used = new Set<string>();
    for (const file of sourcesUnder(__dirname)) for (const match of readFileSync(file, 'utf8').matchAll(keyLike)) used.add(match[1]);
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].flatMap((key) => (['uk', 'en'] as const).filter((locale) => !known(locale, key)).map((locale) => `${locale}: ${key}`));
    expect(missing).toEqual([]);
  });

  it('overrides none of the portal\'s texts (the dictionaries share one catalogue)', () => {
    for (const locale of ['uk', 'en'] as const) expect(Object.keys(adminMessages[locale]).filter((key) => key in appMessages[locale])).toEqual([]);
  });

  it('has the keys the pages build from values: statuses, priorities, roles, sorts, channels', () => {
    const built = [
      ...TICKET_STATUSES.map((s) => `status.${s}`),
      ...TICKET_PRIORITIES.map((p) => `priority.${p}`),
      ...STAFF_ROLES.map((r) => `admin.role.${r}`),
      ...QUEUE_SORTS.map((s) => `queue.sort.${s}`),
      'staffTicket.channel.web',
      'staffTicket.channel.email',
    ];
    for (const locale of ['uk', 'en'] as const) expect(built.filter((key) => !known(locale, key))).toEqual([]);
  });

  it('leaves no text empty and no Ukrainian text in English', () => {
    for (const locale of ['uk', 'en'] as const) {
      for (const [key, message] of Object.entries(adminMessages[locale])) {
        const forms = typeof message === 'string' ? [message] : Object.values(message);
        for (const text of forms) expect({ key, empty: !text?.trim() }).toEqual({ key, empty: false });
        if (locale === 'en') for (const text of forms) expect({ key, cyrillic: /[а-яіїєґ]/i.test(text ?? '') }).toEqual({ key, cyrillic: false });
      }
    }
  });
});

describe('the queue\'s address and its API query (R-STAFF-1)', () => {
  it('shows the open requests by default, all or one status when asked', () => {
    expect(statusChoice({})).toBe('open');
    expect(statusChoice({ status: 'nonsense' })).toBe('open');
    expect(queueQuery({}, 25)).toEqual({ status: OPEN_STATUSES.join(','), sort: 'updated', order: 'desc', limit: 25 });
    expect(OPEN_STATUSES).not.toContain('resolved');
    expect(queueQuery({ status: 'all' }, 25).status).toBeUndefined();
    expect(queueQuery({ status: 'on_hold' }, 25).status).toBe('on_hold');
  });

  it('passes the filters on and drops what the API would refuse', () => {
    const params = { categoryId: '3', owner: 'me', priority: 'high', q: '  ХВИЛЯ ', sort: 'priority', order: 'asc', status: 'new' };
    expect(queueQuery(params, 10)).toEqual({ categoryId: 3, owner: 'me', priority: 'high', q: 'ХВИЛЯ', status: 'new', sort: 'priority', order: 'asc', limit: 10 });
    // The counts are per status, so their filters leave the status out.
    expect(queueFilters(params)).toEqual({ categoryId: 3, owner: 'me', priority: 'high', q: 'ХВИЛЯ' });
    expect(queueQuery({ categoryId: '-1', priority: 'urgent', sort: 'random', order: 'sideways', q: '   ' }, 25)).toEqual({
      categoryId: undefined,
      owner: undefined,
      priority: undefined,
      q: undefined,
      status: OPEN_STATUSES.join(','),
      sort: 'updated',
      order: 'desc',
      limit: 25,
    });
  });
});

describe('attachments checked before sending (R-SUB-6)', () => {
  const limits = { maxCount: 2, maxBytes: 2 * 1024 * 1024, extensions: ['pdf', 'p7s', 'docx'] };

  it('accepts what the API accepts', () => {
    expect(checkFiles([{ name: 'test1.docx.p7s', size: 9 }, { name: 'Акт.PDF', size: 2 * 1024 * 1024 }], limits, '2 МБ')).toBeNull();
  });

  it('names the limit a file breaks', () => {
    expect(checkFiles([{ name: 'a.pdf', size: 1 }, { name: 'b.pdf', size: 1 }, { name: 'c.pdf', size: 1 }], limits, '2 МБ')).toEqual({ key: 'staffTicket.tooManyFiles', params: { max: 2 } });
    expect(checkFiles([{ name: 'big.pdf', size: 2 * 1024 * 1024 + 1 }], limits, '2 МБ')).toEqual({ key: 'staffTicket.fileTooLarge', params: { name: 'big.pdf', size: '2 МБ' } });
    expect(checkFiles([{ name: 'virus.exe', size: 2 }], limits, '2 МБ')).toEqual({ key: 'staffTicket.fileType', params: { name: 'virus.exe' } });
    expect(checkFiles([{ name: 'README', size: 2 }], limits, '2 МБ')).toEqual({ key: 'staffTicket.fileType', params: { name: 'README' } });
  });
});
