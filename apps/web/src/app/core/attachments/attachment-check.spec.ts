import { checkAttachments } from './attachment-check';

/** The one check before upload of the portal's request and reply forms and the workspace's reply form. */
describe('attachments checked before sending (R-SUB-6)', () => {
  const limits = { maxCount: 2, maxBytes: 2 * 1024 * 1024, extensions: ['pdf', 'p7s', 'docx'] };
  const file = (name: string, size = 1) => ({ name, size });

  it('accepts what the API accepts: a signed file, an upper-case extension, a file of exactly the limit', () => {
    const chosen = [file('test1.docx.p7s', 9), file('Акт.PDF', 2 * 1024 * 1024)];
    expect(checkAttachments(chosen, 0, limits, '2 МБ')).toEqual({ accepted: chosen, problems: [] });
  });

  it('names each refused file with the limit it breaks and keeps the others', () => {
    const good = file('a.pdf');
    expect(checkAttachments([file('virus.exe'), file('big.pdf', 2 * 1024 * 1024 + 1), good, file('README')], 0, limits, '2 МБ')).toEqual({
      accepted: [good],
      problems: [
        { key: 'attach.badType', params: { name: 'virus.exe', types: 'pdf, p7s, docx' } },
        { key: 'attach.tooLarge', params: { name: 'big.pdf', max: '2 МБ' } },
        { key: 'attach.badType', params: { name: 'README', types: 'pdf, p7s, docx' } },
      ],
    });
  });

  it('keeps files up to the count, counting those already chosen, and says the count once', () => {
    const [a, b, c] = [file('a.pdf'), file('b.pdf'), file('c.pdf')];
    expect(checkAttachments([a, b, c], 0, limits, '2 МБ')).toEqual({ accepted: [a, b], problems: [{ key: 'attach.tooMany', params: { max: 2 } }] });
    expect(checkAttachments([a, b], 1, limits, '2 МБ')).toEqual({ accepted: [a], problems: [{ key: 'attach.tooMany', params: { max: 2 } }] });
    expect(checkAttachments([a], 2, limits, '2 МБ')).toEqual({ accepted: [], problems: [{ key: 'attach.tooMany', params: { max: 2 } }] });
  });
});
