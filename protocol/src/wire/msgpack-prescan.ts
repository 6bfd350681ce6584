import { type DecodeFailure, type DecodeLimits, frameFailure } from './codec.js';
import { isWellFormedUtf8 } from './utf8.js';

// `__proto__` in UTF-8; msgpackr would silently rename such a key, so it is refused.
const PROTO_KEY = [0x5f, 0x5f, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x5f, 0x5f];

function isProtoKey(bytes: Uint8Array, start: number, length: number): boolean {
  if (length !== PROTO_KEY.length) return false;
  return PROTO_KEY.every((byte, offset) => bytes[start + offset] === byte);
}

/** Big-endian unsigned integer of `size` (1, 2 or 4) bytes at `offset`. */
function readLength(bytes: Uint8Array, offset: number, size: number): number {
  let value = 0;
  for (let index = 0; index < size; index += 1) value = value * 256 + (bytes[offset + index] ?? 0);
  return value;
}

/** Bytes after the type byte that a fixed-size scalar takes, by type byte; 0 for others. */
function scalarBodySize(type: number): number {
  switch (type) {
    case 0xcc: // uint 8
    case 0xd0: // int 8
      return 1;
    case 0xcd: // uint 16
    case 0xd1: // int 16
      return 2;
    case 0xca: // float 32
    case 0xce: // uint 32
    case 0xd2: // int 32
      return 4;
    case 0xcb: // float 64
    case 0xcf: // uint 64
    case 0xd3: // int 64
      return 8;
    default:
      return 0;
  }
}

// The open arrays and maps, the innermost at `depth - 1`: items still to read (a map's keys
// and values both count), and whether it is a map. Kept from scan to scan (scans never
// overlap), so a frame costs no new objects; entries at `depth` and beyond are stale.
const openRemaining: number[] = [];
const openIsMap: boolean[] = [];

/**
 * One linear pass over a MessagePack frame, without allocating per declared length, that
 * refuses before msgpackr sees it:
 * - over a cap (1009, fatal): frame bytes, nesting depth, array length, map size, string
 *   bytes. Declared lengths are checked against the caps and against the bytes left, so a
 *   header claiming 2^32 items costs nothing;
 * - strings that are not valid UTF-8 (1007, fatal, as for a text frame);
 * - malformed (1007): truncated, trailing bytes, the never-used type 0xc1;
 * - outside the data model (1003): ext types (timestamps, records and structured-clone
 *   types included), bin, map keys that are not strings or are `__proto__`.
 * @returns the failure, or `null` when the frame holds exactly one value within every cap.
 */
export function scanMsgpack(
  bytes: Uint8Array,
  limits: Required<DecodeLimits>,
): DecodeFailure | null {
  if (bytes.length > limits.maxFrameBytes)
    return frameFailure.tooBig(`frame over ${limits.maxFrameBytes} bytes`);
  const remaining = openRemaining;
  const isMap = openIsMap;
  let depth = 0;
  let offset = 0;
  do {
    const top = depth - 1;
    // A map's items alternate key, value; `remaining` is even before each key.
    const isKey = top >= 0 && isMap[top] === true && (remaining[top] ?? 0) % 2 === 0;
    if (top >= 0) remaining[top] = (remaining[top] ?? 0) - 1;
    if (offset >= bytes.length) return frameFailure.malformed('MessagePack value truncated');
    const type = bytes[offset] ?? 0;
    offset += 1;

    let stringLength = -1;
    let containerSize = -1;
    let containerIsMap = false;
    if (type <= 0x7f || type >= 0xe0) {
      // positive or negative fixint: no body
    } else if (type <= 0x8f) {
      containerSize = type & 0x0f; // fixmap
      containerIsMap = true;
    } else if (type <= 0x9f) {
      containerSize = type & 0x0f; // fixarray
    } else if (type <= 0xbf) {
      stringLength = type & 0x1f; // fixstr
    } else if (type === 0xc0 || type === 0xc2 || type === 0xc3) {
      // nil, false, true: no body
    } else if (type === 0xc1) {
      return frameFailure.malformed('MessagePack type 0xc1 is never used');
    } else if (type >= 0xc4 && type <= 0xc6) {
      return frameFailure.unsupported('MessagePack bin is not used by nhicard');
    } else if ((type >= 0xc7 && type <= 0xc9) || (type >= 0xd4 && type <= 0xd8)) {
      return frameFailure.unsupported('MessagePack ext types are not used by nhicard');
    } else if (type >= 0xd9 && type <= 0xdb) {
      const size = 1 << (type - 0xd9); // str 8/16/32: 1, 2 or 4 length bytes
      if (offset + size > bytes.length)
        return frameFailure.malformed('MessagePack value truncated');
      stringLength = readLength(bytes, offset, size);
      offset += size;
    } else if (type >= 0xdc && type <= 0xdf) {
      const size = type === 0xdc || type === 0xde ? 2 : 4; // array/map 16 or 32
      if (offset + size > bytes.length)
        return frameFailure.malformed('MessagePack value truncated');
      containerSize = readLength(bytes, offset, size);
      containerIsMap = type >= 0xde;
      offset += size;
    } else {
      offset += scalarBodySize(type);
      if (offset > bytes.length) return frameFailure.malformed('MessagePack value truncated');
    }

    if (isKey && stringLength < 0) return frameFailure.unsupported('map keys must be strings');
    if (stringLength >= 0) {
      if (stringLength > limits.maxStringBytes) {
        return frameFailure.tooBig(`string over ${limits.maxStringBytes} bytes`);
      }
      if (offset + stringLength > bytes.length)
        return frameFailure.malformed('MessagePack value truncated');
      if (!isWellFormedUtf8(bytes, offset, offset + stringLength)) {
        return frameFailure.notUtf8('string is not valid UTF-8');
      }
      if (isKey && isProtoKey(bytes, offset, stringLength)) {
        return frameFailure.unsupported('key __proto__ not allowed');
      }
      offset += stringLength;
    } else if (containerSize >= 0) {
      if (depth >= limits.maxDepth)
        return frameFailure.tooBig(`nested over ${limits.maxDepth} deep`);
      const cap = containerIsMap ? limits.maxMapSize : limits.maxArrayLength;
      if (containerSize > cap) {
        return frameFailure.tooBig(
          containerIsMap ? `map over ${cap} members` : `array over ${cap} items`,
        );
      }
      const items = containerIsMap ? containerSize * 2 : containerSize;
      // Every item takes at least one byte; a count beyond the bytes left is a lie.
      if (items > bytes.length - offset)
        return frameFailure.malformed('MessagePack value truncated');
      if (items > 0) {
        remaining[depth] = items;
        isMap[depth] = containerIsMap;
        depth += 1;
        continue;
      }
    }
    while (depth > 0 && remaining[depth - 1] === 0) depth -= 1;
  } while (depth > 0);
  if (offset !== bytes.length) return frameFailure.malformed('bytes after the MessagePack value');
  return null;
}
