import type { Codec, Op, OpResult, RequestId } from '@nhicard/protocol';

/**
 * Results that are answered again and again as the same object (a cached `card.read`, which
 * pages ask for on every form they open), with their JSON once it was made. Weak: a result
 * goes with the card session that made it.
 */
const reusedResults = new WeakMap<object, { json?: string }>();

/**
 * Marks `result` as one that will be answered again unchanged, so it is turned into JSON once
 * and later answers splice that into their envelope. The caller must not change it afterwards.
 */
export function answeredAgain<T extends object>(result: T): T {
  if (!reusedResults.has(result)) reusedResults.set(result, {});
  return result;
}

/**
 * The frame of a successful answer, `{ type: 'response', id, ok: true, result }`.
 *
 * For a result answered again over a text codec, the envelope is encoded with a `null` result
 * and the result's kept JSON put where the `null` ends it: the bytes `JSON.stringify` gives
 * for the whole answer, for about a third of its cost (a 400-byte card read). MessagePack
 * answers are packed whole: msgpackr packs the whole answer faster than it packs the envelope
 * alone and the two are copied together.
 */
export function encodeAnswer(
  codec: Codec,
  id: RequestId,
  result: OpResult[Op],
): string | Uint8Array {
  const answer = { type: 'response', id, ok: true, result } as const;
  const reused = codec.binary ? undefined : reusedResults.get(result as object);
  if (reused === undefined) return codec.encode(answer);
  const envelope = codec.encode({ ...answer, result: null } as never);
  // The result is the envelope's last field, so the text ends in `null}`.
  if (typeof envelope !== 'string' || !envelope.endsWith('null}')) return codec.encode(answer);
  reused.json ??= codec.encode(result as never) as string;
  return `${envelope.slice(0, -5)}${reused.json}}`;
}
