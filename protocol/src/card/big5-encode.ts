import { FIRST_LEAD, getPointerStrings, hex, TRAILS_PER_LEAD } from './big5.js';

// Big5 encoding, the inverse of `decodeBig5` (big5.ts): the simulator and the tests write card
// fields with it, and the virtual-card drivers turn their text replies back into card bytes.

/** Pointers below this (lead bytes under 0xA1) are HKSCS-only; encoders prefer other pointers. */
const FIRST_STANDARD_AREA_POINTER = (0xa1 - FIRST_LEAD) * TRAILS_PER_LEAD;
/** Characters that occur twice from lead 0xA1 on; WHATWG's encoder takes the last pointer. */
const ENCODE_WITH_LAST_POINTER = new Set([0x2550, 0x255e, 0x2561, 0x256a, 0x5341, 0x5345]);
/**
 * Four characters occur twice in the HKSCS area below lead 0xA1 (覩 鍮 靝 瀞); their first code
 * is skipped so that the later one is used, as iconv-lite does.
 */
const HKSCS_SKIPPED_WHEN_ENCODING = new Set([0x8fcc, 0x92c8, 0x9644, 0x96ed]);

let reverseMap: Map<string, number> | undefined;

/**
 * Character → Big5 code, built once on first use. Where two pointers decode to the same
 * character the choice is deterministic: WHATWG's encoder pointer when there is one (the
 * first standard-area pointer, or the last one for the six characters in
 * {@link ENCODE_WITH_LAST_POINTER}); for characters found only in the HKSCS area below lead
 * 0xA1 (which WHATWG's encoder leaves out, so they would not round-trip), the first pointer
 * there except {@link HKSCS_SKIPPED_WHEN_ENCODING}. The result equals iconv-lite's `big5`
 * encoder for every character decodeBig5 yields.
 */
function getReverseMap(): Map<string, number> {
  if (reverseMap) return reverseMap;
  const table = getPointerStrings();
  const map = new Map<string, number>();
  const pointerToCode = (pointer: number): number => {
    const lead = FIRST_LEAD + Math.floor(pointer / TRAILS_PER_LEAD);
    const column = pointer % TRAILS_PER_LEAD;
    return (lead << 8) | (column < 63 ? column + 0x40 : column + 0x62);
  };
  // Standard-area pointers first (WHATWG's choice), then the HKSCS area fills the gaps.
  for (let pointer = FIRST_STANDARD_AREA_POINTER; pointer < table.length; pointer += 1) {
    const char = table[pointer];
    if (char === undefined) continue;
    const lastWins = ENCODE_WITH_LAST_POINTER.has(char.codePointAt(0) ?? 0);
    if (lastWins || !map.has(char)) map.set(char, pointerToCode(pointer));
  }
  for (let pointer = 0; pointer < FIRST_STANDARD_AREA_POINTER; pointer += 1) {
    const char = table[pointer];
    const code = pointerToCode(pointer);
    if (char === undefined || map.has(char) || HKSCS_SKIPPED_WHEN_ENCODING.has(code)) continue;
    map.set(char, code);
  }
  reverseMap = map;
  return map;
}

/**
 * Encodes text as Big5, the inverse of `decodeBig5` for every character it can yield.
 * @throws RangeError naming the first character Big5 cannot encode.
 */
export function encodeBig5(text: string): Uint8Array {
  const map = getReverseMap();
  const out: number[] = [];
  const chars = Array.from(text);
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index] ?? '';
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x80) {
      out.push(codePoint);
      continue;
    }
    // Four HKSCS codes stand for a letter plus a combining mark; match those pairs first.
    const pairCode = map.get(char + (chars[index + 1] ?? ''));
    if (pairCode !== undefined) {
      out.push(pairCode >> 8, pairCode & 0xff);
      index += 1;
      continue;
    }
    const code = map.get(char);
    if (code === undefined) {
      const label = `U+${hex(codePoint, 4).toUpperCase()}`;
      throw new RangeError(`${JSON.stringify(char)} (${label}) cannot be encoded in Big5`);
    }
    out.push(code >> 8, code & 0xff);
  }
  return Uint8Array.from(out);
}

/**
 * Encodes text as Big5 into a fixed-width field, padded with spaces (0x20).
 * @throws RangeError when the text needs more than `width` bytes or cannot be encoded.
 */
export function encodeBig5Field(text: string, width: number): Uint8Array {
  const encoded = encodeBig5(text);
  if (encoded.length > width) {
    throw new RangeError(`text needs ${encoded.length} bytes, the field holds ${width}`);
  }
  const field = new Uint8Array(width).fill(0x20);
  field.set(encoded);
  return field;
}
