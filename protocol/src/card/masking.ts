/**
 * Masking of personal data for presence-only clients, kiosks, logs and metrics. Every function
 * keeps the length of its input (in characters) and reveals at most what the examples show.
 */

/** Most characters of an ID number shown at the start (`A12`: area letter, sex, one digit). */
const ID_VISIBLE_HEAD = 3;
/** Most characters of an ID number shown at the end. */
const ID_VISIBLE_TAIL = 2;
const ID_MASK = '*';
/** Mask for CJK names: the circle is the customary 王○明 form. */
const CJK_NAME_MASK = '○';
const LATIN_NAME_MASK = '*';
/** Everything up to Latin Extended-B counts as a Latin-script name. */
const LAST_LATIN_CODE_POINT = 0x024f;

/**
 * Masks an ID number: `A123456789` → `A12*****89`. Shorter input shows fewer characters so
 * that at least half of it is always hidden, never more than the first 3 and last 2.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id);
  const visible = Math.min(ID_VISIBLE_HEAD + ID_VISIBLE_TAIL, Math.floor(chars.length / 2));
  const head = Math.min(ID_VISIBLE_HEAD, Math.ceil(visible / 2));
  const tail = Math.min(ID_VISIBLE_TAIL, visible - head);
  return chars
    .map((char, index) => (index < head || index >= chars.length - tail ? char : ID_MASK))
    .join('');
}

/**
 * Masks a name, keeping its first character and, from three characters on, its last:
 * `王小明` → `王○明`, `王明` → `王○`, `歐陽娜娜` → `歐○○娜`, `CHEN TA-WEI` → `C*** *****I`.
 * Spaces stay (they only tell the word count); a one-character name is fully masked. CJK
 * names are masked with `○`, Latin-script names with `*`.
 */
export function maskName(name: string): string {
  const chars = Array.from(name);
  const isLatin = chars.every((char) => (char.codePointAt(0) ?? 0) <= LAST_LATIN_CODE_POINT);
  const mask = isLatin ? LATIN_NAME_MASK : CJK_NAME_MASK;
  const letterPositions: number[] = [];
  chars.forEach((char, index) => {
    if (char.trim() !== '') letterPositions.push(index);
  });
  const keep = new Set<number>();
  if (letterPositions.length >= 2) keep.add(letterPositions[0] ?? -1);
  if (letterPositions.length >= 3) keep.add(letterPositions[letterPositions.length - 1] ?? -1);
  return chars.map((char, index) => (char.trim() === '' || keep.has(index) ? char : mask)).join('');
}

const ISO_DATE_PREFIX = /^\d{4}-/;
const ROC_DATE_PATTERN = /^\d{7}$/;

/**
 * Masks a birth date, keeping the year only: `1990-05-17` → `1990-**-**`,
 * `0790517` (ROC) → `079****`. Anything in another form is masked entirely.
 */
export function maskBirthDate(isoOrRoc: string): string {
  if (ISO_DATE_PREFIX.test(isoOrRoc)) {
    return isoOrRoc.slice(0, 5) + isoOrRoc.slice(5).replace(/\d/g, '*');
  }
  if (ROC_DATE_PATTERN.test(isoOrRoc)) return `${isoOrRoc.slice(0, 3)}****`;
  return '*'.repeat(Array.from(isoOrRoc).length);
}
