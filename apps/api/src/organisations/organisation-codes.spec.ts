import fc from 'fast-check';
import { edrpouCheckDigit, edrpouProblem, eicCheckCharacter, eicProblem, isEmailDomain, normalizeDomain, normalizeEic } from './organisation-codes';

// Published codes: НЕК «Укренерго» (00100227), and codes listed by python-stdnum's tests as found in registers.
const REAL_EDRPOU = ['00100227', '00022438', '00131564', '14307529', '20077720', '30327425', '32855961', '37508470', '39292197', '40081200', '43178370', '43808820'];
// ENTSO-E areas and parties: the Ukrainian IPS area, the Burshtyn island, Germany, Austria, a Czech party, a Spanish one…
const REAL_EIC = ['10Y1001C--00003F', '10YUA-WEPS-----0', '10YDE-VE-------2', '10YAT-APG------L', '10T-NO-SE-00005Q', '10Y1001A1001B05V', '27XG-RWE-STP-CZJ', '18XGEM3-12345--K', '23X--150408-AS-5', '59Z0000000004180'];

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const edrpouStem = fc.array(digit, { minLength: 7, maxLength: 7 }).map((digits) => digits.join(''));
const eicChar = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-');
const eicStem = fc.array(eicChar, { minLength: 15, maxLength: 15 }).map((chars) => chars.join(''));

describe('ЄДРПОУ code', () => {
  it.each(REAL_EDRPOU)('accepts the published code %s', (code) => {
    expect(edrpouProblem(code)).toBeNull();
  });

  it('refuses a wrong check digit, a wrong length and letters', () => {
    expect(edrpouProblem('32855968')).toBe('checksum');
    expect(edrpouProblem('00100228')).toBe('checksum');
    expect(edrpouProblem('0010022')).toBe('format');
    expect(edrpouProblem('001002270')).toBe('format');
    expect(edrpouProblem('VV855961')).toBe('format');
    expect(edrpouProblem('')).toBe('format');
  });

  it('takes the alternative weights between 30000000 and 60000000 (and only there)', () => {
    // 32855961 checks out with 7,1,2,…,6 (remainder 1); weights 1…7 would give 7.
    expect(edrpouCheckDigit('32855961')).toBe(1);
    // 30674235: 7,1,2,…,6 leave 10, so the weights +2 (9,3,4,…,8) decide: 5.
    expect(edrpouCheckDigit('30674235')).toBe(5);
    // 00100227 (below 30000000) takes 1…7.
    expect(edrpouCheckDigit('00100227')).toBe(7);
  });

  it('property: every seven digits have exactly one check digit that makes a valid code', () => {
    fc.assert(
      fc.property(edrpouStem, (stem) => {
        const valid = [...'0123456789'].filter((d) => edrpouProblem(stem + d) === null);
        expect(valid).toEqual([String(edrpouCheckDigit(stem + '0'))]);
      }),
    );
  });
});

describe('EIC code', () => {
  it.each(REAL_EIC)('accepts the published code %s', (code) => {
    expect(eicProblem(code)).toBeNull();
  });

  it('refuses a wrong check character, the wrong length, lower case and other characters', () => {
    // The brief's "10X1001C--00003F" does not check out: the published Ukrainian area code is 10Y1001C--00003F.
    expect(eicProblem('10X1001C--00003F')).toBe('checksum');
    expect(eicProblem('10YUA-WEPS-----1')).toBe('checksum');
    expect(eicProblem('10YUA-WEPS-----')).toBe('format');
    expect(eicProblem('10yua-weps-----0')).toBe('format');
    expect(eicProblem('10YUA_WEPS-----0')).toBe('format');
    expect(eicProblem('10YUA-WEPS------')).toBe('format');
  });

  it('reads what people type: spaces and lower case', () => {
    expect(eicProblem(normalizeEic(' 10yua-weps-----0 '))).toBeNull();
  });

  it('property: a stem has one check character; a valid code stays valid and a changed character is caught', () => {
    fc.assert(
      fc.property(eicStem, fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 36 }), (stem, position, shift) => {
        const check = eicCheckCharacter(stem);
        fc.pre(check !== '-');
        expect(eicProblem(stem + check)).toBeNull();
        const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-';
        const changed = alphabet[(alphabet.indexOf(stem[position]) + shift) % 37];
        // Weights 16…2 are prime to 37: any single substitution changes the sum mod 37.
        expect(eicProblem(stem.slice(0, position) + changed + stem.slice(position + 1) + check)).toBe('checksum');
      }),
    );
  });

  it('property: the check character is never computed from outside the alphabet', () => {
    fc.assert(fc.property(eicStem, (stem) => expect('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-').toContain(eicCheckCharacter(stem))));
  });
});

describe('e-mail domains', () => {
  it('normalises and checks', () => {
    expect(normalizeDomain(' @UA.Energy. ')).toBe('ua.energy');
    expect(isEmailDomain('ua.energy')).toBe(true);
    expect(isEmailDomain('localhost')).toBe(false);
    expect(isEmailDomain('-bad.com')).toBe(false);
    expect(isEmailDomain('a..b')).toBe(false);
  });
});
