import { describe, expect, it } from 'vitest';
import type { Codec } from './codec.js';
import { jsonCodec } from './json-codec.js';
import { MAX_REQUEST_ID } from './message-limits.js';
import { msgpackCodec } from './msgpack-codec.js';
import { encodeResult, okResponseBytes, writeOkResponse } from './reused-result.js';

/** A cached card.read as the broker answers it (a fictional holder). */
const readResult = {
  reader: 'sim-0',
  sections: {
    basic: { cardNumber: '000011112222', name: '林小明', idNumber: 'A123456789', sex: 'M' },
  },
  insertion: 'a1b2c3-1.1',
};

/** Every length form of an id in MessagePack (fixint, uint 8/16/32, float 64), at its edges. */
const IDS = [
  0,
  1,
  127,
  128,
  255,
  256,
  65_535,
  65_536,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 40,
  MAX_REQUEST_ID,
];

const bytesOf = (frame: string | Uint8Array): Uint8Array =>
  typeof frame === 'string' ? new TextEncoder().encode(frame) : frame;

describe.each([jsonCodec, msgpackCodec] as Codec[])(
  'a reused result over $subprotocol',
  (codec) => {
    const encoded = encodeResult(codec, readResult);

    it.each(IDS)('gives the bytes codec.encode gives for the whole response, id %s', (id) => {
      const whole = bytesOf(codec.encode({ type: 'response', id, ok: true, result: readResult }));
      expect(okResponseBytes(encoded, id)).toBe(whole.length);
      const target = new Uint8Array(whole.length);
      writeOkResponse(target, 0, encoded, id);
      expect(target).toStrictEqual(whole);
    });

    it('writes at an offset and touches nothing outside its bytes', () => {
      const length = okResponseBytes(encoded, 300);
      const target = new Uint8Array(length + 8).fill(0xee);
      writeOkResponse(target, 4, encoded, 300);
      expect([...target.subarray(0, 4), ...target.subarray(4 + length)]).toEqual(
        Array(8).fill(0xee),
      );
      const frame = codec.binary
        ? target.subarray(4, 4 + length)
        : new TextDecoder().decode(target.subarray(4, 4 + length));
      expect(codec.decode(frame)).toStrictEqual({
        ok: true,
        value: { type: 'response', id: 300, ok: true, result: readResult },
      });
    });

    it("keeps its own copy of the result's bytes", () => {
      const before = [...encoded.bytes];
      codec.encode({
        type: 'event',
        topic: 'server.notice',
        seq: 1,
        data: { other: 'x'.repeat(64) },
      } as never);
      expect([...encoded.bytes]).toEqual(before);
      expect(encoded.subprotocol).toBe(codec.subprotocol);
    });
  },
);
