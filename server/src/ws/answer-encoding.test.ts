import { type Codec, jsonCodec, msgpackCodec } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { answeredAgain, encodeAnswer } from './answer-encoding.js';
import { PreparedFrame } from './prepared-frame.js';

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

/** The payload bytes of a frame, and the frame as the codec decodes it off the wire. */
const bytesOf = (frame: string | Uint8Array): Uint8Array =>
  typeof frame === 'string' ? new TextEncoder().encode(frame) : new Uint8Array(frame);
const decodeAs = (codec: Codec, frame: string | Uint8Array) =>
  codec.decode(codec.binary ? bytesOf(frame) : new TextDecoder().decode(bytesOf(frame)));

describe.each([jsonCodec, msgpackCodec])('encodeAnswer over $subprotocol', (codec) => {
  const whole = (id: number, result: unknown) =>
    codec.encode({ type: 'response', id, ok: true, result } as never);

  it.each([0, 1, 65_536, 2 ** 40])('gives the bytes of the whole answer for id %s', (id) => {
    const result = readResult();
    expect(encodeAnswer(codec, id, result)).toStrictEqual(whole(id, result));
    const reused = answeredAgain(readResult());
    for (let answer = 0; answer < 2; answer += 1) {
      const frame = encodeAnswer(codec, id, reused);
      expect(frame).toBeInstanceOf(PreparedFrame);
      expect((frame as PreparedFrame).binary).toBe(codec.binary);
      expect(bytesOf(frame)).toStrictEqual(bytesOf(whole(id, reused)));
    }
  });

  it('frames a reused answer for the network: its WebSocket header, then its bytes', () => {
    const frame = encodeAnswer(codec, 9, answeredAgain(readResult())) as PreparedFrame;
    const length = frame.byteLength;
    expect(length).toBeGreaterThan(125); // a 16-bit length
    const opcode = codec.binary ? 0x82 : 0x81;
    expect([...frame.framed.subarray(0, 4)]).toEqual([opcode, 126, length >> 8, length & 0xff]);
    expect(new Uint8Array(frame.framed.subarray(4))).toStrictEqual(bytesOf(frame));
  });

  it('decodes every answer of a result answered again to its own id', () => {
    const result = answeredAgain(readResult());
    const frames = [1, 2, 300].map((id) => encodeAnswer(codec, id, result));
    expect(frames.map((frame) => decodeAs(codec, frame))).toStrictEqual(
      [1, 2, 300].map((id) => ({ ok: true, value: { type: 'response', id, ok: true, result } })),
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
  it('is encoded once per codec, and never its envelope', () => {
    const json = counting(jsonCodec);
    const msgpack = counting(msgpackCodec);
    const result = answeredAgain(readResult());
    for (const id of [1, 2, 3]) {
      encodeAnswer(json.codec, id, result);
      encodeAnswer(msgpack.codec, id, result);
    }
    expect(json.encoded).toStrictEqual([result]);
    expect(msgpack.encoded).toStrictEqual([result]);
    expect(json.encoded[0]).toBe(result);
  });
});
