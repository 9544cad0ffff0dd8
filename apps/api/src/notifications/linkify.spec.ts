import { findLinks, linkifyHtml } from '@pidtrymka/contracts';

const A = (href: string, text = href) => `<a href="${href}" rel="noopener noreferrer" target="_blank">${text}</a>`;

/** Every tag the output has: nothing but our `<a …>` and `</a>` may be there. */
const tags = (html: string) => html.match(/<[^>]*>/g) ?? [];

describe('issue 17: links in messages, one function for the portal, the workspace and the e-mails', () => {
  it('links http, https and mailto, bare web addresses and bare e-mail addresses', () => {
    expect(linkifyHtml('see https://example.com/a/b?c=1 now')).toBe(`see ${A('https://example.com/a/b?c&#x3D;1')} now`);
    expect(linkifyHtml('http://example.org')).toBe(A('http://example.org'));
    expect(linkifyHtml('www.example.com')).toBe(A('http://www.example.com', 'www.example.com'));
    expect(linkifyHtml('write to info@example.com')).toBe(`write to ${A('mailto:info@example.com', 'info@example.com')}`);
    expect(linkifyHtml('mailto:info@example.com')).toBe(A('mailto:info@example.com'));
    expect(linkifyHtml('Кабінет: https://сайт.укр/шлях')).toBe(`Кабінет: ${A('https://сайт.укр/шлях')}`);
  });

  it('leaves trailing punctuation and an unbalanced bracket outside the link', () => {
    expect(linkifyHtml('Go to https://example.com/page.')).toBe(`Go to ${A('https://example.com/page')}.`);
    expect(linkifyHtml('(see https://example.com/path)')).toBe(`(see ${A('https://example.com/path')})`);
    expect(linkifyHtml('https://example.com/a, https://example.com/b!')).toBe(`${A('https://example.com/a')}, ${A('https://example.com/b')}!`);
    expect(linkifyHtml('«https://example.com/x»')).toBe(`«${A('https://example.com/x')}»`);
    expect(linkifyHtml('“https://example.com/y”.')).toBe(`“${A('https://example.com/y')}”.`);
    expect(linkifyHtml('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe(A('https://en.wikipedia.org/wiki/Foo_(bar)'));
  });

  it('never makes a javascript:, data:, vbscript:, file: or ftp: link', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'java\nscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://files.example.com/a',
      '//example.com/protocol-relative',
    ]) {
      const html = linkifyHtml(text);
      for (const tag of tags(html)) expect(tag).toMatch(/^(<a href="(https?:\/\/|mailto:)[^"]*" rel="noopener noreferrer" target="_blank">|<\/a>)$/);
      expect(html).not.toMatch(/href="(javascript|data|vbscript|file|ftp):/i);
    }
    // A javascript: text around a real address: only the address is a link, and to itself.
    expect(findLinks('javascript:window.location="https://example.com/x"').map((l) => l.href)).toEqual(['https://example.com/x']);
  });

  it('escapes the text around links, and quotes inside a link can never leave its href', () => {
    expect(linkifyHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(linkifyHtml('https://a.example/<script>alert(1)</script>')).toBe(`${A('https://a.example/')}&lt;script&gt;alert(1)&lt;/script&gt;`);
    const quoted = linkifyHtml(`https://ex.example/"onmouseover="alert(1) https://ex.example/'x' https://ex.example/\`y\``);
    expect(quoted).not.toMatch(/"onmouseover/);
    expect(quoted).not.toMatch(/'x'|`y`/);
    for (const tag of tags(quoted)) expect(tag).toMatch(/^(<a href="[^"<>]*" rel="noopener noreferrer" target="_blank">|<\/a>)$/);
    expect(linkifyHtml('<a href="https://evil.example">click</a>')).not.toContain('<a href="https://evil.example">');
  });

  it('escapes once: entities in the text stay as the participant typed them', () => {
    expect(linkifyHtml('&amp; &lt;b&gt; Tom & Jerry')).toBe('&amp;amp; &amp;lt;b&amp;gt; Tom &amp; Jerry');
    expect(linkifyHtml('https://x.example/?a=1&b=2')).toBe(A('https://x.example/?a&#x3D;1&amp;b&#x3D;2'));
    expect(linkifyHtml('https://x.example/?a=1&amp;b=2')).toBe(A('https://x.example/?a&#x3D;1&amp;amp;b&#x3D;2'));
  });

  it('keeps line breaks and every other character as they are', () => {
    expect(linkifyHtml('line 1\r\nhttps://example.com\nline 3')).toBe(`line 1\r\n${A('https://example.com')}\nline 3`);
    expect(linkifyHtml('')).toBe('');
    expect(linkifyHtml('Ґанок, ї, emoji 🙂, RTL שלום')).toBe('Ґанок, ї, emoji 🙂, RTL שלום');
  });

  it('issue 12.7: a word made unlinkable for our e-mails stays text', () => {
    const unlinked = 'https:\u200b//evil.\u200bexample/pay www.\u200bevil.\u200bexample evil@\u200bevil.\u200bexample https:\u200b//evil.\u200bcom a@\u200bb.\u200bcom';
    expect(linkifyHtml(unlinked)).not.toContain('<a');
  });

  it('answers in linear time: a megabyte of near-links costs about four times a quarter of it', () => {
    const cost = (size: number) => {
      const text = 'https://x.example/ a@ www. ('.repeat(Math.ceil(size / 27)).slice(0, size);
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = process.cpuUsage();
        linkifyHtml(text);
        const used = process.cpuUsage(started);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return best;
    };
    const quarter = cost(250_000);
    const whole = cost(1_000_000);
    expect(whole).toBeLessThan(Math.max(8 * quarter, 50));
  });
});
