/**
 * Ukrainian to Latin by the official transliteration of the Cabinet of Ministers of Ukraine
 * (resolution No. 55 of 27 January 2010), the one passports and road signs use:
 * - є, ї, й, ю, я are ye, yi, y, yu, ya at the start of a word and ie, i, i, iu, ia elsewhere;
 * - "зг" is "zgh" (Згорани → Zghorany), apart from "zh" for ж;
 * - ь and the apostrophe are dropped.
 * Case follows the original: a capital gives a capitalised group (Щ → Shch), a word in capitals
 * stays in capitals (ЩУКА → SHCHUKA). Anything that is not Cyrillic passes through unchanged; the
 * few Russian letters the resolution does not cover get their common Latin forms.
 */
export function transliterateUk(text: string): string {
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    const lower = char.toLowerCase();
    if (APOSTROPHES.has(char)) continue;
    let latin: string | undefined;
    if (lower in POSITIONAL) {
      const [initial, inside] = POSITIONAL[lower];
      latin = isWordStart(chars, i) ? initial : inside;
    } else if (lower === 'г') {
      latin = i > 0 && chars[i - 1].toLowerCase() === 'з' ? 'gh' : 'h';
    } else {
      latin = LETTERS[lower];
    }
    if (latin === undefined) {
      out += char;
      continue;
    }
    if (char === lower || latin === '') out += latin;
    else out += inCapitals(chars, i) ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  return out;
}

/**
 * A URL slug of a title in any of our languages: transliterated (Ukrainian by the resolution above),
 * lower case, words joined by hyphens, at most `maxLength` characters cut at a word's end. Empty when
 * the title has nothing to make one of.
 */
export function slugFromTitle(title: string, maxLength = 80): string {
  const slug = transliterateUk(title.normalize('NFC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > 0 ? cut.slice(0, lastHyphen) : slug.slice(0, maxLength)).replace(/-+$/, '');
}

const APOSTROPHES = new Set(["'", '’', 'ʼ', '‘', '`', 'ˈ']);

/** [at the start of a word, elsewhere]. */
const POSITIONAL: Record<string, [string, string]> = {
  є: ['ye', 'ie'],
  ї: ['yi', 'i'],
  й: ['y', 'i'],
  ю: ['yu', 'iu'],
  я: ['ya', 'ia'],
};

const LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', ґ: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'y', і: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ь: '',
  // Not Ukrainian letters, so outside the resolution: their usual Latin forms.
  ё: 'io', ъ: '', ы: 'y', э: 'e',
};

function isLetter(char: string | undefined): boolean {
  return char !== undefined && /\p{L}/u.test(char);
}

/** The start of a word: no letter before it, an apostrophe inside a word (Знам'янка) not counting as a break. */
function isWordStart(chars: string[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && APOSTROPHES.has(chars[j])) j--;
  return j < 0 || !isLetter(chars[j]);
}

/** A capital in a word written in capitals (two or more letters, none lower case). */
function inCapitals(chars: string[], i: number): boolean {
  let start = i;
  while (start > 0 && (isLetter(chars[start - 1]) || APOSTROPHES.has(chars[start - 1]))) start--;
  let end = i;
  while (end < chars.length - 1 && (isLetter(chars[end + 1]) || APOSTROPHES.has(chars[end + 1]))) end++;
  const letters = chars.slice(start, end + 1).filter(isLetter);
  return letters.length > 1 && letters.every((c) => c === c.toUpperCase() && c !== c.toLowerCase());
}
