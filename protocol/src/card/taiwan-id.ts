/**
 * Taiwan ID numbers: the national ID card number (身分證字號) and both formats of the resident
 * certificate number (居留證號), all 10 characters with a weighted check digit.
 */

/**
 * Which kind of number it is:
 * - `national`: letter + `1`/`2` + 8 digits (national ID card);
 * - `resident-old`: letter + letter `A`–`D` + 8 digits (resident certificates before 2021);
 * - `resident-new`: letter + `8`/`9` + 8 digits (resident certificates since 2021).
 */
export type TaiwanIdKind = 'national' | 'resident-old' | 'resident-new';

/** Outcome of {@link checkTaiwanId}; `reason` never repeats the number itself. */
export type TaiwanIdCheck = { valid: true; kind: TaiwanIdKind } | { valid: false; reason: string };

/**
 * Two-digit value of the leading letter (the issuing area). Not alphabetical: W, Z, I and O
 * (32–35) come after X and Y.
 */
const LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 10,
  B: 11,
  C: 12,
  D: 13,
  E: 14,
  F: 15,
  G: 16,
  H: 17,
  I: 34,
  J: 18,
  K: 19,
  L: 20,
  M: 21,
  N: 22,
  O: 35,
  P: 23,
  Q: 24,
  R: 25,
  S: 26,
  T: 27,
  U: 28,
  V: 29,
  W: 32,
  X: 30,
  Y: 31,
  Z: 33,
};

/** Weights of the 9 characters after the letter; the letter's two digits weigh 1 and 9. */
const DIGIT_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1, 1] as const;
const ID_LENGTH = 10;
const SHAPE_PATTERN = /^[A-Z][0-9A-D][0-9]{8}$/;

function kindOf(second: string): TaiwanIdKind | undefined {
  if (second === '1' || second === '2') return 'national';
  if (second === '8' || second === '9') return 'resident-new';
  if (second >= 'A' && second <= 'D') return 'resident-old';
  return undefined;
}

/**
 * Checks the form and the check digit of a Taiwan ID number. Only upper-case letters are
 * accepted (the card stores them that way); surrounding spaces are not trimmed.
 */
export function checkTaiwanId(id: string): TaiwanIdCheck {
  if (id.length !== ID_LENGTH) {
    return { valid: false, reason: `must have ${ID_LENGTH} characters, got ${id.length}` };
  }
  if (/[a-z]/.test(id)) return { valid: false, reason: 'letters must be upper case' };
  if (!SHAPE_PATTERN.test(id)) {
    return {
      valid: false,
      reason: 'must be a letter, then 1/2, 8/9 or A-D, then 8 digits',
    };
  }
  const letterValue = LETTER_VALUES[id.charAt(0)] ?? 0;
  const second = id.charAt(1);
  const kind = kindOf(second);
  if (kind === undefined) {
    return { valid: false, reason: 'the second character must be 1, 2, 8, 9 or A-D' };
  }
  // Old resident numbers carry a letter in place of the sex digit; only its units digit counts.
  const secondDigit = kind === 'resident-old' ? (LETTER_VALUES[second] ?? 0) % 10 : Number(second);
  let sum = Math.floor(letterValue / 10) + (letterValue % 10) * 9;
  for (let index = 1; index < ID_LENGTH; index += 1) {
    const digit = index === 1 ? secondDigit : Number(id.charAt(index));
    sum += digit * (DIGIT_WEIGHTS[index - 1] ?? 0);
  }
  if (sum % 10 !== 0) return { valid: false, reason: 'wrong check digit' };
  return { valid: true, kind };
}
