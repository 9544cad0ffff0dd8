import { fileSamples } from '../testing/file-samples';
import { contentMismatch } from './attachment-content';

describe('attachment content against its extension (R-SUB-6)', () => {
  it.each([
    ['scan.png', fileSamples.png],
    ['photo.JPG', fileSamples.jpg],
    ['photo.jpeg', fileSamples.jpg],
    ['anim.gif', fileSamples.gif],
    ['заявка.pdf', fileSamples.pdf],
    ['archive.zip', fileSamples.zip],
    ['archive.rar', fileSamples.rar],
    ['letter.docx', fileSamples.docx],
    ['table.xlsx', fileSamples.xlsx],
    ['letter.doc', fileSamples.doc],
    ['table.xls', fileSamples.xls],
    ['note.txt', fileSamples.txt],
    ['list.csv', fileSamples.csv],
    ['export.txt', Buffer.from('<?xml version="1.0"?><a/>')],
    ['empty.txt', Buffer.alloc(0)],
    ['test1.docx.p7s', fileSamples.p7s],
    // An extension an operator added (ATTACHMENT_EXTENSIONS): text without a signature passes.
    ['server.log', Buffer.from('2026-11-27 10:00:00 ERROR signing failed\n')],
  ])('accepts %s with the bytes of its type', async (name, content) => {
    expect(await contentMismatch(name, content)).toBeNull();
  });

  it.each([
    ['invoice.pdf', fileSamples.exe, 'pdf', 'exe'],
    ['readme.txt', fileSamples.exe, 'txt', 'exe'],
    ['data.csv', fileSamples.png, 'csv', 'png'],
    ['photo.png', fileSamples.html, 'png', null],
    ['photo.jpg', fileSamples.png, 'jpg', 'png'],
    ['scan.pdf', Buffer.alloc(1024, 7), 'pdf', null],
    ['empty.pdf', Buffer.alloc(0), 'pdf', null],
    ['letter.doc', fileSamples.zip, 'doc', 'zip'],
    ['test1.docx.p7s', fileSamples.exe, 'p7s', 'exe'],
    ['server.log', fileSamples.zip, 'log', 'zip'],
  ])('refuses %s whose bytes are not of its type', async (name, content, claimed, detected) => {
    expect(await contentMismatch(name, content)).toEqual({ claimed, detected });
  });
});
