import type { Codec, Subprotocol } from './codec.js';
import type { RequestId } from './messages.js';

/**
 * A result encoded once by a codec, to be put into many successful responses without being
 * encoded again: a cached `card.read`, which pages ask for on every form they open.
 */
export interface EncodedResult {
  /** The codec it was encoded for. */
  readonly subprotocol: Subprotocol;
  /** The result's own encoding: UTF-8 JSON text, or one MessagePack value. */
  readonly bytes: Uint8Array;
}

const utf8 = new TextEncoder();

/** Encodes `result` once for `codec`'s responses (see {@link writeOkResponse}). */
export function encodeResult(codec: Codec, result: unknown): EncodedResult {
  const encoded = codec.encode(result as never);
  const bytes = typeof encoded === 'string' ? utf8.encode(encoded) : encoded.slice();
  return { subprotocol: codec.subprotocol, bytes };
}

// `{"type":"response","id":` <id> `,"ok":true,"result":` <result> `}`: the text
// `JSON.stringify` gives for the response, its fields in the order OkResponseMessage has them.
const JSON_HEAD = utf8.encode('{"type":"response","id":');
const JSON_MIDDLE = utf8.encode(',"ok":true,"result":');
const JSON_TAIL = 0x7d; // }

// The same response in MessagePack, as msgpackr packs it with the codec's options:
const MSGPACK_HEAD = Uint8Array.of(
  0x84, // fixmap of 4 entries
  0xa4, // fixstr of 4 bytes: "type"
  ...utf8.encode('type'),
  0xa8, // fixstr of 8 bytes: "response"
  ...utf8.encode('response'),
  0xa2, // fixstr of 2 bytes: "id", its value next (msgpackIdBytes)
  ...utf8.encode('id'),
);
const MSGPACK_MIDDLE = Uint8Array.of(
  0xa2, // fixstr of 2 bytes: "ok"
  ...utf8.encode('ok'),
  0xc3, // true
  0xa6, // fixstr of 6 bytes: "result", the encoded result next
  ...utf8.encode('result'),
);

/**
 * How many bytes MessagePack takes for an id (a safe integer ≥ 0): the smallest unsigned
 * form up to 32 bits, a float64 beyond, as msgpackr writes numbers.
 */
function msgpackIdBytes(id: RequestId): number {
  if (id < 0x80) return 1; // positive fixint
  if (id < 0x100) return 2; // 0xcc, uint 8
  if (id < 0x10000) return 3; // 0xcd, uint 16
  if (id < 0x1_0000_0000) return 5; // 0xce, uint 32
  return 9; // 0xcb, float 64
}

function writeMsgpackId(target: Uint8Array, offset: number, id: RequestId): void {
  if (id < 0x80) {
    target[offset] = id;
  } else if (id < 0x100) {
    target[offset] = 0xcc;
    target[offset + 1] = id;
  } else if (id < 0x10000) {
    target[offset] = 0xcd;
    target[offset + 1] = id >>> 8;
    target[offset + 2] = id & 0xff;
  } else if (id < 0x1_0000_0000) {
    target[offset] = 0xce;
    target[offset + 1] = id >>> 24;
    target[offset + 2] = (id >>> 16) & 0xff;
    target[offset + 3] = (id >>> 8) & 0xff;
    target[offset + 4] = id & 0xff;
  } else {
    // Past 32 bits (ids this large are rare): big-endian IEEE 754 double.
    target[offset] = 0xcb;
    new DataView(target.buffer, target.byteOffset + offset + 1, 8).setFloat64(0, id);
  }
}

/** The byte length of the successful response to request `id` carrying `encoded`. */
export function okResponseBytes(encoded: EncodedResult, id: RequestId): number {
  const { length } = encoded.bytes;
  if (encoded.subprotocol === 'nhicard.v1.msgpack') {
    return MSGPACK_HEAD.length + msgpackIdBytes(id) + MSGPACK_MIDDLE.length + length;
  }
  return JSON_HEAD.length + String(id).length + JSON_MIDDLE.length + length + 1;
}

/**
 * Writes the successful response `{ type: 'response', id, ok: true, result }` to request `id`
 * into `target` at `offset`, the result being `encoded`: the same bytes `codec.encode` gives
 * for the whole response, for the cost of a copy. `target` needs
 * {@link okResponseBytes} bytes from `offset`. `id` is a request id the parser accepted (a
 * safe integer ≥ 0).
 */
export function writeOkResponse(
  target: Uint8Array,
  offset: number,
  encoded: EncodedResult,
  id: RequestId,
): void {
  let at = offset;
  if (encoded.subprotocol === 'nhicard.v1.msgpack') {
    target.set(MSGPACK_HEAD, at);
    at += MSGPACK_HEAD.length;
    writeMsgpackId(target, at, id);
    at += msgpackIdBytes(id);
    target.set(MSGPACK_MIDDLE, at);
    target.set(encoded.bytes, at + MSGPACK_MIDDLE.length);
    return;
  }
  target.set(JSON_HEAD, at);
  at += JSON_HEAD.length;
  // A safe integer's decimal digits, as JSON.stringify writes it (never an exponent).
  const digits = String(id);
  for (let index = 0; index < digits.length; index += 1)
    target[at + index] = digits.charCodeAt(index);
  at += digits.length;
  target.set(JSON_MIDDLE, at);
  at += JSON_MIDDLE.length;
  target.set(encoded.bytes, at);
  target[at + encoded.bytes.length] = JSON_TAIL;
}
