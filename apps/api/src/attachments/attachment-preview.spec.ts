import { fileSamples } from '../testing/file-samples';
import { inlinePreviewOf, previewOf } from './attachment-preview';

const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(24)]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const XML_EXPORT = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rows><row>1</row></rows>\n');

/** Issue 17: what a file may be shown inline as is decided by its bytes; its name only ever narrows that. */
describe('attachment previews from the bytes (issue 17)', () => {
  it.each([
    ['скриншот.png', 'image', 'image/png', fileSamples.png],
    ['photo.jpg', 'image', 'image/jpeg', fileSamples.jpg],
    ['anim.gif', 'image', 'image/gif', fileSamples.gif],
    ['new.webp', 'image', 'image/webp', WEBP],
    // The bytes decide the type served, not the name: a JPEG called .png is served as the JPEG it is.
    ['misnamed.png', 'image', 'image/jpeg', fileSamples.jpg],
    ['акт.pdf', 'pdf', 'application/pdf', fileSamples.pdf],
    ['журнал.txt', 'text', 'text/plain; charset=utf-8', fileSamples.txt],
    ['реєстр.csv', 'text', 'text/plain; charset=utf-8', fileSamples.csv],
    ['export.txt', 'text', 'text/plain; charset=utf-8', XML_EXPORT],
  ])('%s is shown inline as %s, served as %s', async (name, preview, contentType, content) => {
    expect(await inlinePreviewOf(name, content)).toEqual({ preview, contentType });
  });

  it.each([
    ['an SVG called .png', 'logo.png', SVG],
    ['an SVG under its own name', 'logo.svg', SVG],
    ['an HTML page called .png', 'photo.png', fileSamples.html],
    ['an HTML page called .html', 'page.html', fileSamples.html],
    ['a program called .txt', 'readme.txt', fileSamples.exe],
    ['a zip called .txt', 'notes.txt', fileSamples.zip],
    ['a Word file', 'договір.docx', fileSamples.docx],
    ['a detached signature', 'test1.docx.p7s', fileSamples.p7s],
    ['text in windows-1251 (not valid UTF-8)', 'cp1251.txt', Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xb3, 0xf2, 0x0a])],
    ['text with NUL bytes', 'dump.txt', Buffer.from('abc\u0000def')],
    ['an empty file', 'empty.txt', Buffer.alloc(0)],
  ])('%s is not shown inline', async (_what, name, content) => {
    expect(await inlinePreviewOf(name, content)).toBeNull();
    expect(await previewOf(name, content)).toBe('none');
  });
});
