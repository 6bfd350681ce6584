/**
 * Big5 text as browsers decode it (the WHATWG Encoding Standard's `big5`, which includes
 * HKSCS), implemented here so Node and browsers give the same string: Node's built-in
 * `TextDecoder('big5')` maps the HKSCS / user-defined area to Private Use code points instead.
 */
import { BIG5_TWO_CODE_POINT_POINTERS, big5PointerToCodePoint } from './big5-index.js';

/** One character decoded from outside standard Big5 (HKSCS / user-defined ranges). */
interface NonStandardBig5Char {
  /** The decoded character (may be two UTF-16 units, or a base letter plus a combining mark). */
  char: string;
  /** Its two bytes as lower-case hex, e.g. `fb69`, so an HIS can apply its own table. */
  hex: string;
  /** Byte offset of the lead byte, relative to the start of the field. */
  offset: number;
}

/** Result of {@link decodeBig5}. */
export interface DecodedBig5 {
  /** The decoded text, trimmed of spaces, NULs and U+3000 at both ends. */
  text: string;
  /** Every character that came from outside standard Big5, in order of appearance. */
  nonStandard: NonStandardBig5Char[];
}

/** Thrown by decodeBig5 only; callers wrap it into a DecodeError with the absolute offset. */
export class Big5DecodeError extends Error {
  override readonly name = 'Big5DecodeError';
  /** Byte offset of the offending byte, relative to the start of the decoded bytes. */
  readonly offset: number;

  /** `message` names the byte but not its offset, which the wrapping DecodeError adds. */
  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}

/** Trail bytes per lead byte: 0x40–0x7E (63) and 0xA1–0xFE (94). */
export const TRAILS_PER_LEAD = 157;
/** The first lead byte of a Big5 pair. */
export const FIRST_LEAD = 0x81;
const LAST_LEAD = 0xfe;
const SPACE = 0x20;
const NUL = 0x00;
const IDEOGRAPHIC_SPACE = 0x3000;

function isPadding(charCode: number, ideographicSpaceToo: boolean): boolean {
  return (
    charCode === SPACE ||
    charCode === NUL ||
    (ideographicSpaceToo && charCode === IDEOGRAPHIC_SPACE)
  );
}

/** Removes field padding at both ends (a loop, because Biome rejects NUL in regexes). */
function trimPadding(text: string, ideographicSpaceToo: boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPadding(text.charCodeAt(start), ideographicSpaceToo)) start += 1;
  while (end > start && isPadding(text.charCodeAt(end - 1), ideographicSpaceToo)) end -= 1;
  return text.slice(start, end);
}

/** `value` in lower-case hexadecimal, `digits` wide. */
export function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

function trailOffset(trail: number): number {
  if (trail >= 0x40 && trail <= 0x7e) return trail - 0x40;
  if (trail >= 0xa1 && trail <= 0xfe) return trail - 0x62;
  return -1;
}

/**
 * Standard Big5 (the original 1984 set without the ETEN additions): symbols 0xA140–0xA3BF,
 * common hanzi 0xA440–0xC67E, less common hanzi 0xC940–0xF9D5. Everything else that decodes
 * comes from HKSCS, ETEN or vendor extensions, which is where rare name characters live.
 */
function isStandardBig5(code: number): boolean {
  return (
    (code >= 0xa140 && code <= 0xa3bf) ||
    (code >= 0xa440 && code <= 0xc67e) ||
    (code >= 0xc940 && code <= 0xf9d5)
  );
}

/** One-character strings for bytes 0x00–0x7F, so the hot loop does not create them. */
const ASCII_CHARS = Array.from({ length: 0x80 }, (_, byte) => String.fromCharCode(byte));

let pointerStrings: (string | undefined)[] | undefined;

/** Pointer → decoded string, built once on first use. */
export function getPointerStrings(): (string | undefined)[] {
  if (pointerStrings) return pointerStrings;
  const table: (string | undefined)[] = [];
  const pointerCount = (LAST_LEAD - FIRST_LEAD + 1) * TRAILS_PER_LEAD;
  for (let pointer = 0; pointer < pointerCount; pointer += 1) {
    const codePoint = big5PointerToCodePoint(pointer);
    table.push(codePoint === 0 ? undefined : String.fromCodePoint(codePoint));
  }
  for (const [pointer, text] of BIG5_TWO_CODE_POINT_POINTERS) table[pointer] = text;
  pointerStrings = table;
  return table;
}

/**
 * Decodes a Big5 field exactly as the WHATWG `big5` decoder does (bytes below 0x80, control
 * bytes included, decode to themselves), trims spaces, NULs and U+3000 at both ends, and lists
 * the characters from outside standard Big5.
 * @throws Big5DecodeError at the first byte that WHATWG would turn into U+FFFD (0x80, 0xFF, a
 * lead byte without a valid trail byte, or an unmapped pair).
 */
export function decodeBig5(bytes: Uint8Array): DecodedBig5 {
  const table = getPointerStrings();
  const nonStandard: NonStandardBig5Char[] = [];
  // Skip ASCII padding bytes before decoding; they can never be the trail of a pair.
  let offset = 0;
  let end = bytes.length;
  while (offset < end && isPadding(bytes[offset] ?? 0, false)) offset += 1;
  while (end > offset && isPadding(bytes[end - 1] ?? 0, false)) end -= 1;
  let text = '';
  while (offset < end) {
    const lead = bytes[offset] ?? 0;
    if (lead < 0x80) {
      text += ASCII_CHARS[lead];
      offset += 1;
      continue;
    }
    if (lead < FIRST_LEAD || lead > LAST_LEAD) {
      throw new Big5DecodeError(offset, `0x${hex(lead, 2)} is not a Big5 byte`);
    }
    // The trail may lie in the skipped padding: read the real byte so errors stay exact.
    if (offset + 1 >= bytes.length) {
      throw new Big5DecodeError(offset, `lead byte 0x${hex(lead, 2)} has no trail byte`);
    }
    const trail = bytes[offset + 1] ?? 0;
    const column = trailOffset(trail);
    if (column < 0) {
      throw new Big5DecodeError(offset, `0x${hex(trail, 2)} is not a Big5 trail byte`);
    }
    const code = (lead << 8) | trail;
    const char = table[(lead - FIRST_LEAD) * TRAILS_PER_LEAD + column];
    if (char === undefined) {
      throw new Big5DecodeError(offset, `0x${hex(code, 4)} is not mapped in Big5`);
    }
    if (!isStandardBig5(code)) nonStandard.push({ char, hex: hex(code, 4), offset });
    text += char;
    offset += 2;
  }
  return { text: trimPadding(text, true), nonStandard };
}

/**
 * Decodes an ASCII field (card number, ID number, dates, codes) and trims spaces and NULs at
 * both ends.
 * @throws Big5DecodeError at the first byte >= 0x80 or control byte other than NUL.
 */
export function decodeAscii(bytes: Uint8Array): string {
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 1) {
    const byte = bytes[offset] ?? 0;
    if (byte >= 0x7f || (byte < 0x20 && byte !== 0)) {
      throw new Big5DecodeError(offset, `0x${hex(byte, 2)} is not a printable ASCII byte`);
    }
    text += String.fromCharCode(byte);
  }
  return trimPadding(text, false);
}
