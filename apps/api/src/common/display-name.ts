/**
 * 12.8: a display name is what the sender chose to be called, so it is no
 * evidence of who they are. `"ceo@corp-a.com" <evil@x.test>` must never
 * read as corp-a.com's CEO: every word of a name that looks like an address
 * (an `@`, or its full-width and small look-alikes) is dropped, with any
 * brackets around it, and a name left empty becomes the real address's
 * local part. One pass over the words, whatever their length.
 */
const AT_SIGNS = ['@', '\uff20', '\ufe6b'];
const BRACKETS = new Set([...'<>()[]{}«»"\'']);

export function safeDisplayName(name: string | null | undefined, address: string): string {
  const kept: string[] = [];
  for (const word of (name ?? '').split(/\s+/)) {
    if (!word || AT_SIGNS.some((at) => word.includes(at))) continue;
    // What is left of `<…>` or `(…)` around a dropped address says nothing.
    if (onlyBrackets(word)) continue;
    kept.push(word);
  }
  const cleaned = kept.join(' ').trim();
  if (cleaned) return cleaned;
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(0, at) : address;
}

function onlyBrackets(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (!BRACKETS.has(word[i])) return false;
  return true;
}

/** How staff see a participant everywhere: the chosen name, then the address it really came from. */
export function senderLine(name: string | null | undefined, address: string): string {
  return `${safeDisplayName(name, address)} <${address}>`;
}
