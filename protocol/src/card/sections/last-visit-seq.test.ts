import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyBytes,
  asciiBytes,
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  expectDecodeError,
  hex,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  decodeLastVisitSeq,
  encodeLastVisitSeq,
  LAST_VISIT_SEQ_BYTES,
  type LastVisitSeq,
} from './last-visit-seq.js';

describe('decodeLastVisitSeq', () => {
  it('splits a hand-written buffer into the 3-character prefix and the sequence number', () => {
    const bytes = hex(
      asciiHex('114'), // prefix 0:3
      asciiHex('0012'), // visitSeq 3:4
    );
    expect(decodeLastVisitSeq(bytes)).toStrictEqual({
      prefixRaw: '114',
      visitSeq: '0012',
      warnings: [],
    } satisfies LastVisitSeq);
  });

  it('keeps a lettered sequence code as a string, with a blank prefix', () => {
    expect(decodeLastVisitSeq(hex(spacesHex(3), asciiHex('IC09')))).toStrictEqual({
      prefixRaw: '',
      visitSeq: 'IC09',
      warnings: [],
    } satisfies LastVisitSeq);
  });

  it.each([
    [0, 0],
    [6, 6],
    [8, 7],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(
      () => decodeLastVisitSeq(new Uint8Array(length).fill(0x30)),
      'lastVisitSeq',
      offset,
    );
  });

  it('names the byte offset of a non-ASCII byte', () => {
    expectDecodeError(
      () => decodeLastVisitSeq(hex(asciiHex('11400'), 'ff', '30')),
      'lastVisitSeq',
      5,
    );
  });
});

describe('last visit sequence round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    const valid = fc
      .record({ prefixRaw: asciiCodeArb(3), visitSeq: asciiCodeArb(4) })
      .map((v): LastVisitSeq => ({ ...v, warnings: [] }));
    fc.assert(
      fc.property(valid, (value) => {
        expect(decodeLastVisitSeq(encodeLastVisitSeq(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    fc.assert(
      fc.property(asciiFieldBytes(3), asciiFieldBytes(4), (prefix, seq) => {
        const bytes = asciiBytes(prefix + seq);
        expect(encodeLastVisitSeq(decodeLastVisitSeq(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(bytesOfLength(LAST_VISIT_SEQ_BYTES), anyBytes(20)), (bytes) =>
        onlyResultOrDecodeError(decodeLastVisitSeq, bytes),
      ),
    );
  });
});
