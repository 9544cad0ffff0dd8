import { safeDisplayName, senderLine } from './display-name';

describe('12.8 forged senders: a display name never reads as an address', () => {
  it.each([
    ['ceo@corp-a.com', 'evil@x.test', 'evil'],
    ['"ceo@corp-a.com"', 'evil@x.test', 'evil'],
    ['CEO (ceo@corp-a.com)', 'evil@x.test', 'CEO'],
    ['Іван Петренко <ivan@corp-a.com>', 'evil@x.test', 'Іван Петренко'],
    ['ceo＠corp-a.com', 'evil@x.test', 'evil'],
    ['ceo﹫corp-a.com Support', 'evil@x.test', 'Support'],
    ['Smith & Sons', 'info@smith.test', 'Smith & Sons'],
    ['', 'bob@small.test', 'bob'],
    [null, 'bob@small.test', 'bob'],
  ])('%j from %s is shown as %j', (name, address, shown) => {
    expect(safeDisplayName(name, address)).toBe(shown);
  });

  it('staff read the name and the real address together', () => {
    expect(senderLine('"ceo@corp-a.com"', 'evil@x.test')).toBe('evil <evil@x.test>');
    expect(senderLine('Alice', 'alice@corp-a.test')).toBe('Alice <alice@corp-a.test>');
  });

  // Tens of milliseconds on an idle machine; the bound is loose for a shared, loaded one: a quadratic pass over 1 MB takes minutes.
  it('takes linear time on 1 MB names (blanks, @, brackets)', () => {
    for (const filler of [' ', '@', '(', 'a', '<a@b> ']) {
      const started = Date.now();
      safeDisplayName(filler.repeat(1_000_000 / filler.length), 'x@y.test');
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});
