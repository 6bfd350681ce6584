import { type DecodeFailure, type DecodeLimits, frameFailure } from './codec.js';
import { utf8BytesOfUnit, utf8LengthOfText } from './utf8.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const LETTER_U = 0x75;

function hexDigit(unit: number): number {
  if (unit >= 0x30 && unit <= 0x39) return unit - 0x30;
  const lower = unit | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** The code unit of the `\uXXXX` escape whose `u` is at `index`, or -1 if malformed. */
function unicodeEscape(text: string, index: number): number {
  let code = 0;
  for (let offset = 1; offset <= 4; offset += 1) {
    const digit = hexDigit(text.charCodeAt(index + offset));
    if (digit < 0) return -1;
    code = code * 16 + digit;
  }
  return code;
}

function isJsonSpace(unit: number): boolean {
  return unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d;
}

/** Whether the string token `text[start..end]` (quotes included) is an object key `__proto__`. */
function isProtoKey(text: string, start: number, end: number, escaped: boolean): boolean {
  let next = end + 1;
  while (next < text.length && isJsonSpace(text.charCodeAt(next))) next += 1;
  if (text.charCodeAt(next) !== COLON) return false;
  if (!escaped) return text.slice(start + 1, end) === '__proto__';
  try {
    return JSON.parse(text.slice(start, end + 1)) === '__proto__';
  } catch {
    return false;
  }
}

const openIsObject: boolean[] = [];
const openCommas: number[] = [];

/**
 * One linear pass over a JSON text frame that refuses, before `JSON.parse` sees it:
 * - over a cap (1009, fatal): frame bytes, nesting deeper than `maxDepth`, arrays or objects
 *   over their caps (counted by commas, an upper bound), strings over `maxStringBytes`;
 * - a lone surrogate (1007, fatal): the text could not have come from valid UTF-8;
 * - object keys named `__proto__` (1003): MessagePack cannot carry them either, so both
 *   codecs refuse them alike.
 * Syntax is left to `JSON.parse`, except what the pass trips over anyway (1007).
 * @returns the failure, or `null` when the frame is within every cap.
 */
export function scanJsonText(text: string, limits: Required<DecodeLimits>): DecodeFailure | null {
  if (text.length > limits.maxFrameBytes) {
    return frameFailure.tooBig(`frame over ${limits.maxFrameBytes} bytes`);
  }
  const frameBytes = utf8LengthOfText(text, limits.maxFrameBytes);
  if (frameBytes < 0) {
    return frameFailure.notUtf8('frame is not valid UTF-8 (lone surrogate)');
  }
  if (frameBytes > limits.maxFrameBytes)
    return frameFailure.tooBig(`frame over ${limits.maxFrameBytes} bytes`);

  // One entry per open container, the innermost at `depth - 1`: whether it is an object, and
  // its commas so far. The arrays are kept from scan to scan (scans never overlap), so a frame
  // costs no new arrays; entries at `depth` and beyond are stale.
  const isObject = openIsObject;
  const commas = openCommas;
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    const unit = text.charCodeAt(index);
    if (unit === QUOTE) {
      const start = index;
      let stringBytes = 0;
      let escaped = false;
      index += 1;
      while (index < text.length && text.charCodeAt(index) !== QUOTE) {
        const inner = text.charCodeAt(index);
        if (inner === BACKSLASH) {
          escaped = true;
          if (text.charCodeAt(index + 1) === LETTER_U) {
            const code = unicodeEscape(text, index + 1);
            if (code < 0) return frameFailure.malformed('not valid JSON (bad \\u escape)');
            stringBytes += utf8BytesOfUnit(code);
            index += 6;
          } else {
            stringBytes += 1;
            index += 2;
          }
        } else {
          stringBytes += utf8BytesOfUnit(inner);
          index += 1;
        }
        if (stringBytes > limits.maxStringBytes) {
          return frameFailure.tooBig(`string over ${limits.maxStringBytes} bytes`);
        }
      }
      if (index >= text.length)
        return frameFailure.malformed('not valid JSON (unterminated string)');
      if (
        depth > 0 &&
        isObject[depth - 1] === true &&
        stringBytes === 9 &&
        isProtoKey(text, start, index, escaped)
      ) {
        return frameFailure.unsupported('key __proto__ not allowed');
      }
    } else if (unit === OPEN_ARRAY || unit === OPEN_OBJECT) {
      if (depth >= limits.maxDepth)
        return frameFailure.tooBig(`nested over ${limits.maxDepth} deep`);
      isObject[depth] = unit === OPEN_OBJECT;
      commas[depth] = 0;
      depth += 1;
    } else if (unit === CLOSE_ARRAY || unit === CLOSE_OBJECT) {
      if (depth === 0) return frameFailure.malformed('not valid JSON (unbalanced brackets)');
      depth -= 1;
    } else if (unit === COMMA && depth > 0) {
      const top = depth - 1;
      const items = (commas[top] ?? 0) + 2;
      commas[top] = items - 1;
      if (isObject[top] === true && items > limits.maxMapSize) {
        return frameFailure.tooBig(`object over ${limits.maxMapSize} members`);
      }
      if (isObject[top] === false && items > limits.maxArrayLength) {
        return frameFailure.tooBig(`array over ${limits.maxArrayLength} items`);
      }
    }
    index += 1;
  }
  return null;
}
