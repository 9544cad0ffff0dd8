/**
 * The two codes that identify a company of the Ukrainian electricity market:
 * its ЄДРПОУ code (the state register of legal entities) and its EIC (the
 * ENTSO-E Energy Identification Code its market role is registered under).
 * Both end in a check character, so a mistyped code is refused before it is
 * stored or matched against.
 */

export type CodeProblem = 'format' | 'checksum';

const EDRPOU_FORMAT = /^\d{8}$/;

/**
 * The ЄДРПОУ check digit of the first seven digits (`code` is all eight, or
 * the seven alone prefixed to make eight). Codes below 30000000 or above
 * 60000000 weigh their digits 1…7, the others 7,1,2,…,6; a remainder of 10
 * is tried again with every weight 2 higher, and a second 10 counts as 0.
 */
export function edrpouCheckDigit(code: string): number {
  const digits = [...code.slice(0, 7)].map(Number);
  const value = Number(code.slice(0, 8).padEnd(8, '0'));
  const base = value < 30_000_000 || value > 60_000_000 ? [1, 2, 3, 4, 5, 6, 7] : [7, 1, 2, 3, 4, 5, 6];
  const remainder = (weights: number[]) => digits.reduce((sum, digit, i) => sum + digit * weights[i], 0) % 11;
  let check = remainder(base);
  if (check === 10) check = remainder(base.map((weight) => weight + 2));
  return check === 10 ? 0 : check;
}

/** Null when `code` is a valid ЄДРПОУ code, else what is wrong with it. */
export function edrpouProblem(code: string): CodeProblem | null {
  if (!EDRPOU_FORMAT.test(code)) return 'format';
  return edrpouCheckDigit(code) === Number(code[7]) ? null : 'checksum';
}

const EIC_FORMAT = /^[0-9A-Z-]{15}[0-9A-Z]$/;
const EIC_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-';

/**
 * The EIC check character of the first fifteen characters (ENTSO-E's EIC
 * reference manual): each character's value (0–9, A–Z as 10–35, '-' as 36)
 * weighed 16 down to 2, and 36 − ((sum − 1) mod 37) read back as a character.
 * The result 36 ('-') cannot be a check character: such a stem is never issued.
 */
export function eicCheckCharacter(code: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += EIC_ALPHABET.indexOf(code[i]) * (16 - i);
  return EIC_ALPHABET[36 - ((sum - 1) % 37)];
}

/** Null when `code` is a valid EIC (upper case, as the registries publish them), else what is wrong with it. */
export function eicProblem(code: string): CodeProblem | null {
  if (code.length !== 16 || !EIC_FORMAT.test(code)) return 'format';
  return eicCheckCharacter(code) === code[15] ? null : 'checksum';
}

/** What people type: spaces inside, lower-case letters. Anything else is left for the check to refuse. */
export function normalizeEdrpou(input: string): string {
  return input.replace(/\s+/g, '');
}

export function normalizeEic(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** An e-mail domain as stored and matched: lower case, no leading '@' or trailing dot. */
export function normalizeDomain(input: string): string {
  return input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
}

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

export function isEmailDomain(domain: string): boolean {
  return DOMAIN.test(domain);
}
