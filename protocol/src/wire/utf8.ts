// UTF-8 helpers for the codecs' pre-scans. TextDecoder({fatal}) would also validate, but the
// MessagePack scan checks many short strings in place, where a loop is cheaper and needs no
// subarray per string.

/**
 * How many UTF-8 bytes the UTF-16 code unit `unit` takes: 1–3, and 2 for each half of a
 * surrogate pair (the pair takes 4).
 */
export function utf8BytesOfUnit(unit: number): number {
  if (unit < 0x80) return 1;
  if (unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff)) return 2;
  return 3;
}

/**
 * The UTF-8 length of `text`, or `-1` when it holds a lone surrogate (it could not have come
 * from valid UTF-8). Counting stops early once it exceeds `stopAbove`; the result is then
 * some number above `stopAbove`.
 */
export function utf8LengthOfText(text: string, stopAbove: number): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return -1;
      bytes += 4;
      index += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return -1;
    } else {
      bytes += utf8BytesOfUnit(unit);
    }
    if (bytes > stopAbove) return bytes;
  }
  return bytes;
}

/**
 * Whether `bytes[start..end)` is well-formed UTF-8 (Unicode table 3-7): no overlong forms,
 * no surrogates, nothing above U+10FFFF, no truncated sequence.
 */
export function isWellFormedUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let index = start;
  while (index < end) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    // The range the first continuation byte may take narrows for some lead bytes.
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0; // overlong below U+0800
      if (lead === 0xed) high = 0x9f; // U+D800..U+DFFF are surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90; // overlong below U+10000
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return false;
    if (index + length > end) return false;
    const first = bytes[index + 1] ?? 0;
    if (first < low || first > high) return false;
    for (let offset = 2; offset < length; offset += 1) {
      const next = bytes[index + offset] ?? 0;
      if (next < 0x80 || next > 0xbf) return false;
    }
    index += length;
  }
  return true;
}

// With the `u` flag a surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether `text` holds a lone surrogate: such a string has no UTF-8 form, so it could not
 * travel in a MessagePack string (and a JSON peer could only send it escaped).
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
