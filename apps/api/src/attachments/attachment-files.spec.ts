import { contentTypeFor, extensionOf, sanitizeFilename } from './attachment-files';

describe('attachment file names (R-SUB-6)', () => {
  it.each([
    ['test1.docx.p7s', 'test1.docx.p7s'],
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['C:\\Users\\me\\скан.pdf', 'скан.pdf'],
    ['evil\u0000name.txt', 'evilname.txt'],
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['  spaced.txt  ', 'spaced.txt'],
    ['..', ''],
    ['', ''],
    ['dir/', ''],
  ])('%j is kept as %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it('shortens a long name to 255 characters and keeps its extension', () => {
    const name = sanitizeFilename(`${'я'.repeat(400)}.xlsx`);
    expect(name).toHaveLength(255);
    expect(name.endsWith('.xlsx')).toBe(true);
  });

  it('takes the last extension, in lower case', () => {
    expect(extensionOf('test1.docx.P7S')).toBe('p7s');
    expect(extensionOf('README')).toBe('');
  });

  it('serves a type chosen by extension, and unknown ones as bytes', () => {
    expect(contentTypeFor('a.pdf')).toBe('application/pdf');
    expect(contentTypeFor('a.html')).toBe('application/octet-stream');
  });
});
