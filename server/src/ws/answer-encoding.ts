import {
  type Codec,
  type EncodedResult,
  encodeResult,
  type Op,
  type OpResult,
  okResponseBytes,
  type RequestId,
  type Subprotocol,
  writeOkResponse,
} from '@nhicard/protocol';
import { PreparedFrame } from './prepared-frame.js';

/**
 * Results that are answered again and again as the same object (a cached `card.read`, which
 * pages ask for on every form they open), with their encoding per codec once it was made.
 * Weak: a result goes with the card session that made it.
 */
const reusedResults = new WeakMap<object, Partial<Record<Subprotocol, EncodedResult>>>();

/**
 * Marks `result` as one that will be answered again unchanged, so it is encoded once per codec
 * and later answers are put together from those bytes. The caller must not change it afterwards.
 */
export function answeredAgain<T extends object>(result: T): T {
  if (!reusedResults.has(result)) reusedResults.set(result, {});
  return result;
}

/**
 * The frame of a successful answer, `{ type: 'response', id, ok: true, result }`.
 *
 * A result answered again is encoded only the first time for each codec; each answer is then
 * the envelope's few bytes and a copy of the result's, written straight into a
 * {@link PreparedFrame} with its WebSocket header: the bytes `codec.encode` gives for the
 * whole answer, without encoding the result (about 400 bytes for a card read) or turning text
 * into UTF-8 again, and without `ws` framing it.
 */
export function encodeAnswer(
  codec: Codec,
  id: RequestId,
  result: OpResult[Op],
): string | Uint8Array {
  const reused = reusedResults.get(result as object);
  if (reused === undefined) return codec.encode({ type: 'response', id, ok: true, result });
  let encoded = reused[codec.subprotocol];
  if (encoded === undefined) {
    encoded = encodeResult(codec, result);
    reused[codec.subprotocol] = encoded;
  }
  const frame = PreparedFrame.blank(okResponseBytes(encoded, id), codec.binary);
  writeOkResponse(frame, 0, encoded, id);
  return frame;
}
