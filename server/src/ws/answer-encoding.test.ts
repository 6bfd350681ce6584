import { type Codec, jsonCodec, msgpackCodec } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { answeredAgain, encodeAnswer } from './answer-encoding.js';

/** A cached card.read as the broker answers it (fictional holder). */
const readResult = () => ({
  reader: 'sim-0',
  sections: {
    basic: { cardNumber: '000011112222', name: '林小明', idNumber: 'A123456789', sex: 'M' },
  },
  insertion: 'a1b2c3-1.1',
});

/** The codec, counting what it encodes. */
function counting(codec: Codec): { codec: Codec; encoded: unknown[] } {
  const encoded: unknown[] = [];
  return {
    encoded,
    codec: {
      ...codec,
      encode: (message) => {
        encoded.push(message);
        return codec.encode(message);
      },
    },
  };
}

describe.each([jsonCodec, msgpackCodec])('encodeAnswer over $subprotocol', (codec) => {
  const whole = (id: number, result: unknown) =>
    codec.encode({ type: 'response', id, ok: true, result } as never);

  it.each([0, 1, 65_536, 2 ** 40])(
    'gives the bytes of the whole answer for id %s, reused or not',
    (id) => {
      const result = readResult();
      expect(encodeAnswer(codec, id, result)).toStrictEqual(whole(id, result));
      const reused = answeredAgain(readResult());
      expect(encodeAnswer(codec, id, reused)).toStrictEqual(whole(id, reused));
      expect(encodeAnswer(codec, id, reused)).toStrictEqual(whole(id, reused));
    },
  );

  it('decodes every answer of a result answered again to its own id', () => {
    const result = answeredAgain(readResult());
    const frames = [1, 2, 3].map((id) => encodeAnswer(codec, id, result));
    expect(frames.map((frame) => codec.decode(frame as never))).toStrictEqual(
      [1, 2, 3].map((id) => ({ ok: true, value: { type: 'response', id, ok: true, result } })),
    );
  });

  it('encodes a result not marked as answered again whole, every time', () => {
    const { codec: counted, encoded } = counting(codec);
    const result = readResult();
    encodeAnswer(counted, 1, result);
    encodeAnswer(counted, 2, result);
    expect(encoded).toStrictEqual([
      { type: 'response', id: 1, ok: true, result },
      { type: 'response', id: 2, ok: true, result },
    ]);
  });
});

describe('a result answered again', () => {
  it('is turned into JSON once, then spliced into each envelope', () => {
    const { codec, encoded } = counting(jsonCodec);
    const result = answeredAgain(readResult());
    for (const id of [1, 2, 3]) encodeAnswer(codec, id, result);
    expect(encoded.filter((message) => message === result)).toHaveLength(1);
    expect(encoded).toHaveLength(4); // the result, and the three envelopes around a null
  });

  it('is packed whole in each MessagePack answer (msgpackr packs that faster than it splices)', () => {
    const { codec, encoded } = counting(msgpackCodec);
    const result = answeredAgain(readResult());
    for (const id of [1, 2]) encodeAnswer(codec, id, result);
    expect(encoded).toStrictEqual([
      { type: 'response', id: 1, ok: true, result },
      { type: 'response', id: 2, ok: true, result },
    ]);
  });
});
