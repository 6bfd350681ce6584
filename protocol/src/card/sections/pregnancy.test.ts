import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyBytes,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  dateFieldBytes,
  digitsArb,
  expectDecodeError,
  hex,
  onlyResultOrDecodeError,
  rocDateArb,
  slotBufferArb,
  slotListArb,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  decodePregnancy,
  encodePregnancy,
  PREGNANCY_BYTES,
  PRENATAL_CHECK_BYTES,
  PRENATAL_CHECK_SLOTS,
  type Pregnancy,
  type PrenatalCheck,
} from './pregnancy.js';

describe('decodePregnancy: hand-written fixture', () => {
  it('keeps the filled slots of 11, each with its slot number', () => {
    const bytes = hex(
      // slot 0
      asciiHex('1140314'), // examDate 0:7 (ROC 114-03-14)
      asciiHex('3501200000'), // hospitalId 7:10
      asciiHex('41'), // examCode 17:2
      // slot 1
      asciiHex('1140411'), // examDate
      asciiHex('3501200000'), // hospitalId
      asciiHex('42'), // examCode
      // slots 2–9: empty (spaces), NULs in slot 9
      spacesHex(7 * 19),
      '00'.repeat(19),
      // slot 10
      asciiHex('0000000'), // examDate, zeros = absent
      asciiHex('0401180014'), // hospitalId
      asciiHex('4A'), // examCode
    );
    expect(bytes.length).toBe(PREGNANCY_BYTES);
    expect(decodePregnancy(bytes)).toStrictEqual({
      checks: [
        {
          slot: 0,
          examDate: '2025-03-14',
          examDateRoc: '1140314',
          hospitalId: '3501200000',
          examCode: '41',
        },
        {
          slot: 1,
          examDate: '2025-04-11',
          examDateRoc: '1140411',
          hospitalId: '3501200000',
          examCode: '42',
        },
        {
          slot: 10,
          examDate: null,
          examDateRoc: '0000000',
          hospitalId: '0401180014',
          examCode: '4A',
        },
      ],
      warnings: [],
    } satisfies Pregnancy);
  });

  it.each([
    [0, 0],
    [19, 19],
    [208, 208],
    [210, 209],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(
      () => decodePregnancy(new Uint8Array(length).fill(0x20)),
      'pregnancy',
      offset,
    );
  });

  it('names the byte offset of a control byte in slot 2', () => {
    const bytes = new Uint8Array(PREGNANCY_BYTES).fill(0x31);
    bytes[2 * 19 + 17] = 0x1b;
    expectDecodeError(() => decodePregnancy(bytes), 'pregnancy', 55);
  });
});

describe('encodePregnancy', () => {
  it('writes a check into its slot from the ISO date alone', () => {
    const check: PrenatalCheck = {
      slot: 1,
      examDate: '2025-03-14',
      examDateRoc: '',
      hospitalId: '3501200000',
      examCode: '41',
    };
    expect(encodePregnancy({ checks: [check], warnings: [] })).toStrictEqual(
      hex(spacesHex(19), asciiHex('1140314350120000041'), spacesHex(9 * 19)),
    );
  });
});

const validCheckArb = (slot: number): fc.Arbitrary<PrenatalCheck> =>
  fc
    .record({
      date: rocDateArb,
      hospitalId: fc.oneof(digitsArb(10), fc.constant('')),
      examCode: fc.oneof(digitsArb(2), fc.constant('')),
    })
    .map((v) => ({
      slot,
      examDate: v.date.iso,
      examDateRoc: v.date.roc,
      hospitalId: v.hospitalId,
      examCode: v.examCode,
    }));

describe('pregnancy round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    const valid = slotListArb(PRENATAL_CHECK_SLOTS, validCheckArb).map(
      (checks): Pregnancy => ({ checks, warnings: [] }),
    );
    fc.assert(
      fc.property(valid, (value) => {
        expect(decodePregnancy(encodePregnancy(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    const record = fc
      .tuple(dateFieldBytes, asciiFieldBytes(10), asciiFieldBytes(2))
      .map((fields) => concatFields(...fields));
    fc.assert(
      fc.property(slotBufferArb(PRENATAL_CHECK_SLOTS, PRENATAL_CHECK_BYTES, record), (bytes) => {
        expect(encodePregnancy(decodePregnancy(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(bytesOfLength(PREGNANCY_BYTES), anyBytes(300)), (bytes) =>
        onlyResultOrDecodeError(decodePregnancy, bytes),
      ),
    );
  });
});
